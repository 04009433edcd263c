"""A refund job run twice, one after the other or at once, asks the gateway once and
records the gateway's answer."""

import datetime as dt
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dzong.applications.management.commands.sweep import sweep
from dzong.applications.models import Application
from dzong.conftest import twice_at_once
from dzong.engine.formatting import format_money
from dzong.payments.models import Payment, PaymentEvent
from dzong.payments.refunds import refund_rejected_applications
from dzong.payments.services import settle_refund_claim
from dzong.payments.tests.support import bus_draft, decide, go_to_gateway, signed_in
from dzong.payments.tests.test_refunds import _reject


@pytest.fixture
def rejected_and_paid(site, sandbox_gateway) -> Payment:
    """A bus route permit paid online at the sandbox gateway, then rejected by an officer."""
    client, _ = signed_in()
    application = bus_draft(client)
    decide(go_to_gateway(client, application), "approve")
    _reject(Application.objects.get(pk=application.pk))
    return Payment.objects.get()


def _refunded_once(payment: Payment, sandbox_gateway) -> None:
    payment.refresh_from_db()
    assert payment.status == "refunded" and payment.refund_claimed_at is None
    assert sandbox_gateway.gateway.refund_requests == 1
    event = payment.events.get(kind="refunded")
    assert event.details["gateway"] == {"status": "refunded", "refunded": payment.amount}
    assert payment.events.filter(kind="refund_asked").count() == 1


def test_the_refund_job_run_twice_in_a_row_refunds_once_at_the_gateway(
    rejected_and_paid, sandbox_gateway
):
    assert refund_rejected_applications() == 1
    assert refund_rejected_applications() == 0
    _refunded_once(rejected_and_paid, sandbox_gateway)


def test_the_refund_job_run_twice_at_once_refunds_once_at_the_gateway(
    rejected_and_paid, sandbox_gateway
):
    outcomes = twice_at_once(refund_rejected_applications)
    assert sorted(outcomes, key=str) == [0, 1], outcomes
    _refunded_once(rejected_and_paid, sandbox_gateway)


def test_a_refund_the_gateway_gave_but_whose_answer_was_lost_is_recorded_not_asked_again(
    rejected_and_paid, sandbox_gateway
):
    payment = rejected_and_paid
    assert refund_rejected_applications() == 1
    # The worker died after the gateway refunded and before it recorded anything.
    payment.events.filter(kind="refunded").delete()
    payment.lines.update(refunded_at=None)
    long_ago = timezone.now() - dt.timedelta(hours=1)
    Payment.objects.filter(pk=payment.pk).update(status="paid", refund_claimed_at=long_ago)
    assert refund_rejected_applications() == 0  # claimed: not asked again
    assert sweep()["abandoned refund(s) settled with the gateway"] == 1
    _refunded_once(payment, sandbox_gateway)


def test_a_refund_whose_gateway_call_was_never_made_is_released_and_then_made_once(
    rejected_and_paid, sandbox_gateway
):
    payment = rejected_and_paid
    long_ago = timezone.now() - dt.timedelta(hours=1)
    Payment.objects.filter(pk=payment.pk).update(refund_claimed_at=long_ago)
    PaymentEvent.objects.create(payment=payment, kind="refund_asked", details={"lines": None})
    assert settle_refund_claim(payment=payment)  # the gateway gave nothing back: released
    assert payment.events.filter(kind="refund_not_done").count() == 1
    assert refund_rejected_applications() == 1
    assert sandbox_gateway.gateway.refund_requests == 1


def test_the_sweeper_settles_a_payment_pending_at_the_gateway_then_refunds_it_once(
    site, sandbox_gateway, settings
):
    settings.DZONG_PAYMENT_SETTLE_AFTER_SECONDS = 0
    sandbox_gateway.behave(send_callbacks=False)  # the callback is lost
    client, _ = signed_in()
    application = bus_draft(client)
    decide(go_to_gateway(client, application), "approve")
    assert Payment.objects.get().status == "pending"
    twice_at_once(sweep)
    application.refresh_from_db()
    payment = Payment.objects.get()
    assert payment.status == "paid" and application.status == "submitted"
    assert payment.events.filter(kind__in=["paid", "submitted"]).count() == 2
    _reject(application)
    twice_at_once(sweep)
    _refunded_once(Payment.objects.get(), sandbox_gateway)


def test_a_refund_is_told_to_the_applicant_on_the_page_in_the_timeline_and_by_one_message(
    rejected_and_paid, sandbox_gateway, smtp_server, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    payment = rejected_and_paid
    application = payment.application
    refund_rejected_applications()
    sweep()
    amount = format_money(payment.amount, payment.currency, "en")
    assert application.events.get(kind="refunded").details["amount"] == payment.amount
    message = application.deliveries.get(event="refunded")
    assert message.status == "sent" and amount in message.body
    time.sleep(0.5)  # a second copy, were one sent, would have arrived
    refunded = [m for m in smtp_server.messages if m["Subject"].startswith("Fees refunded")]
    assert [m["Subject"] for m in refunded] == [f"Fees refunded for {application.reference}"]
    client = Client()
    client.force_login(application.applicant)
    page = client.get(reverse("portal:application", args=[application.reference])).text
    assert f"{amount} refunded on" in page
    assert f"{amount} refunded the way you paid" in page
