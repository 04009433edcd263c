"""Changing accounts: registering applicants, and refusing guessed passwords for a while."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.db import IntegrityError, transaction

from dzong.accounts.limits import count_hit
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


def choose_language(*, user: User, language: str) -> None:
    """Keep the language a person chose as their account's, for pages and messages."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(language)
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


def _key(kind: str, email: str) -> str:
    # A digest, so that no email address is kept in the cache in clear.
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return f"dzong:sign-in-{kind}:{digest}"


def _address_key(kind: str, address: str) -> str:
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"dzong:sign-in-address-{kind}:{digest}"


def is_locked_out(email: str, *, address: str = "") -> bool:
    """Too many wrong passwords for this account, or from this address, lately: refuse."""
    keys = [_key("lock", email)] + ([_address_key("lock", address)] if address else [])
    return bool(cache.get_many(keys))


def record_failure(email: str, *, address: str = "") -> None:
    """Count one wrong password for the account and the address it came from.

    Reaching a limit refuses the account (or the address) for the whole period; failures are
    counted over the same period as the lockout, from the first one.
    """
    period = settings.DZONG_SIGN_IN_LOCKOUT_SECONDS
    _count_towards_lock(_key, email, limit=settings.DZONG_SIGN_IN_MAX_FAILURES, period=period)
    if address:
        limit = settings.DZONG_SIGN_IN_MAX_FAILURES_PER_ADDRESS
        _count_towards_lock(_address_key, address, limit=limit, period=period)


def _count_towards_lock(
    key: Callable[[str, str], str], subject: str, *, limit: int, period: int
) -> None:
    """One more failure for the subject; at the limit it is locked for the period, and its
    count starts again."""
    if count_hit(key("failures", subject), period=period) >= limit:
        cache.set(key("lock", subject), True, timeout=period)
        cache.delete(key("failures", subject))


def clear_failures(email: str) -> None:
    """Forget an account's wrong passwords and lock, after signing in or a new password.

    An address's count is kept: one account of one's own must not reset it."""
    cache.delete_many([_key("failures", email), _key("lock", email)])
