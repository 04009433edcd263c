"""What the application screen shows a member of staff, gathered for the template."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dzong.accounts.models import User
from dzong.applications.models import Application, Attachment, Event
from dzong.applications.services import form_for
from dzong.catalogue.models import Agency
from dzong.certificates.models import Certificate
from dzong.engine.definition import Action, Service
from dzong.engine.formatting import format_date, format_moment
from dzong.engine.registrations import applicable_registrations
from dzong.engine.workflow import find_step
from dzong.portal.answer_summary import AnswerSummary, stored_fee_lines
from dzong.workflow.models import Task
from dzong.workflow.queries import PARTLY_APPROVED, is_supervisor, shown_status
from dzong.workflow.reminders import describe_reminder
from dzong.workflow.services import may_act, open_correction, open_corrections


@dataclass(frozen=True)
class Line:
    """One line of the staff's timeline."""

    when: str
    what: str
    who: str
    reason: str


@dataclass(frozen=True)
class OpenTask:
    """An open task with what this member of staff may do about it."""

    task: Task
    step: str
    due: str
    overdue: bool
    actions: tuple[Action, ...]
    may_claim: bool
    colleagues: tuple[Any, ...]


@dataclass(frozen=True)
class DocumentLine:
    """An uploaded file, and whether a later file sent for corrections replaced it."""

    file: Attachment
    replaced: bool


@dataclass(frozen=True)
class RegistrationLine:
    """Where one registration stands: its state, step, who holds its task, due, number."""

    code: str
    name: str
    agency: str
    state: str
    outcome: str
    step: str
    holder: str
    due: str
    overdue: bool
    number: str


@dataclass(frozen=True)
class CertificateLine:
    """A certificate of the application, and whether this member of staff may revoke it."""

    certificate: Certificate
    title: str
    status: str
    in_force: bool
    may_manage: bool


def language() -> str:
    return "dz" if get_language() == "dz" else "en"


def moment(value: Any) -> str:
    return format_moment(timezone.localtime(value), language()) if value else ""


def due_date(value: Any) -> str:
    return format_date(timezone.localdate(value), language()) if value else ""


def step_name(service: Service, code: str) -> str:
    step = find_step(service, code)
    return step.name.get(language()) if step else code


def screen(application: Application, staff: Any) -> dict[str, Any]:
    """Everything the application screen shows."""
    lang = language()
    form = form_for(application, language=lang)
    service = application.definition
    return {
        "application": application,
        "service": service.title.get(lang),
        "step": step_name(service, application.step),
        "status": status_label(shown_status(application)),
        "sections": AnswerSummary(form, application, editable=False).sections(),
        "fees": stored_fee_lines(application, lang),
        "attachments": document_lines(application),
        "registrations": [
            r.name.get(lang) for r in applicable_registrations(form, application.answers)
        ],
        "registration_lines": registration_lines(application),
        "issued": list(application.registrations.all()),
        "certificates": certificate_lines(application, staff),
        "timeline": timeline(application),
        "notes": list(application.notes.select_related("author")),
        "tasks": open_tasks(application, staff),
        "correction": open_correction(application),
        "field_choices": field_choices(application),
        "reads": list(application.reads.select_related("staff")[:20]),
    }


def status_label(status: str) -> str:
    """An application's shown status in the active language."""
    labels = {
        "draft": _("Draft"),
        "submitted": _("In progress"),
        "approved": _("Approved"),
        PARTLY_APPROVED: _("Partly approved"),
        "rejected": _("Rejected"),
    }
    return str(labels.get(status, status))


def certificate_lines(application: Application, staff: Any) -> list[CertificateLine]:
    """The application's certificates (those signed), newest last."""
    statuses = {
        Certificate.Status.ISSUED: _("In force"),
        Certificate.Status.REVOKED: _("Revoked"),
        Certificate.Status.REPLACED: _("Replaced"),
    }
    return [
        CertificateLine(
            certificate=c,
            title=c.title(language()),
            status=statuses.get(Certificate.Status(c.status), c.status),
            in_force=c.status == Certificate.Status.ISSUED,
            may_manage=is_supervisor(staff, c.agency),
        )
        for c in application.certificates.ready().order_by("pk")
    ]


def field_choices(application: Application) -> list[tuple[str, str]]:
    """The fields an officer may send back (documents too), by their labels."""
    return [(f.code, f.label.get(language())) for _, f in application.definition.fields()]


def document_lines(application: Application) -> list[DocumentLine]:
    """Every file uploaded, current ones first; those replaced for corrections stay listed."""
    current = {
        answer.get("attachment")
        for answer in application.answers.values()
        if isinstance(answer, dict) and "attachment" in answer
    }
    lines = [DocumentLine(f, f.pk not in current) for f in application.attachments.order_by("pk")]
    return sorted(lines, key=lambda line: line.replaced)


def registration_lines(application: Application) -> list[RegistrationLine]:
    """Each registration that applies: its state, step, who holds its task, due date, number."""
    service, lang, now = application.definition, language(), timezone.now()
    names = {r.code: r.name.get(lang) for r in service.registrations}
    numbers = {r.code: r.number for r in application.registrations.all()}
    waiting = {c.registration for c in open_corrections(application)}
    tasks = {
        t.registration or "": t
        for t in application.tasks.exclude(status=Task.Status.DONE).select_related("assignee")
    }
    agencies = {a.code: a.name for a in Agency.objects.all()}
    lines = []
    for state in application.registration_states.all():
        key = state.code if state.own_steps else ""
        task = tasks.get(key)
        lines.append(
            RegistrationLine(
                code=state.code,
                name=names.get(state.code, state.code),
                agency=agencies.get(state.agency, state.agency),
                state=_state(state.outcome, key in waiting),
                outcome=state.outcome,
                step=step_name(service, state.step or application.step),
                holder=_holder(task) if task and not state.outcome else "",
                due=due_date(task.due_at) if task and not state.outcome else "",
                overdue=bool(task and not state.outcome and task.is_overdue(now)),
                number=numbers.get(state.code, ""),
            )
        )
    return lines


def _state(outcome: str, waiting_for_applicant: bool) -> str:
    if outcome == "approved":
        return _("Granted")
    if outcome == "rejected":
        return _("Refused")
    if waiting_for_applicant:
        return _("Waiting for the applicant's corrections")
    return _("Waiting for a decision")


def _holder(task: Task) -> str:
    if task.status == Task.Status.WAITING:
        return _("The applicant")
    if task.assignee is not None:
        return str(task.assignee.email)
    return _("Nobody has taken it yet")


def open_tasks(application: Application, staff: Any) -> list[OpenTask]:
    service, now = application.definition, timezone.now()
    shown = []
    for task in application.tasks.filter(status=Task.Status.OPEN).select_related("assignee"):
        step = find_step(service, task.step)
        if step is None:
            continue
        allowed = step.actions if may_act(task, staff) else ()
        shown.append(
            OpenTask(
                task=task,
                step=step.name.get(language()),
                due=due_date(task.due_at),
                overdue=task.is_overdue(now),
                actions=tuple(allowed),
                may_claim=bool(allowed) and task.assignee_id is None,
                colleagues=_colleagues(task, staff),
            )
        )
    return shown


def _colleagues(task: Task, staff: Any) -> tuple[Any, ...]:
    """Whom a supervisor may give the task to: staff holding its role in its agency."""
    if not is_supervisor(staff, task.agency):
        return ()
    holders = User.objects.filter(
        is_active=True,
        staff_roles__role__agency__code=task.agency,
        staff_roles__role__code=task.role,
    )
    return tuple(holders.order_by("email"))


def timeline(application: Application) -> list[Line]:
    """Every event, oldest first, with who did it and the reason given."""
    service = application.definition
    return [
        Line(
            moment(event.created_at),
            describe(event, service),
            str(event.actor) if event.actor else _("Automatic"),
            str(event.details.get("reason", "")),
        )
        for event in application.events.select_related("actor")
    ]


def describe(event: Event, service: Service) -> str:
    """One event in the staff's words."""
    if reminder := describe_reminder(event):
        return reminder
    if event.kind == Event.Kind.MOVED and event.details.get("sent_back"):
        return _("Sent back for corrections at %(step)s") % {
            "step": step_name(service, event.from_step)
        }
    if event.kind == Event.Kind.MOVED:
        return _("Moved from %(from)s to %(to)s") % {
            "from": step_name(service, event.from_step) if event.from_step else "-",
            "to": step_name(service, event.to_step),
        }
    texts = {
        Event.Kind.STARTED: _("Started"),
        Event.Kind.SUBMITTED: _("Submitted"),
        Event.Kind.APPROVED: _("Partly approved") if event.details.get("partly") else _("Approved"),
        Event.Kind.REJECTED: _("Rejected"),
        Event.Kind.REGISTERED: _("Registration issued: %(number)s")
        % {"number": event.details.get("number", "")},
        Event.Kind.REMINDED: _("Reminded of the draft"),
        Event.Kind.CERTIFICATE_ISSUED: _("Certificate issued"),
        Event.Kind.CERTIFICATE_REVOKED: _("Certificate revoked"),
        Event.Kind.CERTIFICATE_REISSUED: _("Certificate reissued"),
    }
    return texts.get(Event.Kind(event.kind), event.kind)
