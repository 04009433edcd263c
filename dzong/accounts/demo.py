"""The demo's staff accounts: their address, and their current code without an app."""

from __future__ import annotations

import time

from django.conf import settings

from dzong.accounts import totp
from dzong.accounts.models import StaffSecret, User

DEMO_DOMAIN = "demo.dzong.test"


def demo_staff(role: str, agency: str) -> User:
    """The demo's member of staff holding `role` in `agency` (load_demo makes one per role)."""
    return User.objects.get(email=f"{role}@{agency}.{DEMO_DOMAIN}")


class NotTheDemo(Exception):
    """Codes are printed only for the demo's own accounts, with the demo switched on."""


def demo_in_use() -> bool:
    """The demo (DZONG_DEMO) or a development installation (DZONG_DEBUG) is running."""
    return bool(settings.DEBUG or settings.DZONG_DEMO)


def current_demo_code(*, email: str, now: float | None = None) -> tuple[str, int]:
    """A demo staff account's code that signs in now, and the seconds it stays valid.

    A code already used cannot be used again, so after a sign-in this is the next one."""
    address = email.strip().lower()
    domain = address.rpartition("@")[2]
    if not demo_in_use() or not (domain == DEMO_DOMAIN or domain.endswith(f".{DEMO_DOMAIN}")):
        raise NotTheDemo(address)
    secret = StaffSecret.objects.filter(user__email=address, user__is_staff=True).first()
    if secret is None:
        raise NotTheDemo(address)
    moment = time.time() if now is None else now
    step = max(totp.current_step(moment), secret.last_step + 1)
    left = (step + 1) * totp.PERIOD - int(moment)
    return totp.code_at(secret.secret, step), left
