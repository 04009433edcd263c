"""The message job run twice, one after the other or at once, sends each message once;
the sweeper sends what a lost job left."""

import datetime as dt
import io
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from dzong.applications.models import Application
from dzong.applications.reactions import REMIND_OF_DRAFT, TELL_APPLICANT
from dzong.applications.services import remind_stale_drafts
from dzong.applications.tests.factories import business_draft, run_reactions
from dzong.conftest import twice_at_once
from dzong.notifications.models import Delivery
from dzong.notifications.services import send_message
from dzong.notifications.tasks import deliver
from dzong.notifications.tests.support import sent_once
from dzong.workflow.escalation import escalate_overdue
from dzong.workflow.tests.factories import submitted


def told(application: Application) -> None:
    """The applicant's messages recorded by their reaction (their sending not run yet)."""
    run_reactions(application, TELL_APPLICANT)


def _emails_after_a_while(smtp_server) -> list[object]:
    time.sleep(0.5)  # a second copy, were one sent, would have arrived
    return smtp_server.messages


@pytest.mark.django_db
def test_the_message_job_run_twice_in_a_row_sends_each_message_once(applicant, smtp_server):
    told(submitted("bus-route-permit", applicant))  # recorded; its job not run yet
    ids = list(Delivery.objects.values_list("pk", flat=True))
    deliver.call(delivery_ids=ids)
    deliver.call(delivery_ids=ids)
    assert len(_emails_after_a_while(smtp_server)) == 1
    assert set(Delivery.objects.values_list("status", "claimed_at")) == {("sent", None)}


@pytest.mark.django_db(transaction=True)
def test_the_message_job_run_twice_at_once_sends_each_message_once(applicant, smtp_server):
    told(submitted("bus-route-permit", applicant))  # its job waits in the queue
    ids = list(Delivery.objects.values_list("pk", flat=True))
    outcomes = twice_at_once(lambda: deliver.call(delivery_ids=ids))
    assert outcomes == [None, None]
    emails = _emails_after_a_while(smtp_server)
    assert [m["Subject"] for m in emails] == list(
        Delivery.objects.filter(channel="email").values_list("subject", flat=True)
    )
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_a_message_held_by_a_live_worker_is_not_sent_by_another(applicant, smtp_server):
    told(submitted("bus-route-permit", applicant))
    email = Delivery.objects.get(channel="email")
    Delivery.objects.filter(pk=email.pk).update(claimed_at=timezone.now())
    deliver.call(delivery_ids=[email.pk])
    assert _emails_after_a_while(smtp_server) == []


@pytest.mark.django_db
def test_a_message_sent_again_after_its_worker_died_carries_the_same_message_id(
    applicant, smtp_server, settings
):
    told(submitted("bus-route-permit", applicant))
    email = Delivery.objects.get(channel="email")
    deliver.call(delivery_ids=[email.pk])
    # The worker died after the mail server took it, before recording it: the claim lapses.
    settings.DZONG_JOB_LEASE_SECONDS = 60
    lapsed = timezone.now() - timezone.timedelta(seconds=61)
    Delivery.objects.filter(pk=email.pk).update(status="queued", claimed_at=lapsed)
    deliver.call(delivery_ids=[email.pk])
    first, second = smtp_server.wait_for(2)
    assert first["Message-ID"] == second["Message-ID"] != ""
    assert Delivery.objects.get(pk=email.pk).provider_id == first["Message-ID"]


def _messages_to_staff_and_to_addresses(applicant) -> list[Delivery]:
    """An escalation to a supervisor, an invitation, a reminder to the owner of a draft and an
    email to an address with no account; recorded, their sending jobs not run yet."""
    submitted("bus-route-permit", applicant)
    escalate_overdue(now=timezone.now() + dt.timedelta(days=30))
    call_command(
        "agency",
        "create",
        "forests",
        "--name-en",
        "Forests",
        "--name-dz",
        "ནགས་ཚལ།",
        stdout=io.StringIO(),
    )
    call_command(
        "staff", "invite", "tashi@forests.gov.bt", "--agency", "forests", stdout=io.StringIO()
    )
    draft = business_draft(applicant)
    Application.objects.filter(pk=draft.pk).update(
        updated_at=timezone.now() - dt.timedelta(days=24)
    )
    remind_stale_drafts()
    run_reactions(draft, REMIND_OF_DRAFT)
    send_message(
        to="clerk@example.bt", event="notice", subject="A notice", body="Hello", language="dz"
    )
    kinds = ["escalation", "invitation", "draft_reminder", "notice"]
    return list(Delivery.objects.filter(event__in=kinds).order_by("pk"))


@pytest.mark.django_db(transaction=True)
def test_messages_to_staff_and_to_addresses_run_twice_at_once_are_sent_once(applicant, smtp_server):
    messages = _messages_to_staff_and_to_addresses(applicant)
    assert [(m.event, m.recipient is None, m.application_id is None) for m in messages] == [
        ("escalation", False, True),
        ("invitation", False, True),
        ("draft_reminder", False, False),
        ("notice", True, True),
    ]
    ids = [m.pk for m in messages]
    assert twice_at_once(lambda: deliver.call(delivery_ids=ids)) == [None, None]
    received = sorted(
        (str(m["To"]), str(m["Subject"]).strip()) for m in _emails_after_a_while(smtp_server)
    )
    assert received == sorted((m.address, m.subject) for m in messages)
    assert set(Delivery.objects.filter(pk__in=ids).values_list("status", "attempts")) == {
        ("sent", 1)
    }


@pytest.mark.django_db
def test_the_sweeper_sends_lost_messages_to_staff_and_to_addresses_once(
    applicant, smtp_server, immediate_tasks, django_capture_on_commit_callbacks
):
    messages = _messages_to_staff_and_to_addresses(applicant)  # their jobs are lost
    Delivery.objects.update(created_at=timezone.now() - dt.timedelta(hours=1))
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("sweep", stdout=io.StringIO())
    for message in messages:
        sent_once(smtp_server, message)


@pytest.mark.django_db
def test_telling_the_applicant_run_twice_records_each_message_once(applicant):
    application = submitted("bus-route-permit", applicant)
    told(application)
    told(application)
    sent = Delivery.objects.filter(application=application, event="submitted")
    assert sorted(sent.values_list("channel", flat=True)) == ["email", "sms"]


@pytest.mark.django_db(transaction=True)
def test_telling_the_applicant_twice_at_once_records_each_message_once(applicant):
    application = submitted("bus-route-permit", applicant)
    assert twice_at_once(lambda: told(application)) == [None, None]
    sent = Delivery.objects.filter(application=application, event="submitted")
    assert sorted(sent.values_list("channel", flat=True)) == ["email", "sms"]
