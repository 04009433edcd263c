"""What happened to an application, and what comes next, in the applicant's words."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from dzong.appeals.presenters import describe_appeal_event
from dzong.applications.models import Application, Event
from dzong.catalogue.models import Agency
from dzong.certificates.events import KINDS as CERTIFICATE_EVENTS
from dzong.certificates.events import describe_certificate_event
from dzong.engine.definition import Service
from dzong.engine.formatting import format_date, format_moment
from dzong.engine.workflow import find_step
from dzong.payments.refund_notices import describe_refund_event
from dzong.workflow.queries import PARTLY_APPROVED, shown_status
from dzong.workflow.reminders import describe_reminder


@dataclass(frozen=True)
class Moment:
    """One line of the timeline."""

    when: str
    what: str


def timeline(application: Application, language: str) -> list[Moment]:
    """The application's events, oldest first, as the applicant reads them."""
    service = application.definition
    return [
        Moment(format_moment(timezone.localtime(event.created_at), language), text)
        for event in application.events.all()
        if (text := _describe(event, service, language))
    ]


def _describe(event: Event, service: Service, language: str) -> str:
    if reminder := describe_reminder(event):
        return reminder
    if event.kind == Event.Kind.MOVED and event.details.get("sent_back"):
        return _("Sent back to you for corrections")
    if event.kind == Event.Kind.MOVED:
        step = find_step(service, event.to_step)
        if step is None or step.type != "human":  # automatic steps and ends say nothing new
            return ""
        return _("Passed to: %(step)s") % {"step": step.name.get(language)}
    if event.kind == Event.Kind.REGISTERED:
        return _registered(event, service, language)
    if event.kind == Event.Kind.APPROVED and event.details.get("partly"):
        return _("Application partly approved")
    if event.kind in CERTIFICATE_EVENTS:
        return describe_certificate_event(event, service, language)
    if event.kind == Event.Kind.REFUNDED:
        return describe_refund_event(event, language)
    if appealed := describe_appeal_event(event):
        return appealed
    texts = {
        Event.Kind.STARTED: _("Application started"),
        Event.Kind.SUBMITTED: _("Application submitted"),
        Event.Kind.APPROVED: _("Application approved"),
        Event.Kind.REJECTED: _("Application not approved"),
        Event.Kind.REMINDED: _("Reminder sent that the draft is unfinished"),
    }
    return texts.get(Event.Kind(event.kind), "")


def _registered(event: Event, service: Service, language: str) -> str:
    code = event.details.get("registration", "")
    registration = next((r for r in service.registrations if r.code == code), None)
    name = registration.name.get(language) if registration else code
    return _("%(registration)s issued: %(number)s") % {
        "registration": name,
        "number": event.details.get("number", ""),
    }


def next_step(application: Application, language: str) -> str:
    """What happens next, in one sentence."""
    if application.is_draft:
        return _("Finish your answers and submit the application.")
    if shown_status(application) == PARTLY_APPROVED:
        return _(
            "Some of your registrations are approved and the others are not. "
            "Keep your registration numbers."
        )
    if application.status == Application.Status.APPROVED:
        return _("Your application is approved. Keep your registration numbers.")
    if application.status == Application.Status.REJECTED:
        return _("Your application was not approved.")
    if application.corrections.filter(resubmitted_at__isnull=True).exists():
        return _("Correct your application and send it again.")
    task = application.tasks.filter(status="open").order_by("due_at", "pk").first()
    code, due = (task.step, task.due_at) if task else (application.step, application.step_due)
    step = find_step(application.definition, code)
    if step is None or step.type == "end":
        return _("Your application is being processed.")
    values = {"step": step.name.get(language)}
    if due:
        values["date"] = format_date(timezone.localdate(due), language)
        return _("Next: %(step)s, expected by %(date)s.") % values
    return _("Next: %(step)s.") % values


def decision_reason(application: Application) -> str:
    """The reason the officer gave for rejecting, for the applicant to read."""
    if application.status != Application.Status.REJECTED:
        return ""
    rejected = application.events.filter(kind=Event.Kind.REJECTED).last()
    return str(rejected.details.get("reason", "")) if rejected else ""


def holding_agency(application: Application) -> str:
    """The agency that holds the application now (its open task's), in the active language."""
    task = application.tasks.filter(status="open").first()
    if task is None:
        return ""
    agency = Agency.objects.filter(code=task.agency).first()
    return agency.name if agency else ""
