"""Test runs: numbered apart, holding nothing a real applicant needs, and removed whole."""

import datetime as dt

import pytest
from django.utils import timezone

from dzong.applications.models import Application, Attachment, NumberSequence, UniqueAnswer
from dzong.applications.removal import remove_old_test_runs, remove_test_run
from dzong.applications.services import remind_stale_drafts
from dzong.applications.tests.factories import business_draft
from dzong.workflow.submission import submit_application
from dzong.workflow.tests.factories import submitted

pytestmark = pytest.mark.django_db


def as_test_run(application: Application) -> Application:
    Application.objects.filter(pk=application.pk).update(is_test=True)
    application.refresh_from_db()
    return application


def test_a_test_run_uses_no_real_number_and_holds_no_business_name(applicant):
    run = as_test_run(business_draft(applicant))

    submit_application(application=run)

    numbers = list(run.registrations.values_list("number", flat=True))
    assert numbers and all(n.startswith("TEST-") for n in numbers)
    assert not NumberSequence.objects.exclude(key__startswith="TEST-").exists()
    assert not UniqueAnswer.objects.exists()
    real = submit_application(application=business_draft(applicant)).application
    assert real.status == "approved"
    assert real.registrations.get(code="business-licence").number.endswith("-000001")


def test_a_stale_test_run_draft_sends_no_reminder(applicant):
    run = as_test_run(business_draft(applicant))
    now = timezone.now()
    Application.objects.filter(pk=run.pk).update(updated_at=now - dt.timedelta(days=24))

    assert remind_stale_drafts(now=now) == 0


def test_removing_a_test_run_deletes_its_files(applicant, django_capture_on_commit_callbacks):
    run = as_test_run(submitted("industrial-land-lease", applicant))
    attachment = Attachment.objects.get(application=run)
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        remove_test_run(application=run)

    assert not Application.objects.exists()
    assert not storage.exists(name)


def test_a_real_application_is_never_removed_as_a_test_run(applicant):
    real = business_draft(applicant)
    Application.objects.filter(pk=real.pk).update(created_at=timezone.now() - dt.timedelta(days=99))

    with pytest.raises(ValueError, match="not a test run"):
        remove_test_run(application=real)
    assert remove_old_test_runs() == 0
    assert Application.objects.filter(pk=real.pk).exists()
