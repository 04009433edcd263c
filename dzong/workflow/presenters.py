"""Where each registration of an application stands, as the applicant reads it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dzong.applications.models import Application
from dzong.catalogue.models import Agency, Role
from dzong.engine.formatting import format_moment
from dzong.workflow.services import LoggedRead, logged_reads

SHOWN_READS = 50
VISIT_GAP = dt.timedelta(minutes=30)
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
class Visit:
    """One visit of a member of staff to the application, as the applicant is shown it (never
    the name): when it began, the office and role, and what they opened."""

    when: str
    office: str
    role: str
    what: str


def staff_visits(application: Application, language: str) -> list[Visit]:
    """The latest visits of staff to the application, newest first: reads by the same person
    in the same role, each within VISIT_GAP of the one before, are one visit."""
    reads = logged_reads(application, limit=SHOWN_READS)
    offices = {a.code: a for a in Agency.objects.filter(code__in={r.agency for r in reads})}
    roles = {
        (r.agency.code, r.code): r
        for r in Role.objects.filter(agency__code__in=offices).select_related("agency")
    }
    visits = []
    for group in _visits(reads):
        first = group[-1]  # reads are newest first
        office = offices.get(first.agency)
        role = roles.get((first.agency, first.role))
        visits.append(
            Visit(
                when=format_moment(timezone.localtime(first.read_at), language),
                office=office.name if office else _("The agency's staff"),
                role=_name(role, language) if role else "",
                what=_what_was_opened(group),
            )
        )
    return visits


def _visits(reads: list[LoggedRead]) -> list[list[LoggedRead]]:
    """The reads (newest first) in visits, each a run of reads by one person in one role."""
    visits: list[list[LoggedRead]] = []
    for read in reads:
        last = visits[-1][-1] if visits else None
        if (
            last is not None
            and (last.staff_id, last.agency, last.role) == (read.staff_id, read.agency, read.role)
            and last.read_at - read.read_at <= VISIT_GAP
        ):
            visits[-1].append(read)
        else:
            visits.append([read])
    return visits


def _what_was_opened(visit: list[LoggedRead]) -> str:
    documents = sum(1 for r in visit if r.what != "application")
    if documents == 0:
        return _("Your application")
    files = ngettext("%(count)s document", "%(count)s documents", documents) % {"count": documents}
    if len(visit) == documents:
        return files
    return _("Your application and %(documents)s") % {"documents": files}


def _name(role: Role, language: str) -> str:
    return (role.name_dz or role.name_en) if language == "dz" else role.name_en
