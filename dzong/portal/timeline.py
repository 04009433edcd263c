"""What happened to an application, and what comes next, in the applicant's words."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from dzong.applications.models import Application, Event
from dzong.certificates.events import KINDS as CERTIFICATE_EVENTS
from dzong.certificates.events import describe_certificate_event
from dzong.engine.definition import Service
from dzong.engine.formatting import format_date, format_moment


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
    if event.kind == Event.Kind.MOVED:
        step = service.steps.get(event.to_step)
        if step is None or step.type != "human":  # automatic steps and ends say nothing new
            return ""
        return _("Passed to: %(step)s") % {"step": step.name.get(language)}
    if event.kind == Event.Kind.REGISTERED:
        return _registered(event, service, language)
    if event.kind in CERTIFICATE_EVENTS:
        return describe_certificate_event(event, service, language)
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
    if application.status == Application.Status.APPROVED:
        return _("Your application is approved. Keep your registration numbers.")
    if application.status == Application.Status.REJECTED:
        return _("Your application was not approved.")
    step = application.definition.steps.get(application.step)
    if step is None:
        return _("Your application is being processed.")
    values = {"step": step.name.get(language)}
    if application.step_due:
        values["date"] = format_date(timezone.localdate(application.step_due), language)
        return _("Next: %(step)s, expected by %(date)s.") % values
    return _("Next: %(step)s.") % values
