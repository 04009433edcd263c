"""At the centre's computer (1280 px), in Dzongkha then English: an operator applies for the
bus route permit for a walk-in citizen who consents by a code sent to their phone, takes cash and
prints the receipt; the officer sees who applied for whom and how consent was given."""

from __future__ import annotations

import re

import pytest

from dzong.centres.models import AssistedApplication
from dzong.centres.tests.support import CITIZEN, MOBILE, centre, operator
from dzong.office.tests.test_browser_office import Desk, office_session
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.browser


def _language(desk: Desk, code: str) -> None:
    desk.context.add_cookies([{"name": "dzong_language", "value": code, "url": desk.site}])


def _next_page(desk: Desk) -> None:
    desk.click("form .govuk-button-group .govuk-button")


def test_an_operator_applies_for_a_citizen_takes_cash_and_prints_the_receipt(
    browser, site, sms_gateway, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    desk_of = operator(centre())
    desk_of.user.full_name = "Tshering Operator"
    desk_of.user.save()
    desk = Desk(browser, site, "desktop", cookie=office_session(desk_of.user))
    _language(desk, "dz")
    desk.go("/centre/")
    assert desk.page.evaluate("document.documentElement.lang") == "dz"
    desk.page.select_option("#f-service", "bus-route-permit")
    desk.page.fill("#f-citizenship_id", CITIZEN)
    desk.page.fill("#f-mobile_number", MOBILE)
    desk.page.select_option("#f-language", "en")
    desk.click("form[action$='/start/'] button.govuk-button")
    assert "མོས་མཐུན" in desk.text()  # the consent page, in Dzongkha
    desk.click("form:has(input[value=send_code]) button.govuk-button")
    code = re.search(r"\d{6}", sms_gateway.texts_to("+975" + MOBILE)[-1]).group()
    desk.page.fill("#f-code", code)  # the citizen reads it out from their phone
    desk.click("form:has(input[value=check_code]) button.govuk-button")
    application = AssistedApplication.objects.get().application
    assert application is not None and application.reference in desk.text()

    _language(desk, "en")  # the citizen prefers English: the operator switches midway
    desk.click(f"a[href$='/applications/{application.reference}/']")
    desk.page.fill("#f-business_licence_number", "BL-2026-000001")
    desk.page.fill("#f-contact_person", "Sonam Dorji")
    desk.page.fill("#f-mobile", MOBILE)
    _next_page(desk)
    desk.page.fill("#f-vehicle_registration", "BP-1-A1234")
    desk.page.fill("#f-seating_capacity", "30")
    _next_page(desk)
    desk.page.fill("#f-origin_town", "Thimphu")
    desk.page.fill("#f-destination_town", "Phuentsholing")
    desk.page.fill("#f-trips_per_day", "2")
    _next_page(desk)
    assert "Check your answers" in desk.text()

    desk.go(f"/centre/applications/{application.reference}/")
    assert "Due now: Nu. 1,500" in desk.text()
    desk.click("form[action$='/cash/'] button.govuk-button")
    receipt = desk.page.locator("a[href$='.pdf']").first
    pdf = desk.page.request.get(site + str(receipt.get_attribute("href")))
    assert pdf.headers["content-type"] == "application/pdf"
    assert "Submitted" in desk.text()
    desk.go("/centre/cash/")
    assert "Nu. 1,500" in desk.text()
    desk.close()

    officer = Desk(
        browser, site, "desktop", cookie=office_session(staff("transport-officer", "rsta"))
    )
    officer.go(f"/office/applications/{application.reference}/")
    seen = officer.text()
    assert "Made at a community centre" in seen and "Tshering Operator" in seen
    assert "A one-time code sent by SMS to the citizen's phone" in seen
    officer.close()
