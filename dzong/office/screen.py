"""What the application screen shows a member of staff, gathered for the template."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from dzong.accounts.models import User
from dzong.appeals.presenters import appeal_rows, describe_appeal_event
from dzong.applications.history import CHANGED, DELETED, UNLOGGED, LoggedEvent, events_against_log
from dzong.applications.models import Application, Attachment, Event
from dzong.applications.services import fields_shown, form_for
from dzong.catalogue.models import Agency
from dzong.certificates.models import Certificate
from dzong.engine.definition import Action, Field, Service
from dzong.engine.form import Form
from dzong.engine.formatting import format_date, format_moment, format_number
from dzong.engine.placeholders import display_answer
from dzong.engine.registrations import applicable_registrations
from dzong.engine.workflow import find_step
from dzong.portal.answer_summary import AnswerSummary, stored_fee_lines
from dzong.workflow.models import Task
from dzong.workflow.queries import PARTLY_APPROVED, is_supervisor, shown_status
from dzong.workflow.reminders import describe_reminder
from dzong.workflow.services import logged_reads, may_act, open_correction, open_corrections


@dataclass(frozen=True)
class Change:
    """One answer the applicant corrected: the question, the answer before and after."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Line:
    """One line of the staff's timeline, with the answers corrected if it is a resubmission."""

    when: str
    what: str
    who: str
    reason: str
    changes: tuple[Change, ...] = ()
    warning: str = ""  # the line is not as the audit log recorded it


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
    history = timeline(application)
    altered = sum(1 for line in history if line.warning)
    correction = open_correction(application)
    return {
        "application": application,
        "applied_by": applied_by(application),
        "service": service.title.get(lang),
        "step": current_step(application),
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
        "timeline": history,
        "timeline_altered": altered,
        "timeline_altered_shown": format_number(altered, lang),
        "notes": list(application.notes.select_related("author")),
        "tasks": open_tasks(application, staff),
        "correction": correction,
        "corrected": _latest_changes(history) if correction is None else (),
        "field_choices": field_choices(application, form),
        "reads": staff_reads(application),
        "appeals": appeal_rows(application.appeals.all(), get_language() or "en"),
    }


def staff_reads(application: Application) -> list[dict[str, str]]:
    """Who of the staff opened the application and when, newest first, from the audit log."""
    reads = logged_reads(application, limit=20)
    emails = dict(
        User.objects.filter(pk__in={r.staff_id for r in reads}).values_list("pk", "email")
    )
    return [{"who": str(emails.get(r.staff_id) or ""), "when": moment(r.read_at)} for r in reads]


def applied_by(application: Application) -> str:
    """Who applied, and for which business if not for themselves ("Karma Wangmo for Thunder
    Dragon Handicrafts")."""
    person = application.applicant
    name = str(person.full_name or person.email)
    if application.organisation is None:
        return name
    return _("%(person)s for %(business)s") % {
        "person": name,
        "business": application.organisation.name,
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


def current_step(application: Application) -> str:
    """The step the header names: once the service's own steps have ended while registrations
    are still to be decided, those registrations rather than the end step."""
    service = application.definition
    step = find_step(service, application.step)
    if application.status != Application.Status.SUBMITTED or step is None or step.type != "end":
        return step_name(service, application.step)
    names = {r.code: r.name.get(language()) for r in service.registrations}
    waiting = [
        names.get(s.code, s.code) for s in application.registration_states.all() if not s.outcome
    ]
    if not waiting:
        return step_name(service, application.step)
    return _("Waiting for the decision on %(names)s") % {"names": ", ".join(waiting)}


def field_choices(application: Application, form: Form | None = None) -> list[tuple[str, str]]:
    """The fields an officer may send back (documents too), by their labels: those of the
    pages and questions the applicant was shown, not every field of the definition."""
    form = form or form_for(application, language=language())
    return [(f.code, f.label.get(language())) for f in fields_shown(form, application.answers)]


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
    """Every event, in the audit log's order, with who did it, the reason given and what was
    corrected; an event edited or deleted behind the log's back is marked, and who acted is
    then who the log says acted."""
    service = application.definition
    logged = events_against_log(application)
    actors = _logged_actors(logged)
    lines = []
    for found in logged:
        event = found.event
        who = str(event.actor) if event.actor_id and event.actor else _("Automatic")
        if found.standing in (CHANGED, DELETED):
            who = actors.get(found.logged_actor, who)
        lines.append(
            Line(
                moment(event.created_at),
                describe(event, service),
                who,
                str(event.details.get("reason", "")),
                corrections(event, service),
                str(_WARNINGS.get(found.standing, "")),
            )
        )
    return lines


_WARNINGS = {
    CHANGED: _lazy("Changed after it was recorded: the audit log records it otherwise."),
    DELETED: _lazy("Deleted after it was recorded: the audit log still has it."),
    UNLOGGED: _lazy("Not in the audit log: written outside Dzong."),
}


def _logged_actors(logged: list[LoggedEvent]) -> dict[str, str]:
    """Who the log's actor names ("staff:7", "person:9", "system") are, for lines it vouches
    for that were changed or deleted."""
    wanted = {found.logged_actor for found in logged if found.standing in (CHANGED, DELETED)}
    numbers = {int(n) for _k, _c, n in (a.partition(":") for a in wanted) if n.isdigit()}
    people = {user.pk: str(user) for user in User.objects.filter(pk__in=numbers)}
    named = {"system": _("Automatic")}
    for actor in wanted - {"system"}:
        number = actor.partition(":")[2]
        named[actor] = people.get(int(number), actor) if number.isdigit() else actor
    return named


def corrections(event: Event, service: Service) -> tuple[Change, ...]:
    """Each answer a resubmission changed, as it was and as it is now."""
    if event.kind != Event.Kind.SUBMITTED:
        return ()
    changes = event.details.get("changes") or {}
    lang, shown = language(), []
    for code, change in changes.items():
        if change.get("old") == change.get("new"):
            continue
        found = service.field(code)
        if found is None:
            continue
        old, new = (_answer(service, found, change.get(k), lang) for k in ("old", "new"))
        shown.append(Change(found.label.get(lang), old, new))
    return tuple(shown)


def _answer(service: Service, field_: Field, value: Any, lang: str) -> str:
    if field_.is_group and isinstance(value, list):
        entries = (
            ", ".join(
                display_answer(service, m, e.get(m.code), lang)
                for m in field_.fields
                if e.get(m.code) not in (None, "")
            )
            for e in value
            if isinstance(e, dict)
        )
        return "; ".join(entries)
    return display_answer(service, field_, value, lang)


def _latest_changes(history: list[Line]) -> tuple[Change, ...]:
    """What the latest resubmission changed, if the applicant's last act was one."""
    sent = [line for line in history if line.changes]
    return sent[-1].changes if sent else ()


def describe(event: Event, service: Service) -> str:
    """One event in the staff's words."""
    if reminder := describe_reminder(event):
        return reminder
    if event.kind == Event.Kind.MOVED and event.details.get("sent_back"):
        return _("Sent back for corrections at %(step)s") % {
            "step": step_name(service, event.from_step)
        }
    if event.kind == Event.Kind.MOVED and not event.from_step:
        return _("Moved to %(step)s") % {"step": step_name(service, event.to_step)}
    if event.kind == Event.Kind.MOVED and event.from_step == event.to_step:
        return _("Back at %(step)s") % {"step": step_name(service, event.to_step)}
    if event.kind == Event.Kind.MOVED:
        return _("Moved from %(from)s to %(to)s") % {
            "from": step_name(service, event.from_step),
            "to": step_name(service, event.to_step),
        }
    if event.kind == Event.Kind.SUBMITTED and "corrected" in event.details:
        return _("Corrections sent")
    if appealed := describe_appeal_event(event):
        return appealed
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
