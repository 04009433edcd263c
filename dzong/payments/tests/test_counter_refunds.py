"""Cash refunds paid back at the counter: listed for the agency's cashiers, recorded once with
the amount, the person and the receipt number, a refund receipt, and the day's reconciliation."""

import datetime as dt
import subprocess

import pytest
from django.utils import timezone

from dzong.applications.models import Application
from dzong.payments.counter_refund_views import parse_amount
from dzong.payments.models import CounterRefund, Payment
from dzong.payments.reconciliation import day_report
from dzong.payments.refunds import refund_rejected_applications
from dzong.payments.tests.support import BUS_FEE, bus_draft, load_demo, signed_in
from dzong.payments.tests.test_staff_views import staff
from dzong.workflow.services import act_on_task
from dzong.workflow.tests.factories import staff as officer

pytestmark = pytest.mark.django_db


def rejected_cash_payment() -> Payment:
    """A bus route permit paid in cash at the RSTA counter, then rejected and marked."""
    load_demo()
    client, _ = signed_in()
    draft = bus_draft(client)
    staff("cashier", "rsta", email="taker@example.bt").post(
        f"/counter/{draft.reference}/", {"receipt_number": "RSTA-7"}
    )
    application = Application.objects.get(pk=draft.pk)
    task = application.tasks.get(status="open")
    act_on_task(
        task=task,
        version=task.version,
        staff=officer("transport-officer", "rsta"),
        action="reject",
        reason="The route is already served.",
    )
    assert refund_rejected_applications() == 1
    return Payment.objects.get()


@pytest.fixture
def payment() -> Payment:
    return rejected_cash_payment()


def test_the_refunds_due_are_listed_for_the_agencys_cashiers_only(payment):
    listed = staff("cashier", "rsta").get("/counter/refunds/")
    assert listed.status_code == 200
    assert payment.application.reference in listed.text and "Nu. 1,500" in listed.text
    other = staff("cashier", "caa")
    assert payment.application.reference not in other.get("/counter/refunds/").text
    assert other.get(f"/counter/refunds/{payment.reference}/").status_code == 404
    not_staff = staff("cashier", "rsta", is_staff=False, email="x@example.bt")
    assert not_staff.get("/counter/refunds/")["Location"].startswith("/office/sign-in/")
    officer_client = staff("transport-officer", "rsta", email="o@example.bt")
    assert officer_client.get("/counter/refunds/").status_code == 403


def test_a_pay_back_is_recorded_once_and_the_payment_is_refunded(payment):
    cashier = staff("cashier", "rsta")
    url = f"/counter/refunds/{payment.reference}/"
    done = cashier.post(
        url, {"amount": "1,500", "received_by": " Dorji Wangchuk ", "receipt_number": "RF-1"}
    )
    assert done.status_code == 302 and done["Location"] == f"{url}done/"
    refund = CounterRefund.objects.get()
    assert (refund.amount, refund.received_by, refund.receipt_number) == (
        BUS_FEE,
        "Dorji Wangchuk",
        "RF-1",
    )
    payment.refresh_from_db()
    assert payment.status == "refunded" and payment.refunded_at is not None
    event = payment.events.get(kind="refunded")
    assert (event.source, event.actor.email) == ("counter", "cashier-rsta@example.bt")
    assert payment.application.reference not in cashier.get("/counter/refunds/").text
    assert (
        cashier.post(url, {"amount": "1500", "received_by": "A", "receipt_number": "B"}).status_code
        == 404
    )
    assert CounterRefund.objects.count() == 1
    page = cashier.get(f"{url}done/")
    assert "RF-1" in page.text and "Dorji Wangchuk" in page.text


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"amount": "", "received_by": "A", "receipt_number": "B"}, "amount", "in ngultrum"),
        ({"amount": "15OO", "received_by": "A", "receipt_number": "B"}, "amount", "in ngultrum"),
        ({"amount": "1000", "received_by": "A", "receipt_number": "B"}, "amount", "Nu. 1,500"),
        ({"amount": "1500", "received_by": " ", "receipt_number": "B"}, "received_by", "name"),
        ({"amount": "1500", "received_by": "A", "receipt_number": ""}, "receipt_number", "number"),
    ],
)
def test_a_wrong_pay_back_is_refused_with_what_was_typed_kept(payment, typed, field, message):
    page = staff("cashier", "rsta").post(f"/counter/refunds/{payment.reference}/", typed)
    assert page.status_code == 200
    assert f'href="#f-{field}"' in page.text and message in page.text
    assert f'id="f-{field}-error"' in page.text
    for value in typed.values():
        assert f'value="{value}"' in page.text
    assert not CounterRefund.objects.exists()
    assert Payment.objects.get().status == "paid"


def test_the_refund_receipt_is_a_pdf_in_both_languages(payment, tmp_path):
    cashier = staff("cashier", "rsta")
    cashier.post(
        f"/counter/refunds/{payment.reference}/",
        {"amount": "1500", "received_by": "Dorji Wangchuk", "receipt_number": "RF-2"},
    )
    response = cashier.get(f"/counter/refunds/{payment.reference}/receipt.pdf")
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "refund.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Refund receipt" in text and "RF-2" in text and "Dorji Wangchuk" in text
    assert "Nu. 1,500" in text and payment.verification_code in text
    assert (
        staff("cashier", "caa").get(f"/counter/refunds/{payment.reference}/receipt.pdf").status_code
        == 404
    )


def test_the_reconciliation_shows_the_cash_handed_back_that_day(payment):
    cashier = staff("cashier", "rsta")
    cashier.post(
        f"/counter/refunds/{payment.reference}/",
        {"amount": "1500", "received_by": "Dorji Wangchuk", "receipt_number": "RF-3"},
    )
    today = timezone.localdate()
    report = day_report(agency="rsta", day=today)
    assert report.refunded_by_channel() == {"counter": BUS_FEE}
    assert day_report(agency="rsta", day=today + dt.timedelta(days=1)).refunded == []
    page = cashier.get("/reconciliation/", {"agency": "rsta", "day": today.isoformat()})
    assert "Cash handed back at the counter" in page.text
    assert 'id="refunded-counter">Nu. 1,500<' in page.text


@pytest.mark.parametrize(
    ("typed", "minor"),
    [("1500", 150000), ("1,500.50", 150050), ("Nu. 2", 200), ("༡༥༠༠", 150000), ("1.005", None)],
)
def test_amounts_are_read_as_ngultrum(typed, minor):
    assert parse_amount(typed) == minor


def test_nonsense_amounts_are_not_read():
    for typed in ("", "abc", "-5", "NaN", "Infinity", "1e999"):
        assert parse_amount(typed) is None
