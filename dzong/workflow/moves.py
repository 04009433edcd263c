"""Moving an application from step to step: the one place its step and status change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from dzong.applications.models import Application, Event
from dzong.engine.workflow import outcome, run_automatic
from dzong.workflow.calendar import add_working_days
from dzong.workflow.models import Holiday, Task

OUTCOME_EVENTS = {"approved": Event.Kind.APPROVED, "rejected": Event.Kind.REJECTED}


@dataclass
class Moves:
    """What advancing did: the events to record and the task opened, if any."""

    events: list[Event] = field(default_factory=list)
    task: Task | None = None


def due_after(opened: dt.datetime, working_days: int) -> dt.datetime:
    """The end of the working day `working_days` after `opened`, skipping weekends and holidays."""
    start = timezone.localdate(opened)
    window = start + dt.timedelta(days=working_days * 2 + 31)
    holidays = set(
        Holiday.objects.filter(date__gt=start, date__lte=window).values_list("date", flat=True)
    )
    day = add_working_days(start, working_days, holidays) + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def advance(
    *,
    application: Application,
    step_code: str,
    now: dt.datetime,
    save: Callable[[Application], None],
    actor: Any = None,
    details: dict[str, Any] | None = None,
) -> Moves:
    """Enter `step_code`, follow automatic steps, then save: a human step opens a task, an
    approval issues the registrations. The events are returned unsaved, for one bulk write."""
    from dzong.applications.services import form_for, issue_registrations

    form = form_for(application)
    transitions = run_automatic(form, step_code, application.answers)
    step = transitions[-1].to_step if transitions else step_code
    from_step = application.step
    moves = Moves()
    moves.events.append(_moved(application, from_step, step_code, actor, details))
    moves.events += [_moved(application, t.from_step, t.to_step, None, None) for t in transitions]
    result = _enter(application, step, now)
    save(application)
    if result is None:
        moves.task = _open_task(application, step, now)
        return moves
    if result == "approved":
        moves.events += issue_registrations(application=application, now=now)
    decided = Event(application=application, kind=OUTCOME_EVENTS[result], to_step=step, actor=actor)
    decided.details = details or {}
    moves.events.append(decided)
    return moves


def _moved(
    application: Application,
    from_step: str,
    to_step: str,
    actor: Any,
    details: dict[str, Any] | None,
) -> Event:
    return Event(
        application=application,
        kind=Event.Kind.MOVED,
        from_step=from_step,
        to_step=to_step,
        actor=actor,
        details=details or {},
    )


def _enter(application: Application, step_code: str, now: dt.datetime) -> str | None:
    """Set the application's step, due date and status for `step_code`; its outcome, if an end."""
    step = application.definition.steps[step_code]
    application.step = step_code
    application.updated_at = now
    application.step_due = due_after(now, step.deadline_days) if step.deadline_days else None
    result = outcome(application.definition, step_code)
    if result is None:
        application.status = Application.Status.SUBMITTED
        return None
    application.status = (
        Application.Status.APPROVED if result == "approved" else Application.Status.REJECTED
    )
    application.decided_at = now
    return result


def _open_task(application: Application, step_code: str, now: dt.datetime) -> Task | None:
    step = application.definition.steps[step_code]
    if step.type != "human" or not step.role:
        return None
    role = next(r for r in application.definition.roles if r.code == step.role)
    return Task.objects.create(
        application=application,
        step=step_code,
        role=role.code,
        agency=role.agency,
        opened_at=now,
        due_at=application.step_due,
    )
