"""Appealing a rejection and complaining about a service; deciding and answering them.

An appeal is lodged by the applicant within the period the service sets after the rejection
(`appeals.within_days`, 30 by default), once per decision. It is a task for the role the
service names (`appeals.role`; the agency's supervisors by default), due in
`appeals.deadline_days` working days, and no officer who acted on the application may decide
it, whatever roles they hold. Upheld, the rejection stands. Overturned, the rejection is set
aside and the application goes back to the step whose officer rejected it (or, rejected by a
rule, to the first step worked by people), as a new task: its officers decide again, and
what they decide follows the workflow as any decision does.

A complaint about a service's quality goes to the agency's administrator, who answers it.
Both have their own reference and status, are recorded as events of the application (its
timeline and the audit log), and the applicant is told by message of each.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dzong.accounts.administration import ADMINISTRATOR, administers
from dzong.appeals.models import TEXT_LIMIT, Appeal
from dzong.applications.models import Application, Event, RegistrationState
from dzong.applications.numbers import new_reference
from dzong.applications.services import form_for, record_events
from dzong.engine.definition import Service
from dzong.notifications.services import site_url, tell_applicant_once
from dzong.workflow.moves import advance, advance_registration, due_after
from dzong.workflow.queries import SUPERVISOR, is_supervisor, staff_roles
from dzong.workflow.services import events_of

COMPLAINT_DEADLINE_DAYS = 10  # working days for the administrator to answer


class AppealRefused(Exception):
    """The appeal or complaint cannot be made, decided or answered; `message` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def appeal_ends(application: Application) -> dt.datetime | None:
    """The last moment the applicant may appeal its rejection; None when not rejected."""
    if application.status != Application.Status.REJECTED or application.decided_at is None:
        return None
    return application.decided_at + dt.timedelta(days=application.definition.appeals.within_days)


def may_appeal(application: Application, now: dt.datetime | None = None) -> bool:
    """Rejected, within the service's period, and not yet appealed since its decision."""
    ends = appeal_ends(application)
    if ends is None or (now or timezone.now()) > ends:
        return False
    since = application.appeals.filter(
        kind=Appeal.Kind.APPEAL, created_at__gte=application.decided_at
    )
    return not since.exists()


def may_complain(application: Application) -> bool:
    """Submitted, and no complaint of it still waiting for an answer."""
    waiting = application.appeals.filter(kind=Appeal.Kind.COMPLAINT, status=Appeal.Status.OPEN)
    return not application.is_draft and not application.is_test and not waiting.exists()


def _checked_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise AppealRefused(_("Say why, in a few words."))
    if len(text) > TEXT_LIMIT:
        raise AppealRefused(_("Write at most %(limit)d characters.") % {"limit": TEXT_LIMIT})
    return text


def lodge_appeal(
    *, application: Application, applicant: Any, text: str, now: dt.datetime | None = None
) -> Appeal:
    """The applicant appeals the rejection: a task for the service's appeal role."""
    now = now or timezone.now()
    text = _checked_text(text)
    if application.applicant_id != applicant.pk:
        raise AppealRefused(_("Only the applicant may appeal."))
    with transaction.atomic():
        Application.objects.select_for_update().filter(pk=application.pk).first()
        if not may_appeal(application, now):
            raise AppealRefused(_("This application can no longer be appealed."))
        agency, role = appeal_role(application.definition)
        settings = application.definition.appeals
        appeal = _create(application, Appeal.Kind.APPEAL, text, agency, role, now)
        appeal.due_at = due_after(now, settings.deadline_days)
        appeal.save(update_fields=["due_at"])
        _record(appeal, Event.Kind.APPEALED, applicant, {})
        _tell(appeal, "appeal_received")
    return appeal


def appeal_role(service: Service) -> tuple[str, str]:
    """The (agency, role) that decides the service's appeals."""
    code = service.appeals.role
    role = next((r for r in service.roles if r.code == code), None) if code else None
    return (role.agency, role.code) if role else (service.agency, SUPERVISOR)


def lodge_complaint(
    *, application: Application, applicant: Any, text: str, now: dt.datetime | None = None
) -> Appeal:
    """The applicant complains about the service: for the agency's administrator."""
    now = now or timezone.now()
    text = _checked_text(text)
    if application.applicant_id != applicant.pk:
        raise AppealRefused(_("Only the applicant may complain about this application."))
    with transaction.atomic():
        Application.objects.select_for_update().filter(pk=application.pk).first()
        if not may_complain(application):
            raise AppealRefused(_("Your complaint about this application is being looked at."))
        agency = application.definition.agency
        complaint = _create(application, Appeal.Kind.COMPLAINT, text, agency, ADMINISTRATOR, now)
        complaint.due_at = due_after(now, COMPLAINT_DEADLINE_DAYS)
        complaint.save(update_fields=["due_at"])
        _record(complaint, Event.Kind.COMPLAINED, applicant, {})
        _tell(complaint, "complaint_received")
    return complaint


def _create(
    application: Application, kind: str, text: str, agency: str, role: str, now: dt.datetime
) -> Appeal:
    prefix = "AP" if kind == Appeal.Kind.APPEAL else "CP"
    return Appeal.objects.create(
        reference=f"{prefix}-{new_reference()[3:]}",
        kind=kind,
        application=application,
        applicant_id=application.applicant_id,
        text=text,
        agency=agency,
        role=role,
        created_at=now,
    )


def deciders(application: Application) -> set[int]:
    """The members of staff who acted on the application (moved or decided it)."""
    actors = application.events.filter(actor__is_staff=True).values_list("actor_id", flat=True)
    return set(actors)


def may_decide(appeal: Appeal, staff: Any) -> bool:
    """An open appeal, for a role this person holds in its agency (or they supervise it; an
    administrator for a complaint), and never someone who acted on the application."""
    if not appeal.is_open or not getattr(staff, "is_active", False):
        return False
    if staff.pk in deciders(appeal.application):
        return False
    if appeal.kind == Appeal.Kind.COMPLAINT:
        return administers(staff, appeal.agency)
    held = (appeal.agency, appeal.role) in staff_roles(staff)
    return held or is_supervisor(staff, appeal.agency)


def decide_appeal(
    *, appeal: Appeal, staff: Any, overturn: bool, reason: str, now: dt.datetime | None = None
) -> Appeal:
    """Uphold or overturn the rejection; overturned, the application is considered again."""
    now = now or timezone.now()
    reason = _checked_text(reason)
    if appeal.kind != Appeal.Kind.APPEAL or not may_decide(appeal, staff):
        raise AppealRefused(_("You may not decide this appeal."))
    status = Appeal.Status.OVERTURNED if overturn else Appeal.Status.UPHELD
    with transaction.atomic():
        _claim(appeal, staff, status, reason, now)
        details = {"outcome": str(status), "reason": reason}
        if overturn:
            _reopen(appeal.application, staff, now, {"appeal": appeal.reference})
        _record(appeal, Event.Kind.APPEAL_DECIDED, staff, details)
        _tell(appeal, f"appeal_{status}")
    return appeal


def answer_complaint(
    *, complaint: Appeal, staff: Any, answer: str, now: dt.datetime | None = None
) -> Appeal:
    """The agency's administrator answers a complaint; the applicant is told the answer."""
    now = now or timezone.now()
    answer = _checked_text(answer)
    if complaint.kind != Appeal.Kind.COMPLAINT or not may_decide(complaint, staff):
        raise AppealRefused(_("You may not answer this complaint."))
    with transaction.atomic():
        _claim(complaint, staff, Appeal.Status.ANSWERED, answer, now)
        _record(complaint, Event.Kind.COMPLAINT_ANSWERED, staff, {})
        _tell(complaint, "complaint_answered")
    return complaint


def _claim(appeal: Appeal, staff: Any, status: str, answer: str, now: dt.datetime) -> None:
    """Close the appeal only if it is still open: two decisions at once make one."""
    closed = Appeal.objects.filter(pk=appeal.pk, status=Appeal.Status.OPEN).update(
        status=status, decided_by=staff, decided_at=now, answer=answer
    )
    if not closed:
        raise AppealRefused(_("Someone else has already decided this."))
    appeal.refresh_from_db()


def _reopen(
    application: Application, staff: Any, now: dt.datetime, details: dict[str, Any]
) -> None:
    """Set the rejection aside: back to the step whose officer rejected it, as a new task."""
    Application.objects.select_for_update().filter(pk=application.pk).first()
    task = application.tasks.filter(status="done").order_by("-closed_at", "-pk").first()
    form = form_for(application)
    rejected = application.registration_states.filter(outcome=RegistrationState.Outcome.REJECTED)
    _undecide(application, now)
    if task is not None and task.registration:
        rejected.filter(code=task.registration).update(outcome="", decided_at=None)
        moves = advance_registration(
            application=application,
            form=form,
            registration=task.registration,
            step_code=task.step,
            now=now,
            actor=staff,
            details=details,
        )
    else:
        rejected.filter(own_steps=False).update(outcome="", decided_at=None)
        step = task.step if task is not None else _first_human_step(application.definition)
        moves = advance(
            application=application,
            form=form,
            step_code=step,
            now=now,
            save=_save_moved,
            actor=staff,
            details=details,
        )
    record_events(events_of(application=application, form=form, moves=moves, now=now))


def _first_human_step(service: Service) -> str:
    step = next((s for s in service.steps.values() if s.type == "human"), None)
    if step is None:
        raise AppealRefused(_("This service has no step to consider the application again."))
    return step.code


def _undecide(application: Application, now: dt.datetime) -> None:
    application.status = Application.Status.SUBMITTED
    application.decided_at = None
    application.updated_at = now
    application.save(update_fields=["status", "decided_at", "updated_at"])


def _save_moved(application: Application) -> None:
    application.save(update_fields=["step", "step_due", "status", "decided_at", "updated_at"])


def _record(appeal: Appeal, kind: str, actor: Any, details: dict[str, Any]) -> None:
    event = Event(
        application=appeal.application,
        kind=kind,
        actor=actor,
        details={"appeal": appeal.reference, "kind": appeal.kind, **details},
    )
    record_events([event])


SUBJECTS = {
    "appeal_received": gettext_lazy("We received your appeal %(reference)s"),
    "appeal_upheld": gettext_lazy("Your appeal %(reference)s: the decision stands"),
    "appeal_overturned": gettext_lazy(
        "Your appeal %(reference)s: your application will be considered again"
    ),
    "complaint_received": gettext_lazy("We received your complaint %(reference)s"),
    "complaint_answered": gettext_lazy("Your complaint %(reference)s was answered"),
}


def _tell(appeal: Appeal, event: str) -> None:
    """Tell the applicant by message, in their language, once per appeal and event."""
    application = appeal.application
    with translation.override(application.language):
        subject = str(SUBJECTS[event]) % {"reference": appeal.reference}
        body = _("About application %(application)s.\n\n%(answer)s\n\nSee it here: %(link)s") % {
            "application": application.reference,
            "answer": appeal.answer,
            "link": site_url(reverse("portal:application", args=[application.reference])),
        }
    tell_applicant_once(
        application=application,
        event=event,
        subject=subject,
        body=body,
        once_key=f"{appeal.reference}-{event}",
    )
