"""Sign in with a code sent by SMS to one's mobile number, for people with a phone and no
email address: the account that holds the number, or a new one made for it.

The codes are `dzong.accounts.one_time_codes`; this module is what Dzong makes of a number
proved by one: whose account it is, a new account holding it, or an account made with email
and password taking it on. One number, one account (the column is unique).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dzong.accounts.identity import SignInMethod, register
from dzong.accounts.models import User

CODE = "sms-code"
logger = logging.getLogger("dzong.accounts.sms_sign_in")


@register(CODE)
class SmsCodeSignIn(SignInMethod):
    """A code sent by SMS to the mobile number of the account (made on first sign-in)."""

    label = _("a code sent to your mobile phone")

    def start_url(self) -> str:
        return reverse("accounts:sms_code")


class NumberRefused(Exception):
    """The number cannot sign in here or be taken on: `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def record_refusal(reason: str) -> None:
    """Keep a refused sign-in in the log: the reason only, never the number or the code."""
    logger.warning("SMS code sign-in refused: %s", reason)


def account_holding(mobile_number: str) -> User | None:
    """The account that holds the number (proved by a code), if any; NumberRefused for an
    account that cannot sign in here (staff sign in to the back office only)."""
    user = User.objects.filter(mobile_number=mobile_number).first()
    if user is not None and (user.is_staff or not user.is_active):
        raise NumberRefused("account_not_for_applicants")
    return user


def sign_up(*, mobile_number: str, full_name: str, language: str) -> User:
    """A new applicant account holding a number a code has just proved; NumberRefused if
    another account took the number meanwhile."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(language)
    user = User(
        email=None,
        mobile_number=mobile_number,
        full_name=full_name.strip()[:200],
        preferred_language=language,
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save(force_insert=True)
    except IntegrityError as error:
        raise NumberRefused("number_holds_another_account") from error
    return user


def take_on_number(*, user: User, mobile_number: str) -> None:
    """Give an account the number a code sent to it has just proved, unless the number
    already holds another account."""
    try:
        with transaction.atomic():
            taken = User.objects.filter(mobile_number=mobile_number).exclude(pk=user.pk)
            if taken.exists():
                raise NumberRefused("number_holds_another_account")
            User.objects.filter(pk=user.pk).update(mobile_number=mobile_number)
    except IntegrityError as error:  # taken by another account at the same moment
        raise NumberRefused("number_holds_another_account") from error
    user.mobile_number = mobile_number
