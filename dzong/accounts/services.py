"""Changing accounts: registering applicants, and refusing guessed passwords for a while."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.db import IntegrityError, transaction

from dzong.accounts.models import User


class EmailTaken(Exception):
    """An account with this email address exists already."""


@transaction.atomic
def register_applicant(*, email: str, password: str, full_name: str, language: str) -> User:
    """A new applicant account; ValidationError for a weak password, EmailTaken for a repeat."""
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email=email).exists():
        raise EmailTaken(email)
    validate_password(password, User(email=email, full_name=full_name))
    try:
        with transaction.atomic():
            return User.objects.create_user(
                email, password, full_name=full_name.strip(), preferred_language=language
            )
    except IntegrityError as error:  # two sign-ups at once
        raise EmailTaken(email) from error


def _key(kind: str, email: str) -> str:
    # A digest, so that no email address is kept in the cache in clear.
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return f"dzong:sign-in-{kind}:{digest}"


def is_locked_out(email: str) -> bool:
    """Too many wrong passwords for this address lately: refuse for a while."""
    return cache.get(_key("lock", email)) is not None


def record_failure(email: str) -> None:
    """Count one wrong password; reaching the limit refuses the address for the whole period.

    Failures are counted over the same period as the lockout, from the first one.
    """
    period = settings.DZONG_SIGN_IN_LOCKOUT_SECONDS
    if _count_failure(_key("failures", email), period) >= settings.DZONG_SIGN_IN_MAX_FAILURES:
        cache.set(_key("lock", email), True, timeout=period)
        cache.delete(_key("failures", email))


def _count_failure(key: str, period: int) -> int:
    if cache.add(key, 1, timeout=period):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the count lapsed in between
        cache.set(key, 1, timeout=period)
        return 1


def clear_failures(email: str) -> None:
    """Forget wrong passwords and any lock, after signing in or choosing a new password."""
    cache.delete_many([_key("failures", email), _key("lock", email)])
