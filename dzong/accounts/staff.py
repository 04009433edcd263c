"""Staff sign-in to the back office: a password, then a TOTP code, with the same lockout."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from dzong.accounts import totp
from dzong.accounts.limits import client_address
from dzong.accounts.models import StaffSecret, User
from dzong.accounts.sealing import seal
from dzong.accounts.services import clear_failures, is_locked_out, record_failure

ISSUER = "Dzong back office"


class LockedOut(Exception):
    """Too many failures for this address lately."""


def check_staff_password(*, request: HttpRequest, email: str, password: str) -> User | None:
    """The member of staff with this email and password; None (a failure counted) otherwise.

    Applicants cannot sign in here: the back office is for staff only.
    """
    address = client_address(request)
    if is_locked_out(email, address=address):
        raise LockedOut(email)
    user = authenticate(request, username=email.strip().lower(), password=password)
    if user is None or not user.is_staff or not user.is_active:
        record_failure(email, address=address)
        return None
    assert isinstance(user, User)
    return user


def secret_for(user: User) -> StaffSecret:
    """The member of staff's TOTP secret, made on first need (not yet confirmed)."""
    sealed = seal(totp.new_secret())
    found, _ = StaffSecret.objects.get_or_create(user=user, defaults={"sealed_secret": sealed})
    return found


def enrolment_uri(secret: StaffSecret) -> str:
    """The otpauth:// address for an authenticator app."""
    return totp.provisioning_uri(secret.secret, account=secret.user.email or "", issuer=ISSUER)


@transaction.atomic
def check_staff_code(*, user: User, code: str, address: str = "") -> bool:
    """Whether the code is right (and not used before); the first right code confirms enrolment."""
    email = user.email or ""  # staff always have one
    if is_locked_out(email, address=address):
        raise LockedOut(email)
    secret = StaffSecret.objects.select_for_update().filter(user=user).first()
    step = totp.matching_step(secret.secret, code) if secret else None
    if secret is None or step is None or step <= secret.last_step:
        record_failure(email, address=address)
        return False
    secret.last_step = step
    secret.confirmed_at = secret.confirmed_at or timezone.now()
    secret.save(update_fields=["last_step", "confirmed_at"])
    clear_failures(email)
    return True


def enrol_staff(*, user: User, secret: str | None = None) -> StaffSecret:
    """Give a member of staff a confirmed secret (for the demo and for administrators)."""
    found, _ = StaffSecret.objects.update_or_create(
        user=user,
        defaults={
            "sealed_secret": seal(secret or totp.new_secret()),
            "confirmed_at": timezone.now(),
        },
    )
    return found
