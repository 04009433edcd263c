"""Moving an application through the definition's workflow steps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dzong.engine.definition import Action, Service, Step
from dzong.engine.errors import EngineError
from dzong.engine.form import Form


class WorkflowError(EngineError):
    """An action or step that the definition does not allow here."""


@dataclass(frozen=True)
class Transition:
    """One move from a step to the next, and why."""

    from_step: str
    to_step: str
    action: str | None
    automatic: bool


def run_automatic(
    form: Form,
    start: str,
    answers: Mapping[str, Any],
    steps: Mapping[str, Step] | None = None,
) -> list[Transition]:
    """Follow automatic steps from `start` until a human step or an end; the moves made.

    `steps` are a registration's own steps; the service's by default."""
    steps = form.service.steps if steps is None else steps
    effective = form.effective_answers(answers)
    transitions: list[Transition] = []
    current = steps.get(start)
    while current is not None and current.type == "automatic":
        if len(transitions) > len(steps):
            raise WorkflowError("Automatic steps lead round in a circle.")
        target = current.if_true if form.holds(current.rule, effective) else current.if_false
        if target is None or target not in steps:
            raise WorkflowError(f"The step '{current.code}' leads nowhere.")
        transitions.append(Transition(current.code, target, None, automatic=True))
        current = steps[target]
    return transitions


def registration_steps(service: Service, code: str) -> Mapping[str, Step]:
    """A registration's own steps; WorkflowError if it has none."""
    found = next((r for r in service.registrations if r.code == code), None)
    if found is None or found.workflow is None:
        raise WorkflowError(f"The registration '{code}' has no steps of its own.")
    return found.workflow.steps


def find_step(service: Service, step_code: str) -> Step | None:
    """The step of that code, in the service workflow or a registration's own steps."""
    if step_code in service.steps:
        return service.steps[step_code]
    for registration in service.registrations:
        if registration.workflow is not None and step_code in registration.workflow.steps:
            return registration.workflow.steps[step_code]
    return None


def allowed_action(service: Service, step_code: str, action_code: str) -> Action:
    """The action if the step allows it; WorkflowError otherwise."""
    step = find_step(service, step_code)
    action = next((a for a in step.actions if a.code == action_code), None) if step else None
    if action is None:
        raise WorkflowError(f"The action '{action_code}' is not allowed at '{step_code}'.")
    return action


def outcome(service: Service, step_code: str) -> str | None:
    """'approved' or 'rejected' at an end step; None while the work goes on."""
    step: Step | None = find_step(service, step_code)
    return step.outcome if step is not None and step.type == "end" else None
