"""A refund job run twice, one after the other or at once, asks the gateway once and
records the gateway's answer."""

import pytest

from dzong.applications.models import Application
from dzong.conftest import twice_at_once
from dzong.payments.models import Payment
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
    Payment.objects.filter(pk=payment.pk).update(
        status="paid", refund_claimed_at=payment.updated_at
    )
    assert refund_rejected_applications() == 0  # claimed: not asked again
    assert settle_refund_claim(payment=payment)
    _refunded_once(payment, sandbox_gateway)
