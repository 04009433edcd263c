import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone

import dzong
from dzong.applications.models import Application
from dzong.applications.services import remind_stale_drafts
from dzong.applications.tests.factories import business_draft
from dzong.notifications.models import Delivery
from dzong.notifications.tests.support import sent_once
from dzong.workflow.submission import submit_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_an_approved_business_hears_it_was_received_and_approved_by_email(
    applicant,
    smtp_server,
    immediate_tasks,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        application = submit_application(application=business_draft(applicant)).application
    # The third email says the certificates are ready (see dzong.certificates).
    received, approved = [m for m in smtp_server.wait_for(3) if "certificates" not in m["Subject"]]
    assert received["To"] == "karma@example.bt"
    assert received["Subject"] == f"We received your application {application.reference}"
    assert "Wangmo Handicrafts" in received.get_content()
    assert approved["Subject"] == "Your business Wangmo Handicrafts is registered"


def test_messages_go_in_the_applicants_language(
    applicant,
    smtp_server,
    immediate_tasks,
    django_capture_on_commit_callbacks,
):
    draft = business_draft(applicant)
    Application.objects.filter(pk=draft.pk).update(language="dz")
    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        submit_application(application=draft)
    received = smtp_server.wait_for(2)[0]
    assert "ཞུ་ཡིག་" in received["Subject"]
    assert received["Content-Language"] == "dz"


def test_the_owner_of_an_old_draft_is_told_when_it_will_be_removed(
    applicant,
    smtp_server,
    immediate_tasks,
    django_capture_on_commit_callbacks,
):
    draft = business_draft(applicant)
    now = timezone.now()
    Application.objects.filter(pk=draft.pk).update(updated_at=now - dt.timedelta(days=24))
    with django_capture_on_commit_callbacks(execute=True):
        remind_stale_drafts(now=now)
    smtp_server.wait_for(1)
    message = Delivery.objects.get(event="draft_reminder")
    assert (message.application, message.recipient) == (draft, applicant)
    reminder = sent_once(smtp_server, message)
    assert draft.reference in reminder["Subject"]
    body = reminder.get_content()
    removal = timezone.localdate(now - dt.timedelta(days=24) + dt.timedelta(days=30))
    assert f"{removal.day} " in body and f"/applications/{draft.reference}/" in body


MAIL_IMPORT = re.compile(r"^\s*(from|import) django\.core\.mail\b", re.MULTILINE)


def test_no_code_but_the_delivery_job_sends_email():
    """Every message is a recorded Delivery: nothing else may reach the mail backend."""
    package = Path(dzong.__file__).parent
    senders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "tests" not in path.parts and MAIL_IMPORT.search(path.read_text())
    ]
    assert senders == ["notifications/tasks.py"]
