"""Officers' work on applications: acting on tasks, claiming, assigning, notes and reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dzong.applications.fees import refuse_changed_answers
from dzong.applications.models import Application, Event
from dzong.applications.registrations import issue_registrations
from dzong.applications.services import (
    attach_file,
    fields_shown,
    form_for,
    record_events,
)
from dzong.audit.models import Entry
from dzong.audit.services import actor_of, append
from dzong.engine.definition import Action
from dzong.engine.form import Form
from dzong.engine.workflow import WorkflowError, allowed_action
from dzong.workflow.models import Correction, Holiday, Note, StaffRead, Task
from dzong.workflow.moves import Moves, advance, advance_registration
from dzong.workflow.queries import is_supervisor, staff_roles


class TaskChanged(Exception):
    """Someone else acted on the task first; nothing was changed."""


class NotAllowed(Exception):
    """This member of staff may not do that to this task."""


class ReasonRequired(Exception):
    """The action needs a reason (or, sending back, a field to correct)."""


class CorrectionsRefused(Exception):
    """The corrections cannot be kept as sent; `errors` says why, per field."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("The corrections are not ready to send.")
        self.errors = dict(errors)


def act_on_task(
    *,
    task: Task,
    version: int,
    staff: Any,
    action: str,
    reason: str = "",
    fields: Sequence[str] = (),
    now: dt.datetime | None = None,
    test_run: bool = False,
) -> Application:
    """Take one of the actions the step allows; TaskChanged if someone else acted first.

    The task closes, the application moves (as the workflow decides), the registrations it
    approves are issued and every move is an event, in one transaction; what follows the
    events (telling the applicant, certificates, refunds) is their reactions.
    With `test_run`, a designer acts in any role on a test application of a service they
    design (the caller checks that); never on a real one.
    """
    now = now or timezone.now()
    application = task.application
    if task.status != Task.Status.OPEN or task.version != version:
        raise TaskChanged(task.pk)
    if test_run and not application.is_test:
        raise NotAllowed(task.pk)
    chosen = _checked_action(task, staff if not test_run else None, action, reason, fields)
    with transaction.atomic():
        _close(task, version, now, Task.Status.WAITING if chosen.send_back else Task.Status.DONE)
        details = {"action": chosen.code, "task": task.pk, "reason": reason.strip()}
        if chosen.send_back:
            _send_back(application, task, staff, reason, fields, now, details)
            return application
        form = form_for(application)
        moves = _move(application, form, task, chosen, staff, now, details)
        record_events(events_of(application=application, form=form, moves=moves, now=now))
    return application


def events_of(
    *, application: Application, form: Form, moves: Moves, now: dt.datetime
) -> list[Event]:
    """Issue the registrations the workflow approved in `moves`; every event to record for
    them, in order (the moves, the registrations, the decision)."""
    if not moves.approved:
        return moves.recorded()
    issued = issue_registrations(application=application, form=form, now=now, codes=moves.approved)
    return moves.recorded(issued)


def _move(
    application: Application,
    form: Form,
    task: Task,
    chosen: Action,
    staff: Any,
    now: dt.datetime,
    details: dict[str, Any],
) -> Moves:
    """Move the registration's own steps for its task, or the service workflow otherwise."""
    step_code = chosen.to or task.step
    if task.registration:
        return advance_registration(
            application=application,
            form=form,
            registration=task.registration,
            step_code=step_code,
            now=now,
            actor=staff,
            details=details,
        )
    return advance(
        application=application,
        form=form,
        step_code=step_code,
        now=now,
        save=_save_moved,
        actor=staff,
        details=details,
    )


def _checked_action(
    task: Task, staff: Any, action: str, reason: str, fields: Sequence[str]
) -> Action:
    """The action, if allowed at the step; `staff` None (a test run) acts in every role."""
    if staff is not None and not may_act(task, staff):
        raise NotAllowed(task.pk)
    chosen = allowed_action(task.application.definition, task.step, action)
    if chosen.reason_required and not reason.strip():
        raise ReasonRequired(action)
    if chosen.send_back and not fields:
        raise ReasonRequired(action)
    return chosen


def may_act(task: Task, staff: Any) -> bool:
    """An open task, for a role the person holds, unassigned or theirs (or they supervise)."""
    if task.status != Task.Status.OPEN:
        return False
    supervises = is_supervisor(staff, task.agency)
    if not supervises and (task.agency, task.role) not in staff_roles(staff):
        return False
    return supervises or task.assignee_id in (None, staff.pk)


def _close(task: Task, version: int, now: dt.datetime, status: str) -> None:
    """Close the task only if nobody changed it since it was shown: the optimistic check."""
    changed = Task.objects.filter(pk=task.pk, version=version, status=Task.Status.OPEN).update(
        status=status, closed_at=now, version=F("version") + 1
    )
    if not changed:
        raise TaskChanged(task.pk)


def _save_moved(application: Application) -> None:
    application.save(update_fields=["step", "step_due", "status", "decided_at", "updated_at"])


def _send_back(
    application: Application,
    task: Task,
    staff: Any,
    note: str,
    fields: Sequence[str],
    now: dt.datetime,
    details: dict[str, Any],
) -> None:
    shown = {f.code for f in fields_shown(form_for(application), application.answers)}
    if not fields or any(code not in shown for code in fields):
        raise ReasonRequired("send-back")  # only what the applicant was shown, and something
    marked = list(dict.fromkeys(fields))
    Correction.objects.create(
        application=application,
        step=task.step,
        registration=task.registration,
        fields=marked,
        note=note.strip(),
        requested_by=staff,
        requested_at=now,
    )
    sent_back = Event(
        application=application,
        kind=Event.Kind.MOVED,
        actor=staff,
        from_step=task.step,
        to_step=task.step,
        details={**details, "fields": marked, "sent_back": True, **_of(task)},
    )
    record_events([sent_back])
    if not task.registration:  # the service's own step stops; a registration's leaves it be
        application.step_due = None
    application.updated_at = now
    application.save(update_fields=["step_due", "updated_at"])


def _of(task: Task) -> dict[str, str]:
    return {"registration": task.registration} if task.registration else {}


def open_correction(application: Application) -> Correction | None:
    """The latest corrections the applicant still has to make, if any."""
    found: Correction | None = application.corrections.filter(resubmitted_at__isnull=True).first()
    return found


def open_corrections(application: Application) -> list[Correction]:
    """Every correction still open: the service's and each registration's, newest first."""
    return list(application.corrections.filter(resubmitted_at__isnull=True))


def fields_to_correct(corrections: Sequence[Correction]) -> list[str]:
    """The fields marked by any of these corrections, each once."""
    return list(dict.fromkeys(code for c in corrections for code in c.fields))


def correct_application(
    *,
    application: Application,
    submitted: Mapping[str, Any],
    uploads: Mapping[str, Any] | None = None,
    language: str | None = None,
) -> Application:
    """Check the answers typed into the fields sent back, then keep them and return to the
    step; CorrectionsRefused (nothing kept) if any is wrong or would change fees paid.

    A document sent back must be replaced by a new file."""
    marked = fields_to_correct(open_corrections(application))
    if not marked:
        raise WorkflowError("Nothing was sent back for corrections.")
    form = form_for(application, language=language)
    checked = form.validate_marked(marked, submitted, application.answers)
    errors = dict(checked.errors)
    files = {f.code for __, f in form.service.fields() if f.type == "file" and f.code in marked}
    for code in sorted(files - errors.keys()):
        if not submitted.get(code):
            errors[code] = _("Choose the new file to send.")
    if not errors and not checked.answers:
        errors[marked[0]] = _("Change the answer, then send it again.")
    if errors:
        raise CorrectionsRefused(errors)
    return resubmit_corrections(application=application, answers=checked.answers, uploads=uploads)


@transaction.atomic
def resubmit_corrections(
    *,
    application: Application,
    answers: dict[str, Any],
    uploads: Mapping[str, Any] | None = None,
) -> Application:
    """Keep the corrected answers (only the fields sent back) and return to the same step.

    Answers that would change fees already paid are refused (CorrectionsRefused), as on the
    form's pages. A file sent again replaces the answer; the earlier file stays stored for
    staff. A registration's step sent back resumes alone; the other registrations keep where
    they are (decided ones stay decided). The event keeps each field's old and new value."""
    corrections = open_corrections(application)
    if not corrections:
        raise WorkflowError("Nothing was sent back for corrections.")
    now = timezone.now()
    marked = fields_to_correct(corrections)
    kept = dict(application.answers)
    kept.update({code: answers[code] for code in marked if code in answers})
    refused = refuse_changed_answers(application=application, answers=kept, fields=marked)
    if refused:
        raise CorrectionsRefused(refused)
    for code, upload in (uploads or {}).items():
        if code in marked and code in answers:
            kept[code] = _replace_file(application, code, upload, answers[code])
    changes = _changes(application.answers, kept, marked)
    application.answers = kept
    application.save(update_fields=["answers"])
    application.corrections.filter(pk__in=[c.pk for c in corrections]).update(resubmitted_at=now)
    application.tasks.filter(status=Task.Status.WAITING).update(status=Task.Status.DONE)
    events = [
        Event(
            application=application,
            kind=Event.Kind.SUBMITTED,
            actor_id=application.applicant_id,
            details={"corrected": marked, "changes": changes},
        )
    ]
    form = form_for(application)
    for correction in reversed(corrections):
        moves = _resume(application, form, correction, now)
        events += events_of(application=application, form=form, moves=moves, now=now)
    record_events(events)
    return application


def _changes(
    before: Mapping[str, Any], after: Mapping[str, Any], marked: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Each field sent back, with the answer it had and the one it has now."""
    return {code: {"old": before.get(code), "new": after.get(code)} for code in marked}


def _replace_file(
    application: Application, code: str, upload: Any, description: Mapping[str, Any]
) -> dict[str, Any]:
    attachment = attach_file(
        application=application,
        field=code,
        upload=upload,
        description=description,
        keep_earlier=True,
    )
    return attachment.description()


def _resume(
    application: Application, form: Form, correction: Correction, now: dt.datetime
) -> Moves:
    """Return to the step that sent back: the registration's own, or the service's; its task
    goes back to the officer who sent it back."""
    if correction.registration:
        moves = advance_registration(
            application=application,
            form=form,
            registration=correction.registration,
            step_code=correction.step,
            now=now,
        )
    else:
        moves = advance(
            application=application,
            form=form,
            step_code=correction.step,
            now=now,
            save=_save_moved,
        )
    _return_to_sender(moves.task, correction)
    return moves


def _return_to_sender(task: Task | None, correction: Correction) -> None:
    """The task of the step sent back, to its officer while they still hold its role."""
    if task is None or task.step != correction.step:
        return
    officer = correction.requested_by
    holds = (task.agency, task.role) in staff_roles(officer) or is_supervisor(officer, task.agency)
    if officer.is_active and holds:
        task.assignee = officer
        task.save(update_fields=["assignee"])


def claim_task(*, task: Task, version: int, staff: Any) -> Task:
    """Take an unassigned task from the shared pool; TaskChanged if someone was quicker."""
    if (task.agency, task.role) not in staff_roles(staff):
        raise NotAllowed(task.pk)
    claimed = Task.objects.filter(
        pk=task.pk, version=version, status=Task.Status.OPEN, assignee__isnull=True
    ).update(assignee=staff, version=F("version") + 1)
    if not claimed:
        raise TaskChanged(task.pk)
    task.refresh_from_db()
    return task


def assign_task(*, task: Task, version: int, supervisor: Any, assignee: Any) -> Task:
    """A supervisor gives (or gives again) a task to someone holding its role in the agency."""
    if not is_supervisor(supervisor, task.agency):
        raise NotAllowed(task.pk)
    if assignee is not None and (task.agency, task.role) not in staff_roles(assignee):
        raise NotAllowed(task.pk)
    assigned = Task.objects.filter(pk=task.pk, version=version, status=Task.Status.OPEN).update(
        assignee=assignee, version=F("version") + 1
    )
    if not assigned:
        raise TaskChanged(task.pk)
    task.refresh_from_db()
    return task


def add_note(*, application: Application, staff: Any, text: str) -> Note:
    """An internal note on the application, for staff only."""
    if not text.strip():
        raise ReasonRequired("note")
    return Note.objects.create(application=application, author=staff, text=text.strip())


def record_read(*, application: Application, staff: Any, what: str = "") -> None:
    """Keep that this member of staff opened the application (or one of its files), and the
    agency and role they hold for it."""
    agency, role = reading_role(application, staff)
    with transaction.atomic(savepoint=False):
        StaffRead.objects.create(
            application=application, staff=staff, what=what[:100], agency=agency, role=role
        )
        append(
            actor=actor_of(staff),
            action="application.read",
            subject=f"application:{application.reference}",
            data={"what": what[:100], "agency": agency, "role": role},
        )


@dataclass(frozen=True)
class LoggedRead:
    """A read of an application by staff, as the audit log holds it."""

    staff_id: int
    agency: str
    role: str
    read_at: dt.datetime
    what: str


def logged_reads(application: Application, *, limit: int) -> list[LoggedRead]:
    """The latest reads of the application by staff, newest first, from the audit log (which
    no one can rewrite unseen), not from the reads table beside it."""
    entries = Entry.objects.filter(
        subject=f"application:{application.reference}", action="application.read"
    ).order_by("-position")[:limit]
    found = []
    for entry in entries:
        kind, _colon, number = entry.actor.partition(":")
        if kind != "staff" or not number.isdigit():
            continue
        data = entry.data if isinstance(entry.data, dict) else {}
        found.append(
            LoggedRead(
                staff_id=int(number),
                agency=str(data.get("agency", "")),
                role=str(data.get("role", "")),
                read_at=entry.recorded_at,
                what=str(data.get("what", "")),
            )
        )
    return found


def reading_role(application: Application, staff: Any) -> tuple[str, str]:
    """The (agency, role) through which staff read an application: the role of one of its
    tasks if they hold it, else a role in an agency it concerns; ('', '') if none."""
    held = staff_roles(staff)
    tasks = set(application.tasks.values_list("agency", "role"))
    concerned = {agency for agency, _ in tasks} | {application.definition.agency}
    found = next((pair for pair in held if pair in tasks), None)
    found = found or next((pair for pair in held if pair[0] in concerned), None)
    return found or ("", "")


def add_holiday(*, date: dt.date, name: str) -> Holiday:
    """Add (or rename) a public holiday of the working calendar; open deadlines stay as set."""
    holiday, _ = Holiday.objects.update_or_create(date=date, defaults={"name": name.strip()})
    return holiday
