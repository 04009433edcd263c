"""Retention: decided applications past their service's `retention.keep_days` are removed, files
included, the removal recorded without the content; safe to run twice and at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from dzong.appeals.services import lodge_appeal
from dzong.applications.models import Application, Attachment, Removal
from dzong.applications.retention import remove_expired_applications
from dzong.applications.services import remove_stale_drafts
from dzong.applications.tests.factories import business_draft
from dzong.audit.models import Entry
from dzong.audit.services import verify
from dzong.catalogue.models import ServiceVersion
from dzong.conftest import twice_at_once
from dzong.engine.tests.support import demo_document, problems_of
from dzong.workflow.services import act_on_task
from dzong.workflow.tests.factories import staff, submitted

LATER = dt.timedelta(days=91)


def kept_for(service: str, days: int, *, free: bool = False) -> None:
    """The service's current version keeps decided applications `days` days (and, `free`,
    charges no fee: nothing but the application refers to it)."""
    version = ServiceVersion.objects.current_for(service)
    assert version is not None
    document = {**version.document, "retention": {"keep_days": days}}
    ServiceVersion.objects.filter(pk=version.pk).update(
        document={**document, "fees": []} if free else document
    )


def rejected_drone(applicant) -> Application:
    application = submitted("drone-permit", applicant, weight=2500)
    task = application.tasks.get()
    officer = staff("aviation-officer", "caa")
    act_on_task(task=task, version=task.version, staff=officer, action="reject", reason="No.")
    return Application.objects.get(pk=application.pk)


def stored_names(application: Application) -> list[tuple[object, str]]:
    return [(a.file.storage, a.file.name) for a in application.attachments.all()]


@pytest.mark.django_db
def test_a_service_without_retention_keeps_everything(applicant):
    application = rejected_drone(applicant)
    assert remove_expired_applications(now=timezone.now() + dt.timedelta(days=3650)) == 0
    assert Application.objects.filter(pk=application.pk).exists()


@pytest.mark.django_db
def test_past_the_period_the_application_and_its_files_go_and_the_removal_is_recorded(
    applicant, django_capture_on_commit_callbacks
):
    kept_for("drone-permit", 90, free=True)
    application = rejected_drone(applicant)
    files = stored_names(application)
    assert files and all(storage.exists(name) for storage, name in files)
    assert remove_expired_applications(now=timezone.now() + dt.timedelta(days=89)) == 0

    with django_capture_on_commit_callbacks(execute=True):
        removed = remove_expired_applications(now=timezone.now() + LATER)

    assert removed == 1
    assert not Application.objects.filter(pk=application.pk).exists()
    assert not Attachment.objects.exists()
    assert not any(storage.exists(name) for storage, name in files)
    record = Removal.objects.get()
    assert (record.reference, record.service, record.files, record.whole) == (
        application.reference,
        "drone-permit",
        len(files),
        True,
    )
    assert record.decided_at == application.decided_at
    entry = Entry.objects.get(action="application.removed")
    assert entry.subject == f"application:{application.reference}"
    assert "DJI" not in str(entry.data) and "DJI" not in str(record.__dict__)
    assert verify().problem is None  # its events are gone on purpose, not behind the log
    assert remove_expired_applications(now=timezone.now() + LATER) == 0


@pytest.mark.django_db
def test_an_application_with_payments_keeps_its_records_but_loses_answers_and_files(applicant):
    kept_for("bus-route-permit", 30)
    application = submitted("bus-route-permit", applicant)  # paid at the counter first
    Application.objects.filter(pk=application.pk).update(
        status="rejected", decided_at=timezone.now()
    )

    assert remove_expired_applications(now=timezone.now() + LATER) == 1

    application.refresh_from_db()
    assert application.answers == {} and application.erased_at is not None
    assert not application.attachments.exists() and application.payments.exists()
    assert Removal.objects.get().whole is False
    assert remove_expired_applications(now=timezone.now() + LATER) == 0


@pytest.mark.django_db
def test_an_application_with_an_open_appeal_waits(applicant):
    kept_for("drone-permit", 1)
    application = rejected_drone(applicant)
    lodge_appeal(application=application, applicant=applicant, text="Please look again.")
    assert remove_expired_applications(now=timezone.now() + dt.timedelta(days=5)) == 0


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_remove_each_application_once(applicant):
    kept_for("drone-permit", 10, free=True)
    rejected_drone(applicant)
    rejected_drone(applicant)
    later = timezone.now() + LATER

    outcomes = twice_at_once(lambda: remove_expired_applications(now=later))

    assert sorted(o for o in outcomes if isinstance(o, int)) == sorted(outcomes)  # no error
    assert sum(outcomes) == 2  # type: ignore[arg-type]
    assert Removal.objects.count() == 2 and not Application.objects.exists()


@pytest.mark.django_db
def test_the_daily_command_removes_and_says_how_many(applicant, capsys):
    kept_for("drone-permit", 1)
    application = rejected_drone(applicant)
    Application.objects.filter(pk=application.pk).update(
        decided_at=timezone.now() - dt.timedelta(days=2)
    )
    call_command("remove_expired")
    assert "1 removed" in capsys.readouterr().out


def test_the_definition_says_how_long_and_refuses_nonsense():
    document = demo_document("drone-permit")
    assert not problems_of({**document, "retention": {"keep_days": 365}})
    assert problems_of({**document, "retention": {"keep_days": 0}})
    assert any("unknown role" in p for p in problems_of({**document, "appeals": {"role": "x"}}))


@pytest.mark.django_db
def test_a_stale_draft_removed_whole_leaves_the_audit_log_whole(applicant):
    draft = business_draft(applicant)
    later = timezone.now() + dt.timedelta(days=60)
    Application.objects.filter(pk=draft.pk).update(reminded_at=later - dt.timedelta(days=10))

    assert remove_stale_drafts(now=later) == 1

    assert Entry.objects.filter(action="application.removed").count() == 1
    assert verify().problem is None
