"""The daily figures: each public service's applications, decisions, times and payments per
day, read from the events and written as one row per day and service.

Computing a day writes its rows whole (an upsert), so the job is safe to run twice, or on two
workers at once: both write the same figures. Each run starts from the last day computed (which
may have been computed before the day was over), so a run that was lost is caught up by the
next one.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone

from dzong.applications.models import Event
from dzong.catalogue.models import ServiceVersion
from dzong.payments.models import PaymentEvent
from dzong.transparency.models import DailyFigure, Feedback
from dzong.transparency.promise import human_steps, promised_working_days
from dzong.workflow.calendar import is_working_day
from dzong.workflow.models import Holiday

COUNTER = "counter"  # the payment provider of cash at a counter; every other one is online
WRITTEN = [
    "agency",
    "received",
    "approved",
    "rejected",
    "sent_back",
    "automatic",
    "within_promise",
    "promised_days",
    "decision_days",
    "step_days",
    "payments",
    "currency",
    "ratings",
    "computed_at",
]


@dataclass(frozen=True)
class PublicService:
    """A service the public can apply to, as its current published version defines it."""

    slug: str
    agency: str
    currency: str
    promised_days: int | None
    steps: frozenset[str]


@dataclass
class Tally:
    """One service's figures for one day, while they are counted."""

    received: int = 0
    approved: int = 0
    rejected: int = 0
    sent_back: int = 0
    automatic: int = 0
    within_promise: int = 0
    decision_days: Counter[int] = field(default_factory=Counter)
    step_days: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    payments: dict[str, list[int]] = field(default_factory=dict)
    ratings: Counter[int] = field(default_factory=Counter)


class WorkingDays:
    """Working days between two dates, counted as deadlines count them (weekends and public
    holidays skipped; the day work started not counted)."""

    def __init__(self, holidays: Iterable[dt.date]) -> None:
        self.holidays = set(holidays)
        self._ordered = sorted(self.holidays)

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 on the same day)."""
        if end <= start:
            return 0
        days = (end - start).days
        weeks, rest = divmod(days, 7)
        count = weeks * 5
        for offset in range(1, rest + 1):
            count += (start + dt.timedelta(days=offset)).weekday() < 5
        low = bisect.bisect_right(self._ordered, start)
        high = bisect.bisect_right(self._ordered, end)
        return count - sum(1 for h in self._ordered[low:high] if is_working_day(h, ()))


def public_services() -> dict[str, PublicService]:
    """Every service with a published version; services never published (a designer's own,
    not open to the public) have no figures."""
    found = {}
    for version in ServiceVersion.objects.catalogue():
        definition = version.definition
        found[definition.slug] = PublicService(
            slug=definition.slug,
            agency=version.service.agency.code,
            currency=definition.currency,
            promised_days=promised_working_days(definition),
            steps=frozenset(human_steps(definition)),
        )
    return found


def compute_daily_figures(*, today: dt.date | None = None, since: dt.date | None = None) -> int:
    """Compute every day from the last one computed (or `since`) to `today`; the days."""
    today = today or timezone.localdate()
    start = since or _first_day_to_compute(today)
    write_figures(figures_between(start, today))
    return (today - start).days + 1


def figures_between(start: dt.date, end: dt.date) -> list[DailyFigure]:
    """The rows of every day from `start` to `end`, one per public service, unsaved."""
    services = public_services()
    tallies = _count(services, start, end)
    now = timezone.now()
    return [
        _row(day, services[slug], tallies.get((day, slug), Tally()), now)
        for day in _days(start, end)
        for slug in sorted(services)
    ]


def write_figures(rows: list[DailyFigure]) -> None:
    """Insert the rows, or write them over those of the same day and service (one statement
    per batch, so a run at the same time as this one never fails on the other's rows)."""
    DailyFigure.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["day", "service"],
        update_fields=WRITTEN,
    )


Tallies = dict[tuple[dt.date, str], Tally]


def _first_day_to_compute(today: dt.date) -> dt.date:
    last: dt.date | None = DailyFigure.objects.aggregate(last=Max("day"))["last"]
    if last is not None:
        return min(last, today)
    first = Event.objects.filter(application__is_test=False).aggregate(first=Min("created_at"))
    return min(timezone.localdate(first["first"]), today) if first["first"] else today


def _days(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    return (start + dt.timedelta(days=n) for n in range((end - start).days + 1))


def _count(
    services: dict[str, PublicService], start: dt.date, end: dt.date
) -> dict[tuple[dt.date, str], Tally]:
    tallies: dict[tuple[dt.date, str], Tally] = defaultdict(Tally)
    real = Event.objects.filter(
        application__is_test=False, application__service_version__service__slug__in=services
    )
    calendar = WorkingDays(Holiday.objects.values_list("date", flat=True))
    _count_received(real, start, end, tallies)
    _count_decisions(real, services, calendar, (_midnight(start), _midnight(end, 1)), tallies)
    _count_payments(services, start, end, tallies)
    _count_ratings(start, end, tallies)
    return tallies


def _count_received(real: QuerySet[Event], start: dt.date, end: dt.date, tallies: Tallies) -> None:
    """An application is received on the day of its first submission (not a resubmission)."""
    submissions = real.filter(kind=Event.Kind.SUBMITTED)
    low, high = _midnight(start), _midnight(end, 1)
    in_window = submissions.filter(created_at__gte=low, created_at__lt=high)
    firsts = (
        submissions.filter(application_id__in=in_window.values("application_id"))
        .values("application_id", "application__service_version__service__slug")
        .annotate(first=Min("created_at"))
        .filter(first__gte=low, first__lt=high)
    )
    for first in firsts:
        day = timezone.localdate(first["first"])
        tallies[day, first["application__service_version__service__slug"]].received += 1


DECIDED = (Event.Kind.APPROVED, Event.Kind.REJECTED)
READ = ("application_id", "kind", "from_step", "to_step", "actor_id", "created_at")


def _count_decisions(
    real: QuerySet[Event],
    services: dict[str, PublicService],
    calendar: WorkingDays,
    window: tuple[dt.datetime, dt.datetime],
    tallies: Tallies,
) -> None:
    """Decisions, sendings back and time at each human step, read application by application
    from every event of the applications that moved in the window."""
    low, high = window
    between = Q(created_at__gte=low, created_at__lt=high)
    touched = real.filter(between, kind__in=[*DECIDED, Event.Kind.MOVED]).values("application_id")
    events = (
        real.filter(application_id__in=touched)
        .filter(kind__in=[*DECIDED, Event.Kind.MOVED, Event.Kind.SUBMITTED])
        .order_by("application_id", "created_at", "pk")
        .values_list(
            *READ,
            "details__registration",
            "details__sent_back",
            "application__service_version__service__slug",
        )
    )
    reading = _Reading(services, calendar, low, high, tallies)
    for event in events.iterator(chunk_size=5000):
        reading.read(event)


class _Reading:
    """One pass over events in order of application and time."""

    def __init__(
        self,
        services: dict[str, PublicService],
        calendar: WorkingDays,
        low: dt.datetime,
        high: dt.datetime,
        tallies: Tallies,
    ) -> None:
        self.services, self.calendar, self.low, self.high = services, calendar, low, high
        self.tallies = tallies
        self.application: Any = None
        self.submitted: dt.datetime | None = None
        self.entered: dict[tuple[str, str], dt.datetime] = {}

    def read(self, event: tuple[Any, ...]) -> None:
        application, kind, from_step, to_step, actor, moment, registration, sent_back, slug = event
        assert isinstance(moment, dt.datetime)
        assert isinstance(slug, str)
        if application != self.application:
            self.application, self.submitted, self.entered = application, None, {}
        inside = self.low <= moment < self.high
        tally = self.tallies[timezone.localdate(moment), slug] if inside else None
        if kind == Event.Kind.SUBMITTED:
            self.submitted = self.submitted or moment
        elif kind in DECIDED:
            if tally is not None:
                self._decided(tally, kind == Event.Kind.APPROVED, actor is None, moment, slug)
        elif sent_back:
            if tally is not None:
                tally.sent_back += 1
        elif from_step != to_step:
            self._moved(tally, str(registration or ""), str(from_step), str(to_step), moment, slug)

    def _decided(
        self, tally: Tally, approved: bool, automatic: bool, moment: dt.datetime, slug: str
    ) -> None:
        if approved:
            tally.approved += 1
            tally.automatic += automatic
        else:
            tally.rejected += 1
        if self.submitted is None:
            return
        days = self._working_days(self.submitted, moment)
        tally.decision_days[days] += 1
        promised = self.services[slug].promised_days
        tally.within_promise += promised is not None and days <= promised

    def _moved(
        self,
        tally: Tally | None,
        registration: str,
        from_step: str,
        to_step: str,
        moment: dt.datetime,
        slug: str,
    ) -> None:
        entered = self.entered.pop((registration, from_step), None)
        human = from_step in self.services[slug].steps
        if tally is not None and entered is not None and human:
            tally.step_days[from_step][self._working_days(entered, moment)] += 1
        self.entered.setdefault((registration, to_step), moment)

    def _working_days(self, start: dt.datetime, end: dt.datetime) -> int:
        return self.calendar.between(timezone.localdate(start), timezone.localdate(end))


def _count_payments(
    services: dict[str, PublicService], start: dt.date, end: dt.date, tallies: Tallies
) -> None:
    """Payments settled, by the day they were paid and their channel (counted once each)."""
    paid = (
        PaymentEvent.objects.filter(_bounds(start, end), kind=PaymentEvent.Kind.PAID)
        .filter(
            payment__application__is_test=False,
            payment__application__service_version__service__slug__in=services,
        )
        .values("payment_id")
        .annotate(first=Min("created_at"))
        .values_list(
            "first",
            "payment__provider",
            "payment__amount",
            "payment__application__service_version__service__slug",
        )
    )
    for moment, provider, amount, slug in paid:
        channel = COUNTER if provider == COUNTER else "online"
        counted = tallies[timezone.localdate(moment), slug].payments.setdefault(channel, [0, 0])
        counted[0] += 1
        counted[1] += amount


def _count_ratings(start: dt.date, end: dt.date, tallies: Tallies) -> None:
    given = Feedback.objects.filter(
        given_at__gte=_midnight(start), given_at__lt=_midnight(end, 1)
    ).values_list("given_at", "service", "rating")
    for moment, slug, rating in given:
        tallies[timezone.localdate(moment), slug].ratings[rating] += 1


def _midnight(day: dt.date, days: int = 0) -> dt.datetime:
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(day + dt.timedelta(days=days), dt.time.min, tzinfo=tz)


def _bounds(start: dt.date, end: dt.date) -> Q:
    return Q(created_at__gte=_midnight(start), created_at__lt=_midnight(end, 1))


def _row(day: dt.date, service: PublicService, tally: Tally, now: dt.datetime) -> DailyFigure:
    return DailyFigure(
        day=day,
        service=service.slug,
        agency=service.agency,
        received=tally.received,
        approved=tally.approved,
        rejected=tally.rejected,
        sent_back=tally.sent_back,
        automatic=tally.automatic,
        within_promise=tally.within_promise,
        promised_days=service.promised_days,
        decision_days=_histogram(tally.decision_days),
        step_days={step: _histogram(c) for step, c in sorted(tally.step_days.items())},
        payments=tally.payments,
        currency=service.currency,
        ratings=_histogram(tally.ratings),
        computed_at=now,
    )


def _histogram(counts: Counter[int]) -> dict[str, int]:
    return {str(value): counts[value] for value in sorted(counts)}
