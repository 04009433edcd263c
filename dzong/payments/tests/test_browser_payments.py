"""Paying in a real Chromium: online at the sandbox gateway and in cash at a counter, with axe
on every page in both languages."""

import datetime as dt

import pytest

from dzong.accounts.models import StaffRole, User
from dzong.applications.models import Application
from dzong.catalogue.models import Role
from dzong.payments.models import Payment
from dzong.payments.services import settle_pending_payments
from dzong.portal.tests.test_browser_applicant import (
    PHONE,
    Tab,
    bus,
    drone,
    land,
    pay_at_the_gateway,
)

pytestmark = pytest.mark.browser


def to_payment(tab):
    """From check your answers to the page of the fees to pay."""
    assert tab.page.url.endswith("/check/")
    tab.page.check("#f-declaration")
    tab.continue_("form button.govuk-button")
    assert "/pay/before-submission/" in tab.page.url


def printed(page):
    """The page as printed: whether its header shows, and what follows the receipt's link."""
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => ({header: getComputedStyle(document.querySelector('.govuk-header')).display,
                   address: getComputedStyle(document.querySelector('#receipt-pdf'), '::after')
                       .content})"""
    )
    page.emulate_media(media="screen")
    return shown


def test_a_drone_permit_paid_online_gets_submitted_with_a_receipt(browser, site):
    tab = Tab(browser, site, "drone-payer@example.bt")
    tab.go("/services/drone-permit/apply/")
    drone(tab)
    assert tab.page.get_by_role("button", name="Continue to payment").is_visible()
    to_payment(tab)
    assert tab.page.inner_text("#total") == "Nu. 2,000"
    assert "Civil Aviation Authority" in tab.page.content()
    pay_at_the_gateway(tab)
    assert tab.page.get_by_role("heading", name="Application submitted").is_visible()
    application = Application.objects.get(applicant=tab.user)
    assert application.status == "submitted"
    assert tab.page.inner_text("#reference") == application.reference
    tab.page.get_by_role("link", name="Your receipt").click()
    tab.check()
    code = Payment.objects.get().verification_code
    assert tab.page.inner_text("#verification-code") == code
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert printed(tab.page) == {
        "header": "none",
        "address": f'" ({tab.page.url}.pdf)"'.replace("/receipt/.pdf", "/receipt.pdf"),
    }
    tab.page.get_by_role("link", name=f"/payments/receipts/{code}/").click()
    tab.check()
    assert tab.page.get_by_role("heading", name="This receipt is genuine").is_visible()
    tab.close()


def test_the_industrial_land_lease_fee_follows_plot_and_estate_and_is_paid(browser, site):
    tab = Tab(browser, site, "land-payer@example.bt")
    tab.go("/services/industrial-land-lease/apply/")
    land(tab)  # 6,000 m² in Pasakha (Nu. 30 a m² a year)
    to_payment(tab)
    assert tab.page.inner_text("#total") == "Nu. 181,000"
    assert "Nu. 180,000" in tab.page.content() and "Nu. 1,000" in tab.page.content()
    pay_at_the_gateway(tab)
    assert tab.page.get_by_role("heading", name="Application submitted").is_visible()
    payment = Payment.objects.get()
    assert payment.amount == 18_100_000
    assert sorted(payment.lines.values_list("account", "amount")) == [
        ("DOI-ESTATE-RENT", 18_000_000),
        ("DOI-LEASE-APPLICATIONS", 100_000),
    ]
    tab.close()


@pytest.mark.parametrize("language", ["en", "dz"])
def test_declined_pending_and_paid_pages_are_accessible(browser, site, sandbox_gateway, language):
    tab = Tab(browser, site, f"pages-{language}@example.bt", language=language)
    tab.go("/services/bus-route-permit/apply/")
    bus(tab)
    to_payment(tab)
    tab.continue_("main form button.govuk-button")
    tab.page.get_by_role("button", name="Decline payment").click()
    tab.page.wait_for_load_state()
    tab.check()  # declined: try again, nothing lost
    assert Application.objects.get(applicant=tab.user).is_draft
    tab.continue_("main a.govuk-button")
    sandbox_gateway.behave(send_callbacks=False)
    tab.continue_("main form button.govuk-button")
    tab.page.get_by_role("button", name="Approve payment").click()
    tab.page.wait_for_load_state()
    tab.check()  # pending: the page checks again by itself
    assert tab.page.locator("#check-again").is_visible()
    settle_pending_payments(older_than=dt.timedelta(0))
    tab.page.wait_for_selector("#reference", timeout=10000)  # after its own refresh
    tab.check()
    assert Application.objects.get(applicant=tab.user).status == "submitted"
    tab.close()


def cashier_tab(browser, site, language="en"):
    user = User.objects.create_user(f"till-{language}@example.bt", None, is_staff=True)
    StaffRole.objects.create(user=user, role=Role.objects.get(code="cashier", agency__code="rsta"))
    return Tab(browser, site, user.email, language=language)


@pytest.mark.parametrize("language", ["en", "dz"])
def test_a_counter_payment_recorded_by_staff_submits_the_application(browser, site, language):
    applicant = Tab(browser, site, f"walk-in-{language}@example.bt", language=language)
    applicant.go("/services/bus-route-permit/apply/")
    bus(applicant)
    reference = Application.objects.get(applicant=applicant.user).reference
    applicant.close()
    till = cashier_tab(browser, site, language)
    till.go("/counter/?reference=DZ-NONE")  # the error, checked too
    till.page.fill("#f-reference", reference)
    till.continue_("main form button.govuk-button")
    assert till.page.url.endswith(f"/counter/{reference}/")
    till.continue_("main form button.govuk-button")  # no receipt number: an error
    assert till.page.locator(".govuk-error-summary").is_visible()
    till.page.fill("#f-receipt_number", "RSTA-CASH-0001")
    till.continue_("main form button.govuk-button")
    assert till.page.inner_text("#receipt-number") == "RSTA-CASH-0001"
    assert Application.objects.get(reference=reference).status == "submitted"
    till.go(f"/reconciliation/?agency=rsta&day={dt.date.today().isoformat()}")
    assert reference in till.page.content()
    assert Payment.objects.get().counter_receipt in till.page.content()
    till.close()


def test_the_reconciliation_page_fits_a_phone(browser, site):
    till = cashier_tab(browser, site)
    till.go("/reconciliation/")
    assert till.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    till.close()
