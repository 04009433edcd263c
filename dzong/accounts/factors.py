"""A member of staff's second factors as a whole: the authenticator app, passkeys and one-time
recovery codes; changing them oneself, and an administrator's reset (see administration)."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from dzong.accounts import totp
from dzong.accounts.models import Passkey, RecoveryCode, StaffSecret, User
from dzong.accounts.sealing import seal
from dzong.accounts.services import clear_failures, is_locked_out, record_failure
from dzong.accounts.staff import LockedOut
from dzong.audit.services import actor_of, append

RECOVERY_CODES = 10
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
CODE_LENGTH = 16  # about 79 bits: a digest of one cannot be guessed back
CODE_INPUT_LIMIT = 40


class LastFactor(Exception):
    """Removing this would leave the member of staff no second factor."""


def _record(user: User, action: str) -> None:
    append(actor=actor_of(user), action=f"staff.{action}", subject=f"staff:{user.pk}", data={})


def _digest(user: User, code: str) -> str:
    return hashlib.sha256(f"dzong-recovery-code:{user.pk}:{code}".encode()).hexdigest()


def _normalised(code: str) -> str:
    return "".join(c for c in code.lower() if c.isalnum())


def has_authenticator(user: User) -> bool:
    """Whether the user confirmed an authenticator app."""
    return StaffSecret.objects.filter(user=user, confirmed_at__isnull=False).exists()


def recovery_codes_left(user: User) -> int:
    """How many of the user's recovery codes are still unused."""
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


@transaction.atomic
def new_recovery_codes(*, user: User) -> list[str]:
    """Ten new one-time codes in place of all the user's old ones, to be shown once."""
    codes = [
        "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH)) for _ in range(RECOVERY_CODES)
    ]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, digest=_digest(user, c)) for c in codes
    )
    _record(user, "recovery-codes-made")
    return ["-".join(code[i : i + 4] for i in range(0, CODE_LENGTH, 4)) for code in codes]


def use_recovery_code(*, user: User, code: str, address: str = "") -> bool:
    """Whether the code is one of the user's unused recovery codes (then it is used up, and
    recorded); a wrong one counts as a failure, as a wrong authenticator code does."""
    email = user.email or ""
    if is_locked_out(email, address=address):
        raise LockedOut(email)
    code = _normalised(code[:CODE_INPUT_LIMIT])
    with transaction.atomic():
        unused = RecoveryCode.objects.filter(user=user, used_at__isnull=True)
        found = unused.select_for_update().filter(digest=_digest(user, code)).first()
        if found is not None:
            found.used_at = timezone.now()
            found.save(update_fields=["used_at"])
            _record(user, "recovery-code-used")
    if found is None:
        record_failure(email, address=address)
        return False
    clear_failures(email)
    return True


@transaction.atomic
def remove_passkey(*, user: User, passkey: Passkey) -> None:
    """Remove one of the user's passkeys; LastFactor if nothing else would be left."""
    if passkey.user_id != user.pk:
        raise ValueError("Another person's passkey.")
    # Locking the user's passkeys keeps two removals at once from leaving none.
    held = list(Passkey.objects.select_for_update().filter(user=user).values_list("pk", flat=True))
    others = [pk for pk in held if pk != passkey.pk]
    if not others and not has_authenticator(user):
        raise LastFactor(user.pk)
    passkey.delete()
    _record(user, "passkey-removed")


def new_authenticator_secret() -> str:
    """A fresh secret for setting up the authenticator app again (kept until confirmed)."""
    return totp.new_secret()


@transaction.atomic
def replace_authenticator(*, user: User, secret: str, code: str, address: str = "") -> bool:
    """Put a new authenticator app's secret in place of the old one, if the code shows the app
    has it; a wrong code counts as a failure."""
    email = user.email or ""
    if is_locked_out(email, address=address):
        raise LockedOut(email)
    step = totp.matching_step(secret, code)
    if step is None:
        record_failure(email, address=address)
        return False
    StaffSecret.objects.update_or_create(
        user=user,
        defaults={"sealed_secret": seal(secret), "confirmed_at": timezone.now(), "last_step": step},
    )
    _record(user, "authenticator-replaced")
    return True


def forget_factors(user: User) -> None:
    """Remove every second factor of the user: they enrol again at their next sign-in."""
    Passkey.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    StaffSecret.objects.filter(user=user).delete()
