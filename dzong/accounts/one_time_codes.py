"""One-time codes sent by SMS: proof that a person holds a mobile number, for signing in,
signing up, or consenting to something done for them.

`send_code` sends six random digits to a number and records only their HMAC; `check_code`
accepts them once, before they expire, and locks a code after five wrong tries. Codes sent to
one number are limited (three in ten minutes, ten a day) so that no one floods a phone.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dzong.accounts.limits import count_hit
from dzong.engine.formatting import format_number

WRONG_TRIES = 5
# (codes, seconds): no more than this many codes to one number in each period.
SENDING_LIMITS = ((3, 10 * 60), (10, 24 * 3600))
_TIBETAN_DIGITS = str.maketrans("༠༡༢༣༤༥༦༧༨༩", "0123456789")


class OneTimeCode(models.Model):
    """A code sent by SMS to a mobile number for one purpose, kept as a hash; used once."""

    class Purpose(models.TextChoices):
        SIGN_IN = "sign-in", "Sign in"
        SIGN_UP = "sign-up", "Sign up"
        CONSENT = "consent", "Consent"
        CONFIRM_NUMBER = "confirm-number", "Confirm a mobile number"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mobile_number = models.CharField(max_length=16)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64)
    context = models.CharField(max_length=100, blank=True, help_text="The caller's reference.")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "accounts"
        indexes = [models.Index(fields=["mobile_number", "-created_at"], name="codes_by_number")]

    def __str__(self) -> str:
        return f"{self.purpose} code {self.pk}"

    def matches(self, entered: str) -> bool:
        """Whether `entered` is this code (compared in constant time)."""
        return hmac.compare_digest(self.code_hash, _digest(self.pk, entered))


class CodeRefused(Exception):
    """A code was not sent or not accepted: `reason` for the code, `message` for the person."""

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = message or str(_MESSAGES[reason]())


_MESSAGES = {
    "too_many": lambda: _("Too many codes were sent to this number. Try again later."),
    "wrong": lambda: _("The code is not right. Check the text message and type it again."),
    "expired": lambda: _("The code has expired. Ask for a new code."),
    "used": lambda: _("The code has been used already. Ask for a new code."),
    "locked": lambda: _("The code was typed wrongly too many times. Ask for a new code."),
}


def _digest(code_id: uuid.UUID, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{code_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _count_sending(mobile_number: str) -> None:
    """Count one more code to the number; CodeRefused once any limit is passed."""
    digest = hashlib.sha256(mobile_number.encode()).hexdigest()[:32]
    for most, period in SENDING_LIMITS:
        if count_hit(f"dzong:codes-sent-{period}:{digest}", period=period) > most:
            raise CodeRefused("too_many")


def code_text(code: str, language: str) -> str:
    """The text message that carries a code, in `language` (the minutes in its digits; the code
    in the digits a phone's keypad types)."""
    minutes = format_number(settings.DZONG_ONE_TIME_CODE_SECONDS // 60, language)
    with translation.override(language):
        return _(
            "Your Dzong code is %(code)s. It works for %(minutes)s minutes. "
            "Never tell it to anyone, not even staff."
        ) % {"code": code, "minutes": minutes}


def send_code(*, mobile_number: str, purpose: str, language: str, context: str = "") -> OneTimeCode:
    """Send a new code by SMS to the number (any way it is written) for `purpose`, in
    `language`; CodeRefused("too_many") past the sending limits, ValueError for a number
    that is not one."""
    from dzong.accounts.models import normalise_mobile
    from dzong.notifications.services import send_text

    number = normalise_mobile(mobile_number)
    purpose = OneTimeCode.Purpose(purpose)
    _count_sending(number)
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    row = OneTimeCode(
        mobile_number=number,
        purpose=purpose,
        context=context[:100],
        created_at=now,
        expires_at=now + timedelta(seconds=settings.DZONG_ONE_TIME_CODE_SECONDS),
    )
    row.code_hash = _digest(row.pk, code)
    with transaction.atomic():
        row.save(force_insert=True)
        send_text(
            to=number, event=f"code-{purpose}", text=code_text(code, language), language=language
        )
    return row


def check_code(
    *, code_id: uuid.UUID | str, entered: str, mobile_number: str | None = None
) -> OneTimeCode:
    """Accept the code typed for the code `code_id` (sent to `mobile_number`, when given):
    the code, marked used; else CodeRefused, a wrong code counted towards locking it."""
    entered = entered.translate(_TIBETAN_DIGITS).replace(" ", "")[:20]
    with transaction.atomic():
        row = _row_to_check(code_id, mobile_number)
        if row.used_at is not None:
            raise CodeRefused("used")
        if row.attempts >= WRONG_TRIES:
            raise CodeRefused("locked")
        if row.expires_at <= timezone.now():
            raise CodeRefused("expired")
        right = row.matches(entered)
        if right:
            row.used_at = timezone.now()
        else:
            row.attempts += 1
        row.save(update_fields=["used_at", "attempts"])
    if not right:  # the try is counted (committed) before it is refused
        raise CodeRefused("locked" if row.attempts >= WRONG_TRIES else "wrong")
    return row


def forget_expired_codes(*, kept_for: timedelta = timedelta(days=1)) -> int:
    """Delete the codes expired more than `kept_for` ago (their numbers are personal data);
    safe to run twice or at once. How many."""
    deleted, _by_model = OneTimeCode.objects.filter(
        expires_at__lt=timezone.now() - kept_for
    ).delete()
    return deleted


def _row_to_check(code_id: uuid.UUID | str, mobile_number: str | None) -> OneTimeCode:
    """The code, locked for this transaction; a code that does not exist (or was sent to
    another number) is refused as expired, telling nothing of other people's codes."""
    from dzong.accounts.models import normalise_mobile

    rows = OneTimeCode.objects.select_for_update()
    try:
        if mobile_number is not None:
            rows = rows.filter(mobile_number=normalise_mobile(mobile_number))
        return rows.get(pk=uuid.UUID(str(code_id)))
    except (ValueError, OneTimeCode.DoesNotExist) as error:
        raise CodeRefused("expired") from error
