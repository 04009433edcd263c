"""What the community centres' pages show, ready-made in the reader's language; and the
consent facts the office and the citizen's own page show too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dzong.applications.models import Application
from dzong.applications.services import form_for
from dzong.catalogue.models import ServiceVersion
from dzong.centres import cash
from dzong.centres.collection import ready_to_collect
from dzong.centres.models import AssistedApplication, CashHandover, Centre, Operator
from dzong.centres.services import requests_of
from dzong.engine.formatting import format_moment, format_money
from dzong.payments.presenters import language

CHOOSE_FILE = _("Choose the photo or scan of the signed consent form")
CHOOSE_METHOD = _("Choose how the citizen consents")
CHOOSE_CENTRE = _("Choose a centre")
IDENTITY_FAILED = _("The national identity could not confirm the citizen. Try again.")

METHODS = {
    "sms_code": _("A one-time code sent by SMS to the citizen's phone"),
    "national_identity": _("The citizen's national digital identity"),
    "paper": _("A consent form signed on paper, photographed and attached"),
    "wallet": _("The citizen's national identity wallet, on their own phone"),
}
CONSENT_STATES = {
    "pending": _("Waiting for consent"),
    "given": _("Consent given"),
    "refused": _("Consent refused"),
    "expired": _("Consent expired"),
}
STATUSES = {
    "draft": _("Being filled in"),
    "submitted": _("Submitted"),
    "approved": _("Approved"),
    "rejected": _("Rejected"),
}


def money(amount: int, currency: str = "BTN") -> str:
    return format_money(amount, currency, language())


def moment(value: dt.datetime | None, lang: str = "") -> str:
    return format_moment(timezone.localtime(value), lang or language()) if value else ""


def services(lang: str) -> list[tuple[str, str]]:
    """The services a citizen may apply for: slug and title."""
    return [
        (version.service.slug, version.definition.title.get(lang))
        for version in ServiceVersion.objects.catalogue()
    ]


def made_by(operator: Operator, lang: str) -> list[dict[str, Any]]:
    """The operator's requests still in reach: those waiting for consent or stopped today,
    and the applications the operator may still see."""
    visible = set(Application.objects.assisted_by(operator.user).values_list("pk", flat=True)[:200])
    since = timezone.now() - dt.timedelta(days=1)
    rows = []
    for assisted in requests_of(operator)[:200]:
        shown = assisted.application_id in visible
        if not shown and (assisted.application_id is not None or assisted.arrived_at < since):
            continue
        rows.append(_row(assisted, lang, shown))
    return rows


def _row(assisted: AssistedApplication, lang: str, shown: bool) -> dict[str, Any]:
    state = assisted.consent
    if assisted.consent_lapsed(timezone.now()):
        state = "expired"
    application = assisted.application
    return {
        "service": assisted.service_version.definition.title.get(lang),
        "arrived": moment(assisted.arrived_at, lang),
        "reference": application.reference if application and shown else "",
        "state": STATUSES[application.status] if application else CONSENT_STATES[state],
        "url": reverse("centres:application", args=[application.reference])
        if application and shown
        else reverse("centres:consent", args=[assisted.pk]),
    }


def consent_facts(assisted: AssistedApplication, lang: str) -> list[tuple[Any, str]]:
    """How the citizen consented, when, and to which operator at which centre."""
    return [
        (_("Applied for by"), f"{assisted.operator.full_name or assisted.operator}"),
        (_("Community centre"), f"{assisted.centre.name}, {assisted.centre.gewog}"),
        (_("Consent"), str(METHODS.get(assisted.consent_method, ""))),
        (_("Consent given"), moment(assisted.consent_at, lang)),
    ]


def consent_of(application: Application, lang: str) -> list[tuple[Any, str]]:
    """The consent facts of an application made at a community centre; none otherwise."""
    found = (
        AssistedApplication.objects.filter(application=application, consent="given")
        .select_related("operator", "centre")
        .first()
    )
    return consent_facts(found, lang) if found is not None else []


def application_page(assisted: AssistedApplication, lang: str) -> dict[str, Any]:
    """The operator's page of one application."""
    application = assisted.application
    assert application is not None
    form = form_for(application, language=lang)
    due = cash.cash_due(assisted)
    return {
        "assisted": assisted,
        "application": application,
        "service": form.service.title.get(lang),
        "status": STATUSES[application.status],
        "consent": consent_facts(assisted, lang),
        "fill_url": reverse("portal:application", args=[application.reference])
        if application.is_draft
        else "",
        "due": money(due) if due else "",
        "receipts": [
            {
                "reference": p.reference,
                "amount": money(p.amount, p.currency),
                "at": moment(p.paid_at),
            }
            for p in application.payments.filter(centre_cash__isnull=False, status="paid")
        ],
        "certificates": list(application.certificates.exclude(pdf="").filter(status="issued")),
    }


def cash_page(operator: Operator, closed: str) -> dict[str, Any]:
    """The operator's cash not yet handed over, and the handover just closed."""
    entries = list(cash.open_entries(operator))
    handover = (
        CashHandover.objects.filter(operator=operator.user, pk=closed).first()
        if closed.isdigit()
        else None
    )
    return {
        "centre": operator.centre,
        "entries": [
            {
                "reference": entry.payment.application.reference,
                "receipt": entry.payment.counter_receipt,
                "amount": money(entry.payment.amount, entry.payment.currency),
                "at": moment(entry.taken_at),
            }
            for entry in entries
        ],
        "total": money(sum(entry.payment.amount for entry in entries)),
        "closed": {"total": money(handover.total, handover.currency), "to": handover.handed_to}
        if handover
        else None,
    }


def waiting(centre: Centre, lang: str) -> list[dict[str, str]]:
    """The documents waiting at the centre."""
    return [
        {
            "reference": assisted.application.reference,
            "service": assisted.service_version.definition.title.get(lang),
            "decided": moment(assisted.application.decided_at, lang),
        }
        for assisted in ready_to_collect(centre)
        if assisted.application is not None
    ]
