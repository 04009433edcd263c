"""A cashier pays back a cash refund in a real Chromium, with axe on every page, in both
languages."""

import pytest

from dzong.applications.models import Application
from dzong.payments.models import CounterRefund, Payment
from dzong.payments.refunds import refund_rejected_applications
from dzong.payments.services import record_counter_payment
from dzong.payments.tests.test_browser_payments import cashier_tab
from dzong.portal.tests.test_browser_applicant import PHONE, Tab, bus
from dzong.workflow.services import act_on_task
from dzong.workflow.tests.factories import staff as officer

pytestmark = pytest.mark.browser


def _rejected_after_cash(browser, site, language, till_user) -> Payment:
    applicant = Tab(browser, site, f"refund-{language}@example.bt", language=language)
    applicant.go("/services/bus-route-permit/apply/")
    bus(applicant)
    applicant.close()
    application = Application.objects.get(applicant=applicant.user)
    record_counter_payment(
        application=application,
        purpose="before_submission",
        receipt_number="RSTA-CASH-9",
        staff=till_user,
    )
    application.refresh_from_db()
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


@pytest.mark.parametrize("language", ["en", "dz"])
def test_a_cashier_pays_back_a_cash_refund_and_prints_its_receipt(browser, site, language):
    till = cashier_tab(browser, site, language)
    payment = _rejected_after_cash(browser, site, language, till.user)
    till.go("/counter/")
    till.page.locator("a[href='/counter/refunds/']").click()
    till.page.wait_for_load_state()
    till.check()
    assert payment.application.reference in till.page.inner_text("#refunds-due")
    assert till.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    till.page.locator(f"a[href='/counter/refunds/{payment.reference}/']").click()
    till.page.wait_for_load_state()
    till.check()
    till.page.fill("#f-amount", "1000")
    till.page.fill("#f-received_by", "Sonam Dorji")
    till.continue_("main form button.govuk-button")  # not the amount due: an error
    assert till.page.locator(".govuk-error-summary").is_visible()
    assert till.page.input_value("#f-received_by") == "Sonam Dorji"
    till.page.fill("#f-amount", "1,500")
    till.page.fill("#f-receipt_number", "RSTA-RF-1")
    till.continue_("main form button.govuk-button")
    assert till.page.inner_text("#refund-receipt-number") == "RSTA-RF-1"
    assert CounterRefund.objects.get().received_by == "Sonam Dorji"
    with till.page.expect_download() as download:
        till.page.locator("#refund-receipt").click()
    assert download.value.suggested_filename == f"refund-{payment.reference}.pdf"
    till.go("/counter/refunds/")
    assert till.page.locator("#no-refunds").is_visible()
    till.go("/reconciliation/?agency=rsta")
    assert till.page.inner_text("#refunded-counter") in ("Nu. 1,500", "Nu. ༡,༥༠༠")
    till.close()
