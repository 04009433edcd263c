"""Applicants are reminded, once, that the deadline for their corrections is near."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from dzong.applications.models import Event
from dzong.notifications.models import Delivery
from dzong.notifications.tests.support import sent_once
from dzong.workflow.models import Correction, Holiday
from dzong.workflow.reminders import correction_deadline, remind_of_corrections
from dzong.workflow.services import act_on_task, resubmit_corrections
from dzong.workflow.tests.factories import staff, submitted

pytestmark = pytest.mark.django_db


def _sent_back(applicant) -> Correction:
    application = submitted("bus-route-permit", applicant)
    task = application.tasks.get(status="open")
    act_on_task(
        task=task,
        version=task.version,
        staff=staff("transport-officer", "rsta"),
        action="send-back",
        reason="The vehicle registration is wrong.",
        fields=["vehicle_registration"],
    )
    return Correction.objects.get(application=application)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def test_the_deadline_counts_working_days_and_skips_holidays(settings):
    settings.DZONG_CORRECTION_DAYS = 3
    friday = _at(dt.date(2026, 12, 11))
    assert correction_deadline(friday, set()) == dt.date(2026, 12, 16)
    assert correction_deadline(friday, {dt.date(2026, 12, 14)}) == dt.date(2026, 12, 17)


def test_the_applicant_is_reminded_once_before_the_correction_deadline(
    applicant, settings, smtp_server, immediate_tasks, django_capture_on_commit_callbacks
):
    settings.DZONG_CORRECTION_DAYS = 10
    settings.DZONG_CORRECTION_REMINDER_DAYS = 2
    correction = _sent_back(applicant)
    deadline = correction_deadline(correction.requested_at, set())
    early = _at(deadline - dt.timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_of_corrections(now=early) == 0
        assert remind_of_corrections(now=_at(deadline) - dt.timedelta(days=1)) == 1
        assert remind_of_corrections(now=_at(deadline)) == 0
    smtp_server.wait_for(1)
    message = Delivery.objects.get(event="corrections_reminder")
    assert (message.application, message.recipient) == (correction.application, applicant)
    reminder = sent_once(smtp_server, message)
    reference = correction.application.reference
    assert reminder["To"] == applicant.email
    assert reminder["Subject"].startswith(f"Correct your application {reference} by ")
    assert f"/applications/{reference}/" in reminder.get_content()
    event = correction.application.events.get(kind=Event.Kind.REMINDED)
    assert event.details == {"correction": correction.pk, "deadline": deadline.isoformat()}


def test_no_reminder_after_the_deadline_or_once_corrected(applicant, settings):
    settings.DZONG_CORRECTION_REMINDER_DAYS = 2
    correction = _sent_back(applicant)
    deadline = correction_deadline(correction.requested_at, set())
    assert remind_of_corrections(now=_at(deadline + dt.timedelta(days=1))) == 0
    resubmit_corrections(
        application=correction.application, answers={"vehicle_registration": "BP-1-B5678"}
    )
    assert remind_of_corrections(now=_at(deadline)) == 0
    assert not Event.objects.filter(kind=Event.Kind.REMINDED).exists()


def test_the_notice_is_a_setting_in_working_days(applicant, settings):
    settings.DZONG_CORRECTION_DAYS = 10
    settings.DZONG_CORRECTION_REMINDER_DAYS = 10
    Holiday.objects.create(date=timezone.localdate() - dt.timedelta(days=400), name="Old")
    _sent_back(applicant)
    out = io.StringIO()
    call_command("escalate_overdue", stdout=out)
    assert "1 applicants reminded of a correction deadline" in out.getvalue()
