"""Consent by a one-time code sent by SMS to the citizen's phone, through the accounts' one
one-time code service (`dzong.accounts.one_time_codes`, purpose "consent")."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dzong.centres.models import AssistedApplication
from dzong.centres.services import CentreRefused, audit_act, give_consent, locked_pending

PURPOSE = "consent"


class OneTimeCodes(Protocol):
    """What this module uses of the one-time code service."""

    CodeRefused: type[Exception]

    def send_code(
        self, *, mobile_number: str, purpose: str, language: str, context: str = ""
    ) -> Any: ...

    def check_code(
        self, *, code_id: int, entered: str, mobile_number: str | None = None
    ) -> Any: ...


def _service() -> OneTimeCodes | None:
    if importlib.util.find_spec("dzong.accounts.one_time_codes") is None:
        return None
    found: OneTimeCodes = importlib.import_module("dzong.accounts.one_time_codes")
    return found


SMS_CONSENT_READY = _service() is not None


def send_consent_code(*, assisted: AssistedApplication) -> AssistedApplication:
    """Send the citizen a code to read out to the operator (again: a new code)."""
    codes = _service()
    if codes is None:
        raise CentreRefused({"code": _("Consent by SMS code is not available yet.")})
    with transaction.atomic():
        locked = locked_pending(assisted, timezone.now())
        sent = codes.send_code(
            mobile_number=locked.mobile_number,
            purpose=PURPOSE,
            language=locked.language,
            context=locked.centre.name,
        )
        locked.consent_code_id = sent.pk
        locked.save(update_fields=["consent_code_id"])
        audit_act(locked, "centre.consent_code_sent", {})
    return locked


def confirm_code(*, assisted: AssistedApplication, entered: str) -> AssistedApplication:
    """The code the citizen read out: right, and consent is given; CentreRefused otherwise."""
    codes = _service()
    if codes is None or assisted.consent_code_id is None:
        raise CentreRefused({"code": _("Send the citizen a code first.")})
    try:
        codes.check_code(
            code_id=assisted.consent_code_id,
            entered=entered.strip()[:12],
            mobile_number=assisted.mobile_number,
        )
    except codes.CodeRefused as refused:
        raise CentreRefused({"code": str(getattr(refused, "message", refused))}) from refused
    return give_consent(assisted=assisted, method=AssistedApplication.Method.SMS_CODE)
