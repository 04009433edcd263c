"""A designer's test run takes no money and never shows in the agency's money."""

import pytest

from dzong.applications.models import Application
from dzong.payments.refunds import refunds_due
from dzong.payments.services import PaymentRefused, start_payment
from dzong.payments.tests.support import bus_draft, load_demo, signed_in
from dzong.payments.tests.test_staff_views import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    load_demo()
    client, _ = signed_in()
    return bus_draft(client)


def test_a_test_run_cannot_start_a_payment_nor_be_paid_at_the_counter(draft):
    Application.objects.filter(pk=draft.pk).update(is_test=True)
    draft.refresh_from_db()

    with pytest.raises(PaymentRefused):
        start_payment(application=draft, purpose="before_submission", base_url="http://x")
    cashier = staff("cashier", "rsta")
    assert cashier.get(f"/counter/{draft.reference}/").status_code == 404


def test_the_reconciliation_and_refunds_leave_out_payments_of_test_runs(draft):
    cashier = staff("cashier", "rsta")
    cashier.post(f"/counter/{draft.reference}/", {"receipt_number": "R-7"})
    assert draft.reference in cashier.get("/reconciliation/").text
    Application.objects.filter(pk=draft.pk).update(is_test=True, status="rejected")

    page = cashier.get("/reconciliation/")

    assert draft.reference not in page.text
    assert not refunds_due().exists()
