"""Moving an application from step to step: the one place its step and status change.

The service workflow and each registration with steps of its own move side by side; the
application is decided when every registration that applies is decided. Moving decides and
says what it decided (`Moves`): the caller records the events and issues the registrations
approved (`dzong.applications.registrations.issue_registrations`); nothing here calls back into
`applications` beyond its models.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from dzong.applications.models import Application, Event, RegistrationState
from dzong.engine.definition import Registration, Step
from dzong.engine.form import Form
from dzong.engine.registrations import applicable_registrations
from dzong.engine.workflow import outcome, registration_steps, run_automatic
from dzong.workflow.calendar import add_working_days
from dzong.workflow.models import Holiday, Task

OUTCOME_EVENTS = {"approved": Event.Kind.APPROVED, "rejected": Event.Kind.REJECTED}


@dataclass
class Moves:
    """What advancing decided: the moves to record, the registrations approved just now (to
    issue), the application's decision if it was decided (its event last), and the task
    opened, if any."""

    events: list[Event] = field(default_factory=list)
    approved: list[str] = field(default_factory=list)
    decision: Event | None = None
    task: Task | None = None

    def recorded(self, issued: Sequence[Event] = ()) -> list[Event]:
        """Every event to write, in order: the moves, the registrations issued, the decision."""
        if self.decision is None:
            return [*self.events, *issued]
        self.decision.created_at = timezone.now()  # recorded after the registrations it grants
        return [*self.events, *issued, self.decision]


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
    form: Form,
    step_code: str,
    now: dt.datetime,
    save: Callable[[Application], None],
    actor: Any = None,
    details: dict[str, Any] | None = None,
) -> Moves:
    """Enter `step_code` of the service workflow, follow automatic steps, then save.

    On submission each applicable registration with steps of its own starts them too. A human
    step opens a task. The events are returned unsaved, for one bulk write, with the
    registrations approved for the caller to issue. `form` is the application's engine form."""
    submitting = application.status == Application.Status.DRAFT
    transitions = run_automatic(form, step_code, application.answers)
    step = transitions[-1].to_step if transitions else step_code
    moves = Moves()
    moves.events.append(_moved(application, application.step, step_code, actor, details))
    moves.events += [_moved(application, t.from_step, t.to_step, None, None) for t in transitions]
    _enter(application, step, now)
    result = outcome(application.definition, step)
    states = _states(application, form, submitting, now, moves)
    for state in states:
        if not state.own_steps and not state.outcome and result is not None:
            _decide(state, step, result, now)
    decided = _conclude(application, states, result, now)
    save(application)
    _save_states(states, now, moves)
    if result is None:
        moves.task = _open_task(application, step, now)
    _finish(application, states, decided, now, moves, actor, details)
    return moves


def advance_registration(
    *,
    application: Application,
    form: Form,
    registration: str,
    step_code: str,
    now: dt.datetime,
    actor: Any = None,
    details: dict[str, Any] | None = None,
) -> Moves:
    """Move one registration's own steps to `step_code`: approved or not at its end, and the
    application's decision once every registration is decided. Call inside a transaction."""
    Application.objects.select_for_update().filter(pk=application.pk).first()
    states = list(application.registration_states.all())
    state = next(s for s in states if s.code == registration)
    was_decided = {s.code for s in states if s.outcome}
    moves = Moves()
    own = registration_steps(application.definition, registration)
    path = _run(form, own, step_code, application.answers)
    moves.events += _registration_moves(application, registration, [state.step, *path], actor)
    if details:
        moves.events[0].details = {**details, "registration": registration}
    _settle(application, state, own, path[-1], now, moves)
    decided = _conclude(application, states, outcome(application.definition, application.step), now)
    if decided is not None:
        application.save(update_fields=["status", "decided_at", "updated_at"])
    state.save()
    _finish(application, states, decided, now, moves, actor, details, was_decided)
    return moves


def _run(form: Form, steps: Mapping[str, Step], start: str, answers: Any) -> list[str]:
    """The steps entered from `start` on, following automatic steps."""
    return [start, *(t.to_step for t in run_automatic(form, start, answers, steps))]


def _states(
    application: Application, form: Form, submitting: bool, now: dt.datetime, moves: Moves
) -> list[RegistrationState]:
    """The registrations' states: started on submission, read from the database later (or,
    for an application submitted before states were kept, every one following the service)."""
    if not submitting:
        kept = list(application.registration_states.all())
        if kept:
            return kept
    states = []
    for registration in applicable_registrations(form, application.answers):
        state = RegistrationState(
            application=application,
            code=registration.code,
            agency=registration.agency,
            own_steps=submitting and registration.workflow is not None,
        )
        if state.own_steps:
            _start(application, form, registration, state, now, moves)
        states.append(state)
    return states


def _start(
    application: Application,
    form: Form,
    registration: Registration,
    state: RegistrationState,
    now: dt.datetime,
    moves: Moves,
) -> None:
    own = registration.workflow.steps if registration.workflow else {}
    start = registration.workflow.start if registration.workflow else ""
    path = _run(form, own, start, application.answers)
    moves.events += _registration_moves(application, registration.code, ["", *path], None)
    _settle(application, state, own, path[-1], now, None)


def _settle(
    application: Application,
    state: RegistrationState,
    steps: Mapping[str, Step],
    step_code: str,
    now: dt.datetime,
    moves: Moves | None,
) -> None:
    """Put the registration at `step_code`: decided at an end, a task at a human step
    (opened now, or once the state is saved when `moves` is None)."""
    state.step = step_code
    step = steps[step_code]
    if step.type == "end" and step.outcome:
        _decide(state, step_code, step.outcome, now)
    elif moves is not None:
        moves.task = _open_registration_task(application, state, now)


def _decide(state: RegistrationState, step_code: str, result: str, now: dt.datetime) -> None:
    state.step = step_code
    state.outcome = result
    state.decided_at = now


def _save_states(states: list[RegistrationState], now: dt.datetime, moves: Moves) -> None:
    created = [s for s in states if s.pk is None]
    new = {id(s) for s in created}
    RegistrationState.objects.bulk_create(created)
    for state in states:
        if id(state) not in new:
            state.save(update_fields=["step", "outcome", "decided_at"])
    for state in created:
        if state.own_steps and not state.outcome:
            moves.task = _open_registration_task(state.application, state, now)


def _conclude(
    application: Application,
    states: list[RegistrationState],
    result: str | None,
    now: dt.datetime,
) -> str | None:
    """Decide the application once the service workflow has ended and every registration that
    applies is decided: approved if any registration is, rejected otherwise."""
    if result is None or any(not s.outcome for s in states):
        return None
    if states:
        result = "approved" if any(s.outcome == "approved" for s in states) else "rejected"
    application.status = (
        Application.Status.APPROVED if result == "approved" else Application.Status.REJECTED
    )
    application.decided_at = now
    application.updated_at = now
    return result


def _finish(
    application: Application,
    states: list[RegistrationState],
    decided: str | None,
    now: dt.datetime,
    moves: Moves,
    actor: Any,
    details: dict[str, Any] | None,
    was_decided: set[str] | None = None,
) -> None:
    """Name the registrations approved just now, and the application's decision."""
    before = was_decided or set()
    moves.approved = [s.code for s in states if s.outcome == "approved" and s.code not in before]
    if decided is None:
        return
    partly = {s.outcome for s in states} == {"approved", "rejected"}
    event = Event(
        application=application,
        kind=OUTCOME_EVENTS[decided],
        to_step=application.step,
        actor=actor,
    )
    event.details = {**(details or {}), **({"partly": True} if partly else {})}
    moves.decision = event


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


def _registration_moves(
    application: Application, registration: str, path: list[str], actor: Any
) -> list[Event]:
    """A move per step of a registration's own steps, the first one made by `actor`."""
    return [
        _moved(application, a, b, actor if i == 0 else None, {"registration": registration})
        for i, (a, b) in enumerate(itertools.pairwise(path))
    ]


def _enter(application: Application, step_code: str, now: dt.datetime) -> None:
    """Set the application's step and due date for `step_code`, still in progress."""
    step = application.definition.steps[step_code]
    application.step = step_code
    application.updated_at = now
    application.step_due = due_after(now, step.deadline_days) if step.deadline_days else None
    application.status = Application.Status.SUBMITTED


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


def _open_registration_task(
    application: Application, state: RegistrationState, now: dt.datetime
) -> Task | None:
    """A task for the human step a registration's own steps reached, in its agency."""
    step = registration_steps(application.definition, state.code)[state.step]
    if step.type != "human" or not step.role:
        return None
    return Task.objects.create(
        application=application,
        step=step.code,
        registration=state.code,
        role=step.role,
        agency=state.agency,
        opened_at=now,
        due_at=due_after(now, step.deadline_days) if step.deadline_days else None,
    )
