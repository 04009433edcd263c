"""`dzong sweep` repairs what lost or crashed jobs left, once however often it runs."""

from __future__ import annotations

import datetime as dt
import io
import sys
import time

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dzong.applications.management.commands.sweep import sweep
from dzong.applications.models import IssuedRegistration
from dzong.applications.tests.factories import business_draft
from dzong.certificates.models import Certificate
from dzong.demo_supervisor import supervise
from dzong.notifications.models import Delivery
from dzong.notifications.services import tell_of_events
from dzong.workflow.submission import submit_application
from dzong.workflow.tests.factories import submitted

LONG_AGO = dt.timedelta(hours=1)
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _swept(label: str) -> int:
    return next(count for name, count in sweep().items() if label in name)


def _subjects(smtp_server) -> list[str]:
    time.sleep(0.5)  # a second copy, were one sent, would have arrived
    return [str(m["Subject"]) for m in smtp_server.messages]


@pytest.mark.django_db(transaction=True)
def test_a_task_left_running_by_a_dead_worker_is_queued_again_and_then_runs(applicant, smtp_server):
    submit_application(application=business_draft(applicant))  # queued for the worker
    tasks = DBTaskResult.objects.all()
    issuing = tasks.get(task_path__endswith="issue_certificates_of")
    tasks.update(status="RUNNING", started_at=timezone.now())  # workers at it now
    tasks.filter(pk=issuing.pk).update(started_at=timezone.now() - LONG_AGO)  # one died
    out = io.StringIO()
    call_command("sweep", stdout=out)
    assert "1 task(s) left running by a dead worker queued again" in out.getvalue()
    assert _swept("task(s) left running") == 0
    assert tasks.filter(status="RUNNING").count() == tasks.count() - 1
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert Certificate.objects.filter(status="issued").count() == 3


@pytest.mark.django_db
def test_registrations_approved_without_their_certificates_get_them_and_one_email(
    applicant, smtp_server, settings, django_capture_on_commit_callbacks
):
    submit_application(application=business_draft(applicant))  # its job is lost
    IssuedRegistration.objects.update(issued_at=timezone.now() - LONG_AGO)
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        assert _swept("missing certificate") == 3
        assert _swept("missing certificate") == 0
    assert Certificate.objects.filter(status="issued").count() == 3
    assert [s for s in _subjects(smtp_server) if "are ready" in s] == [
        f"Your certificates for {IssuedRegistration.objects.first().application.reference} are ready"
    ]


@pytest.mark.django_db
def test_messages_still_queued_are_sent_once(
    applicant, smtp_server, settings, django_capture_on_commit_callbacks
):
    application = submitted("bus-route-permit", applicant)
    events = list(application.events.values_list("pk", flat=True))
    tell_of_events(event_ids=events)  # the messages are recorded; their sending job is lost
    Delivery.objects.update(created_at=timezone.now() - LONG_AGO)
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        assert _swept("unsent message") == Delivery.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert _swept("unsent message") == 0
    assert _subjects(smtp_server) == [f"We received your application {application.reference}"]


@pytest.mark.django_db
def test_after_an_outage_the_sweep_repairs_at_once_what_waited_the_time_it_is_told(
    applicant, smtp_server, settings, django_capture_on_commit_callbacks
):
    application = submitted("bus-route-permit", applicant)
    tell_of_events(event_ids=list(application.events.values_list("pk", flat=True)))
    # the messages are recorded; their sending job was lost a minute ago
    Delivery.objects.update(created_at=timezone.now() - dt.timedelta(seconds=70))
    settings.TASKS = IMMEDIATE
    assert _swept("unsent message") == 0  # five minutes by default
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sweep", "--older-than", "60", stdout=out)
    assert f"{Delivery.objects.count()} unsent message(s) queued again" in out.getvalue()
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_the_demo_supervisor_starts_a_worker_again_when_it_exits(tmp_path):
    starts = tmp_path / "starts"
    worker = f"open({str(starts)!r}, 'a').write('started\\n')"  # then exits, as a crash would
    supervise([sys.executable, "-c", worker], every=0, runs=2)
    assert starts.read_text() == "started\nstarted\n"
