"""Fees of a rejected application given back: online through the sandbox gateway over HTTP,
cash marked for the counter; once, however often the task runs."""

import io

import pytest
from django.core.management import call_command

from dzong.applications.models import Application
from dzong.payments.models import Payment
from dzong.payments.providers import provider
from dzong.payments.refunds import refund_rejected_applications
from dzong.payments.tests.support import bus_draft, decide, go_to_gateway, load_demo, signed_in
from dzong.payments.tests.test_staff_views import staff as cashier
from dzong.workflow.services import act_on_task
from dzong.workflow.tests.factories import staff as officer


@pytest.fixture
def payer(site):
    client, _ = signed_in()
    return client


def _reject(application: Application) -> None:
    task = application.tasks.get(status="open")
    act_on_task(
        task=task,
        version=task.version,
        staff=officer("transport-officer", "rsta"),
        action="reject",
        reason="The route is already served.",
    )
    application.refresh_from_db()
    assert application.status == "rejected"


def test_a_rejected_applications_online_payment_is_refunded_through_the_gateway_once(
    payer, sandbox_gateway
):
    application = bus_draft(payer)
    decide(go_to_gateway(payer, application), "approve")
    application.refresh_from_db()
    assert refund_rejected_applications() == 0  # submitted, not rejected: nothing to give back
    _reject(application)
    out = io.StringIO()
    call_command("refund_rejected_applications", stdout=out)
    assert out.getvalue().startswith("1 payment(s)")
    payment = Payment.objects.get()
    assert payment.status == "refunded" and payment.refunded_at is not None
    assert payment.events.get(kind="refunded").details == {"reason": "application rejected"}
    assert provider("sandbox").query_status(payment.provider_payment_id).status == "refunded"
    assert refund_rejected_applications() == 0
    assert payment.events.filter(kind="refunded").count() == 1


def test_no_refund_when_the_setting_is_off(payer, sandbox_gateway, settings):
    settings.DZONG_REFUND_ON_REJECTION = False
    application = bus_draft(payer)
    decide(go_to_gateway(payer, application), "approve")
    _reject(Application.objects.get(pk=application.pk))
    assert refund_rejected_applications() == 0
    payment = Payment.objects.get()
    assert payment.status == "paid"
    assert provider("sandbox").query_status(payment.provider_payment_id).status == "paid"


@pytest.mark.django_db
def test_a_rejected_applications_cash_payment_is_marked_for_the_counter_once():
    load_demo()
    client, _ = signed_in()
    draft = bus_draft(client)
    cashier("cashier", "rsta").post(f"/counter/{draft.reference}/", {"receipt_number": "R-9"})
    _reject(Application.objects.get(pk=draft.pk))
    assert refund_rejected_applications() == 1
    assert refund_rejected_applications() == 0
    payment = Payment.objects.get()
    assert payment.status == "paid"  # until the cashier hands the cash back
    assert list(payment.events.filter(kind="refund_due").values_list("source", flat=True)) == [
        "counter"
    ]
