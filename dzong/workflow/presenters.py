"""Where each registration of an application stands, as the applicant reads it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from dzong.applications.models import Application
from dzong.catalogue.models import Agency, Role
from dzong.engine.formatting import format_moment

SHOWN_READS = 50
CORRECTIONS = "corrections"


@dataclass(frozen=True)
class RegistrationRow:
    """One registration: its name, its number once issued, its outcome ('' waiting, or
    'corrections' while it waits for the applicant's corrections) and, refused, the reason."""

    name: str
    number: str
    outcome: str
    reason: str = ""


def registration_rows(application: Application, language: str) -> list[RegistrationRow]:
    """Every registration that applies, in the definition's order: issued, waiting or refused.

    An application decided before registrations had their own states lists what was issued."""
    names = {r.code: r.name.get(language) for r in application.definition.registrations}
    numbers = {r.code: r.number for r in application.registrations.all()}
    states = list(application.registration_states.all())
    if not states:
        return [RegistrationRow(names.get(c, c), n, "approved") for c, n in numbers.items()]
    waiting = set(
        application.corrections.filter(resubmitted_at__isnull=True).values_list(
            "registration", flat=True
        )
    )
    return [
        RegistrationRow(
            names.get(s.code, s.code),
            numbers.get(s.code, ""),
            s.outcome or (CORRECTIONS if (s.code if s.own_steps else "") in waiting else ""),
            s.refusal_reason(),
        )
        for s in states
    ]


@dataclass(frozen=True)
class ReadRow:
    """A read of the application by staff, as the applicant is shown it (never the name)."""

    when: str
    office: str
    role: str
    what: str


def staff_reads(application: Application, language: str) -> list[ReadRow]:
    """The latest reads of the application by staff, newest first: office, role, when, what."""
    reads = list(application.reads.all()[:SHOWN_READS])
    offices = {a.code: a for a in Agency.objects.filter(code__in={r.agency for r in reads})}
    roles = {
        (r.agency.code, r.code): r
        for r in Role.objects.filter(agency__code__in=offices).select_related("agency")
    }
    rows = []
    for read in reads:
        office = offices.get(read.agency)
        role = roles.get((read.agency, read.role))
        rows.append(
            ReadRow(
                when=format_moment(timezone.localtime(read.read_at), language),
                office=office.name if office else _("The agency's staff"),
                role=_name(role, language) if role else "",
                what=_("Your application") if read.what == "application" else _("A document"),
            )
        )
    return rows


def _name(role: Role, language: str) -> str:
    return (role.name_dz or role.name_en) if language == "dz" else role.name_en
