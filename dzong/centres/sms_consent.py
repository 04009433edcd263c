"""Consent by a one-time code sent by SMS to the citizen's phone, through the accounts' one
one-time code service (purpose "consent"), read out by the citizen to the operator."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dzong.accounts.one_time_codes import CodeRefused, OneTimeCode, check_code, send_code
from dzong.centres.models import AssistedApplication
from dzong.centres.services import CentreRefused, audit_act, give_consent, locked_pending


def send_consent_code(*, assisted: AssistedApplication) -> AssistedApplication:
    """Send the citizen a code to read out to the operator (again: a new code, the earlier
    one no longer taken); CentreRefused past the sending limits or once stopped."""
    with transaction.atomic():
        locked = locked_pending(assisted, timezone.now())
        try:
            sent = send_code(
                mobile_number=locked.mobile_number,
                purpose=OneTimeCode.Purpose.CONSENT,
                language=locked.language,
                context=f"assisted:{locked.pk}",
            )
        except CodeRefused as refused:
            raise CentreRefused({"code": refused.message}) from refused
        locked.consent_code_id = sent.pk
        locked.save(update_fields=["consent_code_id"])
        audit_act(locked, "centre.consent_code_sent", {})
    return locked


def confirm_code(*, assisted: AssistedApplication, entered: str) -> AssistedApplication:
    """The code the citizen read out: right, and consent is given; CentreRefused otherwise."""
    if assisted.consent_code_id is None:
        raise CentreRefused({"code": _("Send the citizen a code first.")})
    try:
        check_code(
            code_id=assisted.consent_code_id,
            entered=entered,
            mobile_number=assisted.mobile_number,
        )
    except CodeRefused as refused:
        raise CentreRefused({"code": refused.message}) from refused
    return give_consent(assisted=assisted, method=AssistedApplication.Method.SMS_CODE)
