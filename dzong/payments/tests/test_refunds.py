"""Fees of a rejected application given back: online through the sandbox gateway over HTTP,
cash marked for the counter; once, however often the task runs."""

import io

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from dzong.applications.models import Application
from dzong.catalogue.models import ServiceVersion
from dzong.catalogue.services import import_definition, publish_version
from dzong.payments.models import Payment
from dzong.payments.providers import provider
from dzong.payments.reconciliation import day_report
from dzong.payments.refunds import refund_rejected_applications
from dzong.payments.tests.support import (
    BUS_FEE,
    bus_draft,
    decide,
    go_to_gateway,
    load_demo,
    signed_in,
    wait_until,
)
from dzong.payments.tests.test_staff_views import staff as cashier
from dzong.workflow.services import act_on_task
from dzong.workflow.tests.factories import staff as officer

BUS_DEFINITION = settings.BASE_DIR.parent / "demo" / "services" / "bus-route-permit.yaml"


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
    assert payment.events.get(kind="refunded").details == {
        "reason": "application rejected",
        "gateway": {"status": "refunded", "refunded": payment.amount},
    }
    assert provider("sandbox").query_status(payment.provider_payment_id).status == "refunded"
    assert refund_rejected_applications() == 0
    assert payment.events.filter(kind="refunded").count() == 1


APPLICATION_FEE = 10000  # Nu. 100, in chhertum


def bus_with_fees(*, seat_refund: str, application_fee_refund: str | None = None) -> None:
    """Publish a version of the bus route permit whose fees have these refund rules (and an
    application fee besides, when its rule is given)."""
    document = yaml.safe_load(BUS_DEFINITION.read_text(encoding="utf-8"))
    document["fees"][0]["refund"] = seat_refund
    if application_fee_refund is not None:
        document["fees"].append(
            {
                "code": "application-fee",
                "label": {"en": "Application fee", "dz": "ཞུ་ཡིག་གི་གླ་ཆ།"},
                "agency": "rsta",
                "account": "RSTA-APPLICATIONS",
                "amount": APPLICATION_FEE,
                "refund": application_fee_refund,
            }
        )
    publish_version(version=import_definition(text=yaml.safe_dump(document, allow_unicode=True)))


def test_a_fee_whose_rule_is_never_is_kept_and_marked_kept_once(payer, sandbox_gateway):
    bus_with_fees(seat_refund="never")
    application = bus_draft(payer)
    decide(go_to_gateway(payer, application), "approve")
    _reject(Application.objects.get(pk=application.pk))
    assert refund_rejected_applications() == 0
    assert refund_rejected_applications() == 0
    payment = Payment.objects.get()
    assert payment.status == "paid"
    assert list(payment.events.filter(kind__in=["kept", "refunded"]).values_list("kind")) == [
        ("kept",)
    ]
    assert provider("sandbox").query_status(payment.provider_payment_id).status == "paid"


def test_only_the_fees_whose_rule_gives_them_back_are_refunded_through_the_gateway(
    payer, sandbox_gateway
):
    bus_with_fees(seat_refund="on_rejection", application_fee_refund="never")
    application = bus_draft(payer)
    decide(go_to_gateway(payer, application), "approve")
    _reject(Application.objects.get(pk=application.pk))
    assert refund_rejected_applications() == 1
    assert refund_rejected_applications() == 0
    payment = Payment.objects.get()
    assert payment.amount == BUS_FEE + APPLICATION_FEE
    assert payment.status == "paid"  # the application fee is kept
    refunded = {line.fee: line.refunded_at is not None for line in payment.lines.all()}
    assert refunded == {"seat-fee": True, "application-fee": False}
    event = payment.events.get(kind="refunded")
    assert event.details == {
        "reason": "application rejected",
        "amount": BUS_FEE,
        "gateway": {"status": "paid", "refunded": BUS_FEE},
    }
    at_gateway = sandbox_gateway.gateway.payments[payment.provider_payment_id]
    assert (at_gateway.status, at_gateway.refunded) == ("paid", BUS_FEE)
    report = day_report(agency="rsta", day=timezone.localdate())
    assert report.total_refunded == BUS_FEE
    assert report.total_received == BUS_FEE + APPLICATION_FEE


def test_a_before_review_fee_is_kept_once_an_officer_rejects(payer, sandbox_gateway):
    bus_with_fees(seat_refund="before_review")
    application = bus_draft(payer)
    decide(go_to_gateway(payer, application), "approve")
    _reject(Application.objects.get(pk=application.pk))
    assert refund_rejected_applications() == 0
    assert Payment.objects.get().events.filter(kind="kept").count() == 1


def test_a_before_review_fee_comes_back_when_an_automatic_step_rejects(payer, sandbox_gateway):
    bus_with_fees(seat_refund="before_review")
    version = ServiceVersion.objects.published().get(service__slug="bus-route-permit")
    document = dict(version.document)
    document["workflow"] = {
        "start": "seats",
        "steps": [
            {
                "code": "seats",
                "type": "automatic",
                "name": {"en": "Seats check", "dz": "སྡོད་ཁྲི་ཞིབ་དཔྱད།"},
                "rule": {"<": [{"var": "seating_capacity"}, 20]},
                "if_true": "approved",
                "if_false": "rejected",
            },
            *[s for s in document["workflow"]["steps"] if s["type"] == "end"],
        ],
    }
    publish_version(version=import_definition(text=yaml.safe_dump(document, allow_unicode=True)))
    application = bus_draft(payer)  # 30 seats: rejected at once on submission
    decide(go_to_gateway(payer, application), "approve")
    wait_until(lambda: Application.objects.get(pk=application.pk).status == "rejected")
    assert refund_rejected_applications() == 1
    payment = Payment.objects.get()
    assert payment.status == "refunded"
    assert provider("sandbox").query_status(payment.provider_payment_id).status == "refunded"


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
