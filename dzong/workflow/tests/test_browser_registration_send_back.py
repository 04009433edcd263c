"""Register a business in a real Chromium: the licensing officer sends the licence back, the
applicant corrects it, and the licence's step resumes while the taxpayer number stands."""

import re

import pytest

from dzong.accounts.models import User
from dzong.applications.tests.factories import business_draft
from dzong.office.tests.test_browser_office import Desk, decide, office_session
from dzong.portal.tests.journeys import session_for
from dzong.workflow.submission import submit_application
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.browser

WIDE = """[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 321)
.slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id)"""

NOTE = {"en": "Write the name as on your tourism licence.", "dz": "ཁྱོད་རའི་ཆོག་ཐམ་གུ་ཡོད་མི་མིང་འབྲི།"}


def person(browser, site, size, user, language):
    session = office_session(user) if user.is_staff else session_for(user)
    desk = Desk(browser, site, size, cookie=session)
    desk.context.add_cookies([{"name": "dzong_language", "value": language, "url": site}])
    return desk


@pytest.mark.parametrize(("language", "size"), [("en", "phone"), ("dz", "desktop")])
def test_a_licence_sent_back_is_corrected_and_approved_while_the_tpn_stands(
    browser, site, language, size
):
    applicant = User.objects.create_user(f"karma-{language}@example.bt", None)
    draft = business_draft(applicant, name="Karma Trek", activity="tour-operator")
    application = submit_application(application=draft).application
    reference = application.reference
    tpn = application.registrations.get(code="taxpayer").number

    officer = person(browser, site, size, staff("licensing-officer", "trade"), language)
    officer.go(f"/office/applications/{reference}/")
    assert tpn in officer.page.inner_text("#registration-taxpayer")
    decide(officer, reference, "send-back", reason=NOTE[language], fields=["business_name"])

    mine = person(browser, site, size, applicant, language)
    mine.go(f"/applications/{reference}/")
    assert NOTE[language] in mine.text() and tpn in mine.page.inner_text("#registrations")
    mine.click("a[href$='/corrections/']")
    assert mine.page.locator("#f-activity").count() == 0
    mine.page.fill("#f-business_name", "Karma Trek and Tours")
    mine.click("form button.govuk-button")
    assert tpn in mine.page.inner_text("#registrations")

    officer.go(f"/office/applications/{reference}/")
    assert "Karma Trek and Tours" in officer.text()
    licence = officer.page.inner_text("#registration-business-licence")
    assert not re.search(r"BL-\d{4}", licence)
    decide(officer, reference, "approve")

    mine.go(f"/applications/{reference}/")
    shown = mine.page.inner_text("#registrations")
    assert re.search(r"BL-\d{4}-\d{6}", shown) and tpn in shown
    reads = mine.page.inner_text("#reads")
    assert "@" not in reads and staff("licensing-officer", "trade").email not in mine.text()
    # Both screens reflow at 320 pixels: the registrations and reads stack on a phone.
    for desk, path in ((officer, "/office"), (mine, "")):
        desk.page.set_viewport_size({"width": 320, "height": 640})
        desk.go(f"{path}/applications/{reference}/")
        wide = desk.page.evaluate(WIDE)
        assert desk.page.evaluate("document.documentElement.scrollWidth") <= 320, (path, wide)
        desk.close()
