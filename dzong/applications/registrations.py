"""A registration's one home: what an application is granted (a business licence, a
taxpayer number), from where it stands to its certificate.

- Where it stands: `RegistrationState` (its step and outcome; the workflow decides them, in
  `workflow/moves.py`, and this app keeps them).
- Granted: `issue_registrations` gives each its number (`next_registration_numbers`, never
  reused) and holds its unique answers (`UniqueAnswer`, checked through `RegisteredAnswers`).
- Its certificate: `Certificate.registration` (`registration.certificates`), issued as a
  reaction to the "registered" event (`reactions.py`); `certificates_of` gives them.
- Its business: a registration whose definition says it founds one (`business:`) becomes an
  organisation owned by its applicant (`found_businesses`), also a reaction to "registered";
  `found_missing_businesses` repairs what a lost job left.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from typing import Any

from django.db import connection
from django.utils import timezone

from dzong.applications.models import (
    Application,
    Event,
    IssuedRegistration,
    NumberSequence,
    RegistrationState,
    UniqueAnswer,
)
from dzong.applications.numbers import TEST_PREFIX
from dzong.engine.form import Form, normalise_unique
from dzong.engine.registrations import applicable_registrations
from dzong.organisations.models import Organisation
from dzong.organisations.services import found_business

__all__ = [
    "RegisteredAnswers",
    "RegistrationState",
    "certificates_of",
    "found_businesses",
    "found_missing_businesses",
    "issue_registrations",
    "next_registration_numbers",
]


class RegisteredAnswers:
    """The engine's view of what registrations already hold, for answers that must be unique."""

    def is_taken(self, *, service: str, registration: str, value: str) -> bool:
        return UniqueAnswer.objects.filter(service=service, code=registration, value=value).exists()


def issue_registrations(
    *, application: Application, form: Form, now: dt.datetime, codes: Collection[str] | None = None
) -> list[Event]:
    """Grant the registrations that apply to an application (only `codes`, when given, as
    each is approved): give each its number and hold its unique answers; their events, unsaved.

    The one place registrations are created, at once on submission or by an officer's
    approval; their certificates follow as a reaction to the events (`reactions.py`)."""
    definition = application.definition
    granted = [
        registration
        for registration in applicable_registrations(form, application.answers)
        if codes is None or registration.code in codes
    ]
    # A test run numbers its registrations in sequences of its own: no real number is used.
    mark = TEST_PREFIX if application.is_test else ""
    numbers = next_registration_numbers(
        [mark + registration.number_prefix for registration in granted], timezone.localdate(now)
    )
    issued = [
        IssuedRegistration(
            application=application,
            service=definition.slug,
            code=registration.code,
            agency=registration.agency,
            number=number,
            issued_at=now,
        )
        for registration, number in zip(granted, numbers, strict=True)
    ]
    IssuedRegistration.objects.bulk_create(issued)
    if not application.is_test:  # a test run never holds a name a real applicant wants
        UniqueAnswer.objects.bulk_create(_unique_answers(application, issued))
    return [
        Event(
            application=application,
            kind=Event.Kind.REGISTERED,
            details={"registration": r.code, "number": r.number},
        )
        for r in issued
    ]


def _unique_answers(
    application: Application, issued: list[IssuedRegistration]
) -> list[UniqueAnswer]:
    held = {r.code: r for r in issued}
    return [
        UniqueAnswer(
            registration=held[field.unique.registration],
            service=application.definition.slug,
            code=field.unique.registration,
            value=normalise_unique(application.answers[field.code]),
        )
        for _, field in application.definition.fields()
        if field.unique and field.unique.registration in held and field.code in application.answers
    ]


SWEPT_BACK = dt.timedelta(days=30)  # how far back the sweeper looks for a business not founded


def found_businesses(*, numbers: Collection[str]) -> list[Organisation]:
    """Found the businesses these registrations (by number) found, each owned by its
    applicant, with the name and address its answers give; those founded before are left as
    they are. The businesses founded now."""
    founded = []
    registrations = IssuedRegistration.objects.filter(
        number__in=numbers, application__is_test=False
    ).select_related("application__service_version", "application__applicant")
    for registration in registrations:
        application = registration.application
        declared = application.definition.registration(registration.code)
        if declared is None or declared.business is None:
            continue
        answers = application.answers
        organisation, created = found_business(
            name=str(answers.get(declared.business.name) or registration.number),
            registration_number=registration.number,
            address=str(answers.get(declared.business.address or "") or ""),
            owner=application.applicant,
            service=registration.service,
        )
        if created:
            founded.append(organisation)
    return founded


def found_missing_businesses(*, older_than: dt.timedelta = dt.timedelta(minutes=5)) -> int:
    """Found the businesses that registrations granted a while ago should have founded and
    did not (their job was lost, or its worker died); how many."""
    now = timezone.now()
    lacking = (
        IssuedRegistration.objects.filter(
            issued_at__lt=now - older_than,
            issued_at__gte=now - SWEPT_BACK,
            application__is_test=False,
        )
        .exclude(number__in=Organisation.objects.values("registration_number"))
        .values_list("number", flat=True)
    )
    return len(found_businesses(numbers=list(lacking)))


def certificates_of(registration: IssuedRegistration) -> Any:
    """The certificates issued for a registration, newest last (issued, revoked, replaced)."""
    return registration.certificates.order_by("pk")


def next_registration_numbers(prefixes: list[str], on: dt.date) -> list[str]:
    """The next number under each prefix for the year, like BL-2026-000042; never reused.

    One statement moves every sequence (creating those new this year), however many
    registrations a submission grants.
    """
    keys = [f"{prefix}-{on.year}" for prefix in prefixes]
    wanted = Counter(keys)
    last = _advance(wanted)
    given: Counter[str] = Counter()
    numbers = []
    for key in keys:
        given[key] += 1
        numbers.append(f"{key}-{last[key] - wanted[key] + given[key]:06d}")
    return numbers


def _advance(wanted: Counter[str]) -> dict[str, int]:
    """Move each sequence on by its count in one upsert; the last number of each.

    The rows are written, and so locked, in the order of their keys (an INSERT takes its
    VALUES in order): two submissions lock them in the same order and never wait on each
    other in a circle. A sequence new this year starts at its count.
    """
    if not wanted:
        return {}
    table = NumberSequence._meta.db_table
    keys = sorted(wanted)
    rows = ", ".join(["(%s, %s)"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, last) VALUES {rows} "  # noqa: S608
            f"ON CONFLICT (key) DO UPDATE SET last = {table}.last + excluded.last "
            "RETURNING key, last",
            [value for key in keys for value in (key, wanted[key])],
        )
        return {str(key): int(last) for key, last in cursor.fetchall()}
