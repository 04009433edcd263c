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


def _key(email: str) -> str:
    # A digest, so that no email address is kept in the cache in clear.
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return f"dzong:sign-in-failures:{digest}"


def is_locked_out(email: str) -> bool:
    """Too many wrong passwords for this address lately: refuse for a while."""
    failures: int = cache.get(_key(email), 0)
    return failures >= settings.DZONG_SIGN_IN_MAX_FAILURES


def record_failure(email: str) -> None:
    """Count one wrong password; the count lapses after the lockout period."""
    key = _key(email)
    period = settings.DZONG_SIGN_IN_LOCKOUT_SECONDS
    if not cache.add(key, 1, timeout=period):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=period)


def clear_failures(email: str) -> None:
    cache.delete(_key(email))
