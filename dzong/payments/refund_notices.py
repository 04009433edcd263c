"""Telling the applicant that fees were given back: a line in the application's timeline and
a recorded message, in their language."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dzong.applications.models import Event
from dzong.applications.services import note_events
from dzong.engine.formatting import format_money
from dzong.notifications.services import site_url, tell_applicant_once
from dzong.payments.models import Payment, PaymentEvent


def tell_of_refund(*, payment: Payment, refunded: PaymentEvent, amount: int) -> None:
    """Record the refund in the application's history and message the applicant, once."""
    application = payment.application
    details = {"payment": payment.reference, "amount": amount, "currency": payment.currency}
    counter = refunded.source == "counter"
    note_events(
        [
            Event(
                application=application,
                kind=Event.Kind.REFUNDED,
                actor=refunded.actor,
                details=details | {"counter": counter},
            )
        ]
    )
    language = application.language
    values = {
        "amount": format_money(amount, payment.currency, language),
        "reference": application.reference,
        "link": site_url(reverse("portal:application", args=[application.reference])),
    }
    with translation.override(language):
        subject = _("Fees refunded for %(reference)s") % values
        body = (
            _("%(amount)s was handed back to you at the counter for application %(reference)s.")
            if counter
            else _(
                "%(amount)s of the fees for application %(reference)s has been refunded the way "
                "you paid. It may take a few days to reach your account."
            )
        ) % values
        body += "\n\n" + _("Your application's page:\n%(link)s\n") % values
    tell_applicant_once(
        application=application,
        event="refunded",
        subject=subject,
        body=body,
        once_key=f"refunded:{refunded.pk}",
    )


def describe_refund_event(event: Event, language: str) -> str:
    """The timeline's line about fees given back."""
    amount = format_money(
        int(event.details.get("amount", 0)), str(event.details.get("currency", "BTN")), language
    )
    if event.details.get("counter"):
        return _("%(amount)s handed back at the counter") % {"amount": amount}
    return _("%(amount)s refunded the way you paid") % {"amount": amount}
