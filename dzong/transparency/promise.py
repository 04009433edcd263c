"""What a service's definition promises: the working days its deadlines add up to, and the
human steps whose time the public sees. Plain Python over the engine's definition."""

from __future__ import annotations

from collections.abc import Mapping

from dzong.engine.definition import Service, Step, Text


def promised_working_days(service: Service) -> int | None:
    """The longest way through the service's workflow counted in its steps' deadlines, the
    registrations' own steps running beside it; None when no step has a deadline."""
    ways = [_longest(service.steps, service.workflow_start, frozenset())]
    for registration in service.registrations:
        if registration.workflow is not None:
            own = registration.workflow
            ways.append(_longest(own.steps, own.start, frozenset()))
    longest = max(ways)
    return longest or None


def _longest(steps: Mapping[str, Step], code: str, seen: frozenset[str]) -> int:
    """The most deadline days on a way from `code` to an end, never entering a step twice."""
    step = steps.get(code)
    if step is None or code in seen:
        return 0
    onward = [_longest(steps, t, seen | {code}) for t in step.targets() if t != code]
    return (step.deadline_days or 0) + max(onward, default=0)


def human_steps(service: Service) -> dict[str, Text]:
    """Every human step of the service and of its registrations' own steps, with its name."""
    found = {code: s.name for code, s in service.steps.items() if s.type == "human"}
    for registration in service.registrations:
        if registration.workflow is not None:
            steps = registration.workflow.steps
            found |= {code: s.name for code, s in steps.items() if s.type == "human"}
    return found
