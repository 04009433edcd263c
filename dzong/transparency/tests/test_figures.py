"""The daily figures read against the events by queries of their own, and the job's safety."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from django.db.models import F, Min
from django.utils import timezone

from dzong.applications.models import Application, Event
from dzong.applications.tests.factories import business_draft
from dzong.conftest import twice_at_once
from dzong.payments.models import PaymentEvent
from dzong.transparency.figures import (
    WorkingDays,
    compute_daily_figures,
    figures_between,
    write_figures,
)
from dzong.transparency.models import DailyFigure
from dzong.transparency.reading import percentile, totals_of
from dzong.workflow.calendar import is_working_day
from dzong.workflow.models import Holiday
from dzong.workflow.services import act_on_task
from dzong.workflow.submission import submit_application
from dzong.workflow.tests.factories import staff, submitted

BUS = "bus-route-permit"
pytestmark = pytest.mark.django_db


def _age(application: Application, days: int) -> None:
    """Move what has happened to the application so far `days` days back."""
    back = dt.timedelta(days=days)
    Event.objects.filter(application=application).update(created_at=F("created_at") - back)
    PaymentEvent.objects.filter(payment__application=application).update(
        created_at=F("created_at") - back
    )


def _act(application: Application, action: str, **more: object) -> None:
    task = application.tasks.get(status="open")
    officer = staff("transport-officer", "rsta")
    act_on_task(task=task, version=task.version, staff=officer, action=action, **more)


def _demo_applications(applicant):  # type: ignore[no-untyped-def]
    """Bus permits decided after 0 to 9 days, one sent back, one of them a test run, and
    business registrations approved at once by their rules."""
    for number in range(7):
        application = submitted(BUS, applicant)
        _age(application, number + 3)
        _act(application, "approve" if number % 3 else "reject", reason="Incomplete route.")
    waiting = submitted(BUS, applicant)
    _act(waiting, "send-back", reason="Check the contact.", fields=["contact_person"])
    test_run = submitted(BUS, applicant)
    _act(test_run, "approve")
    Application.objects.filter(pk=test_run.pk).update(is_test=True)
    for number in range(5):
        submit_application(application=business_draft(applicant, name=f"Dorji Store {number}"))
    Holiday.objects.create(date=timezone.localdate() - dt.timedelta(days=4), name="A holiday")


def _working_days(start: dt.date, end: dt.date) -> int:
    holidays = set(Holiday.objects.values_list("date", flat=True))
    return sum(
        1
        for n in range(1, (end - start).days + 1)
        if is_working_day(start + dt.timedelta(days=n), holidays)
    )


def _expected(service: str) -> dict[str, object]:
    """The service's figures read straight from the events, real applications only."""
    real = Event.objects.filter(
        application__is_test=False, application__service_version__service__slug=service
    )
    firsts = dict(
        real.filter(kind="submitted")
        .values_list("application_id")
        .annotate(first=Min("created_at"))
        .values_list("application_id", "first")
    )
    decisions = list(
        real.filter(kind__in=["approved", "rejected"]).values_list(
            "application_id", "kind", "actor_id", "created_at"
        )
    )
    days = sorted(
        _working_days(timezone.localdate(firsts[a]), timezone.localdate(when))
        for a, _, _, when in decisions
    )
    return {
        "received": len(firsts),
        "approved": sum(1 for _, kind, _, _ in decisions if kind == "approved"),
        "rejected": sum(1 for _, kind, _, _ in decisions if kind == "rejected"),
        "automatic": sum(
            1 for _, kind, actor, _ in decisions if kind == "approved" and actor is None
        ),
        "sent_back": real.filter(kind="moved", details__sent_back=True).count(),
        "median": days[math.ceil(len(days) / 2) - 1] if len(days) >= 5 else None,
        "p90": days[math.ceil(len(days) * 0.9) - 1] if len(days) >= 5 else None,
        "days": days,
    }


def test_the_figures_of_the_demo_services_agree_with_the_events(applicant):
    _demo_applications(applicant)
    first = timezone.localdate() - dt.timedelta(days=12)
    compute_daily_figures(since=first)
    for service in (BUS, "register-business"):
        totals = totals_of(DailyFigure.objects.filter(service=service))
        expected = _expected(service)
        found = {
            "received": totals.received,
            "approved": totals.approved,
            "rejected": totals.rejected,
            "automatic": totals.automatic,
            "sent_back": totals.sent_back,
            "median": percentile(totals.decision_days, 0.5),
            "p90": percentile(totals.decision_days, 0.9),
            "days": sorted(totals.decision_days.elements()),
        }
        assert found == expected, service
    bus = totals_of(DailyFigure.objects.filter(service=BUS))
    assert bus.received == 8 and bus.decided == 7 and bus.sent_back == 1
    assert max(bus.decision_days) > 0  # the aging took effect
    assert bus.within_promise == sum(1 for d in _expected(BUS)["days"] if d <= 5)  # type: ignore[attr-defined]
    assert sorted(bus.step_days["review"].elements()) == _expected(BUS)["days"]
    business = totals_of(DailyFigure.objects.filter(service="register-business"))
    assert business.automatic == 5 and business.received == 5
    assert bus.payments["counter"][0] == 8  # fees paid in cash before submitting, test run left out


def test_computing_twice_writes_the_same_rows_once(applicant):
    submitted(BUS, applicant)
    today = timezone.localdate()
    compute_daily_figures(since=today - dt.timedelta(days=2))
    first = list(DailyFigure.objects.values_list("day", "service", "received", "payments"))
    assert compute_daily_figures() == 1  # from the last day computed: today again
    compute_daily_figures(since=today - dt.timedelta(days=2))
    assert list(DailyFigure.objects.values_list("day", "service", "received", "payments")) == first
    assert DailyFigure.objects.filter(day=today, service=BUS).get().received == 1


def test_a_run_writing_after_another_at_the_same_time_leaves_one_row_per_day(applicant):
    submitted(BUS, applicant)
    today = timezone.localdate()
    counted_first = figures_between(today - dt.timedelta(days=1), today)
    compute_daily_figures(since=today - dt.timedelta(days=1))  # the other run ends first
    write_figures(counted_first)
    rows = DailyFigure.objects.filter(service=BUS)
    assert sorted(rows.values_list("day", "received")) == [
        (today - dt.timedelta(days=1), 0),
        (today, 1),
    ]


def test_a_lost_run_is_caught_up_by_the_next(applicant):
    today = timezone.localdate()
    compute_daily_figures(since=today - dt.timedelta(days=3), today=today - dt.timedelta(days=3))
    application = submitted(BUS, applicant)
    _age(application, 1)  # submitted yesterday, when no run came
    assert compute_daily_figures(today=today) == 4
    yesterday = DailyFigure.objects.get(day=today - dt.timedelta(days=1), service=BUS)
    assert yesterday.received == 1


def test_working_days_skip_weekends_and_holidays():
    monday = dt.date(2026, 11, 30)
    calendar = WorkingDays([dt.date(2026, 12, 2)])
    assert calendar.between(monday, monday) == 0
    assert calendar.between(monday, monday + dt.timedelta(days=7)) == 4  # Wednesday a holiday
    assert calendar.between(monday - dt.timedelta(days=2), monday) == 1  # from a Saturday


@pytest.mark.django_db(transaction=True)
def test_the_job_run_twice_at_once_writes_each_day_once(applicant):
    submitted(BUS, applicant)
    since = timezone.localdate() - dt.timedelta(days=5)
    outcomes = twice_at_once(lambda: compute_daily_figures(since=since))
    assert outcomes == [6, 6], outcomes
    assert DailyFigure.objects.filter(service=BUS).count() == 6
    assert DailyFigure.objects.get(service=BUS, day=timezone.localdate()).received == 1
