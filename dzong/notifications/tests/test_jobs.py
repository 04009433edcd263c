"""The message job run twice, one after the other or at once, sends each message once."""

import time

import pytest
from django.utils import timezone

from dzong.conftest import twice_at_once
from dzong.notifications.models import Delivery
from dzong.notifications.tasks import deliver
from dzong.workflow.tests.factories import submitted


def _emails_after_a_while(smtp_server) -> list[object]:
    time.sleep(0.5)  # a second copy, were one sent, would have arrived
    return smtp_server.messages


@pytest.mark.django_db
def test_the_message_job_run_twice_in_a_row_sends_each_message_once(applicant, smtp_server):
    submitted("bus-route-permit", applicant)  # recorded; its job not run yet
    ids = list(Delivery.objects.values_list("pk", flat=True))
    deliver.call(delivery_ids=ids)
    deliver.call(delivery_ids=ids)
    assert len(_emails_after_a_while(smtp_server)) == 1
    assert set(Delivery.objects.values_list("status", "claimed_at")) == {("sent", None)}


@pytest.mark.django_db(transaction=True)
def test_the_message_job_run_twice_at_once_sends_each_message_once(applicant, smtp_server):
    submitted("bus-route-permit", applicant)  # its job waits in the queue
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
    submitted("bus-route-permit", applicant)
    email = Delivery.objects.get(channel="email")
    Delivery.objects.filter(pk=email.pk).update(claimed_at=timezone.now())
    deliver.call(delivery_ids=[email.pk])
    assert _emails_after_a_while(smtp_server) == []


@pytest.mark.django_db
def test_a_message_sent_again_after_its_worker_died_carries_the_same_message_id(
    applicant, smtp_server, settings
):
    submitted("bus-route-permit", applicant)
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
