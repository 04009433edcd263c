"""A member of staff adds a passkey on their factors page and signs in with it, in a real
Chromium with its virtual authenticator (a platform passkey that verifies its user)."""

import pytest

from dzong.office.tests.test_browser_office import Desk, office_session
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.browser


def test_a_passkey_made_on_the_factors_page_signs_in(browser, site):
    officer = staff("transport-officer", "rsta")
    desk = Desk(browser, site, "phone", cookie=office_session(officer))
    devtools = desk.context.new_cdp_session(desk.page)
    devtools.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
    }
    devtools.send("WebAuthn.addVirtualAuthenticator", {"options": options})
    desk.go("/office/factors/")
    desk.page.fill("#f-name", "Work phone")
    desk.click("#add-passkey")
    assert "Work phone" in desk.text(), desk.text()
    assert "Your passkey is added." in desk.page.inner_text("body")

    desk.context.clear_cookies()
    desk.go("/office/")
    desk.page.fill("#f-email", officer.email)
    desk.page.fill("#f-password", "dzong-demo-2026")
    desk.click("form button.govuk-button")
    desk.click("form[data-passkey] button")
    assert desk.page.url == site + "/office/", desk.text()
    desk.close()
