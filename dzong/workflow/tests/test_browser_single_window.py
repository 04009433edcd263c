"""Single window in a real Chromium: a tour operator's numbers at once, the licence later."""

import datetime as dt
import re

import pytest

from dzong.applications.models import Application
from dzong.office.tests.test_browser_office import Desk, decide, office_session
from dzong.portal.tests.test_browser_applicant import Tab, fill_date, submit
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.browser

NUMBER = r"\b{}-\d{{4}}-\d{{6}}\b"


def tour_operator(tab):
    page = tab.page
    page.fill("#f-full_name", "Tashi Dorji")
    page.fill("#f-cid", "11512345679")
    fill_date(page, "date_of_birth", dt.date(1985, 6, 2))
    page.fill("#f-mobile", "17654321")
    tab.continue_()
    page.fill("#f-business_name", "Thunder Dragon Tours")
    page.get_by_label("Tour operator").check()
    page.select_option("#f-dzongkhag", "paro")
    page.fill("#f-employees", "4")
    page.check("#f-rents_premises-2")
    tab.continue_()


def registrations(tab):
    return tab.page.inner_text("#registrations")


def test_a_tour_operator_gets_its_numbers_at_once_and_its_licence_from_the_officer(browser, site):
    tab = Tab(browser, site, "tashi@example.bt")
    tab.go("/services/register-business/apply/")
    tour_operator(tab)
    reference = submit(tab)
    shown = registrations(tab)
    assert re.search(NUMBER.format("TPN"), shown) and re.search(NUMBER.format("EMP"), shown)
    assert "Waiting for a decision" in shown and not re.search(NUMBER.format("BL"), shown)
    tab.go(f"/applications/{reference}/")
    assert "Licensing review" in tab.page.inner_text("main")
    assert Application.objects.get(reference=reference).status == "submitted"

    revenue = Desk(browser, site, "phone", cookie=office_session(staff("supervisor", "revenue")))
    revenue.go("/office/")
    assert reference not in revenue.text()
    officer = Desk(
        browser, site, "phone", cookie=office_session(staff("licensing-officer", "trade"))
    )
    decide(officer, reference, "approve")
    assert reference not in officer.text()

    tab.go(f"/applications/{reference}/")
    shown = registrations(tab)
    assert all(re.search(NUMBER.format(p), shown) for p in ("BL", "TPN", "EMP"))
    assert "Waiting for a decision" not in shown
    assert "Application approved" in tab.page.inner_text("main")
    for desk in (revenue, officer, tab):
        desk.close()
