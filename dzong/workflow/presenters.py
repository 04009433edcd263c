"""Where each registration of an application stands, as the applicant reads it."""

from __future__ import annotations

from dataclasses import dataclass

from dzong.applications.models import Application


@dataclass(frozen=True)
class RegistrationRow:
    """One registration: its name, its number once issued, and its outcome ('' waiting)."""

    name: str
    number: str
    outcome: str


def registration_rows(application: Application, language: str) -> list[RegistrationRow]:
    """Every registration that applies, in the definition's order: issued, waiting or refused.

    An application decided before registrations had their own states lists what was issued."""
    names = {r.code: r.name.get(language) for r in application.definition.registrations}
    numbers = {r.code: r.number for r in application.registrations.all()}
    states = list(application.registration_states.all())
    if not states:
        return [RegistrationRow(names.get(c, c), n, "approved") for c, n in numbers.items()]
    return [
        RegistrationRow(names.get(s.code, s.code), numbers.get(s.code, ""), s.outcome)
        for s in states
    ]
