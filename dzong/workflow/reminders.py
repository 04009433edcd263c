"""Reminding applicants that the deadline for the corrections sent back to them is near.

An applicant has `DZONG_CORRECTION_DAYS` working days to correct what an officer sent back;
`DZONG_CORRECTION_REMINDER_DAYS` working days before that deadline they get one email.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dzong.applications.models import Event
from dzong.applications.services import note_events
from dzong.engine.formatting import format_date
from dzong.notifications.services import send_message, site_url
from dzong.workflow.calendar import add_working_days
from dzong.workflow.models import Correction, Holiday


def describe_reminder(event: Event) -> str | None:
    """What a reminder event says in a timeline, when it is about a correction deadline."""
    if event.kind == Event.Kind.REMINDED and event.details.get("correction"):
        return str(REMINDED_OF_CORRECTIONS)
    return None


REMINDED_OF_CORRECTIONS = gettext_lazy("Reminder sent of the deadline for corrections")


def correction_deadline(requested_at: dt.datetime, holidays: set[dt.date]) -> dt.date:
    """The last day the applicant has to correct what was sent back on `requested_at`."""
    return add_working_days(
        timezone.localdate(requested_at), settings.DZONG_CORRECTION_DAYS, holidays
    )


def remind_of_corrections(*, now: dt.datetime | None = None) -> int:
    """Email each applicant whose correction deadline is near, once; the number reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    holidays = set(
        Holiday.objects.filter(date__gte=today - dt.timedelta(days=366)).values_list(
            "date", flat=True
        )
    )
    notice_until = add_working_days(today, settings.DZONG_CORRECTION_REMINDER_DAYS, holidays)
    count = 0
    open_ones = Correction.objects.filter(
        resubmitted_at__isnull=True, application__is_test=False
    ).select_related("application__applicant", "application__service_version")
    for correction in open_ones:
        deadline = correction_deadline(correction.requested_at, holidays)
        if today <= deadline <= notice_until and _remind(correction, deadline):
            count += 1
    return count


def _remind(correction: Correction, deadline: dt.date) -> bool:
    """Send the reminder unless it was sent already (an event records it, in one transaction)."""
    application = correction.application
    with transaction.atomic():
        sent = Event.objects.select_for_update().filter(
            application=application, kind=Event.Kind.REMINDED, details__correction=correction.pk
        )
        if sent.exists():
            return False
        note_events(
            [
                Event(
                    application=application,
                    kind=Event.Kind.REMINDED,
                    details={"correction": correction.pk, "deadline": deadline.isoformat()},
                )
            ]
        )
        _send(correction, deadline)
    return True


def _send(correction: Correction, deadline: dt.date) -> None:
    application = correction.application
    language = application.language
    with translation.override(language):
        subject = _("Correct your application %(reference)s by %(date)s") % {
            "reference": application.reference,
            "date": format_date(deadline, language),
        }
        body = _(
            "We sent your application %(reference)s to %(service)s back to you for corrections."
            "\n\nPlease correct it and submit it again by %(date)s:\n%(link)s\n"
        ) % {
            "reference": application.reference,
            "service": application.definition.title.get(language),
            "date": format_date(deadline, language),
            "link": site_url(reverse("portal:application", args=[application.reference])),
        }
    send_message(
        to=application.applicant,
        event="corrections_reminder",
        subject=subject,
        body=body,
        language=language,
        application=application,
    )
