"""Officers' journeys in a real Chromium at phone and desktop sizes, with axe on every page."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from dzong.accounts import totp
from dzong.accounts.models import StaffSecret, User
from dzong.portal.tests.conftest import split_words
from dzong.portal.tests.journeys import session_for
from dzong.portal.tests.test_browser_applicant import axe_violations
from dzong.web.staff_access import VERIFIED
from dzong.workflow.tests.factories import staff, submitted

pytestmark = pytest.mark.browser
SIZES = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}


def office_session(user: User) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[VERIFIED] = user.pk
    session.create()
    return str(session.session_key)


PHONE_BREAKPOINT = 640  # as `.dzong-break` in _office.scss


class Desk:
    """A browser tab of one person, checking every page it reaches with axe."""

    def __init__(self, browser, site, size, *, cookie=None):
        self.site = site
        self.context = browser.new_context(viewport=SIZES[size])
        if cookie:
            self.context.add_cookies([{"name": "sessionid", "value": cookie, "url": site}])
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text or message.type == "error":
            self.errors.append(message.text)

    def go(self, path):
        self.page.goto(self.site + path)
        self.check()

    def click(self, selector):
        with self.page.expect_navigation():
            self.page.locator(selector).first.click()
        self.check()

    def check(self):
        # A document shown in a frame loads Chromium's PDF viewer after the page itself; a
        # click while it starts can be lost, so the page settles before anything is clicked.
        self.page.wait_for_load_state("networkidle")
        assert axe_violations(self.page) == [], self.page.url
        if self.page.viewport_size["width"] > PHONE_BREAKPOINT:  # a phone may break long words
            assert split_words(self.page) == [], self.page.url
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= self.page.viewport_size["width"], self.page.url
        assert self.errors == [], self.errors

    def text(self):
        return self.page.inner_text("main")

    def close(self):
        self.context.close()


def sign_in(browser, site, size, user):
    """An officer signs in through the pages: password, then the authenticator's code."""
    desk = Desk(browser, site, size)
    desk.go("/office/")
    desk.page.fill("#f-email", user.email)
    desk.page.fill("#f-password", "dzong-demo-2026")
    desk.click("form button.govuk-button")
    secret = StaffSecret.objects.get(user=user).secret
    desk.page.fill("#f-code", totp.code_at(secret, totp.current_step()))
    desk.click("form button.govuk-button")
    assert desk.page.url.endswith("/office/")
    return desk


def choose(page, input_id):
    """Tick a radio or checkbox by its label, as a person does; once more if the first click
    landed while the page was still settling (seen at phone size in Chromium)."""
    for _ in range(2):
        page.click(f"label[for={input_id}]")
        if page.is_checked(f"#{input_id}"):
            return
    raise AssertionError(f"{input_id} could not be ticked")


def decide(desk, reference, action, reason="", fields=()):
    desk.go("/office/")
    with desk.page.expect_navigation():
        desk.page.get_by_role("link", name=reference).click()
    desk.check()
    desk.page.click(f"label[for=f-action-{action}]")
    choose(desk.page, f"f-action-{action}")
    if reason:
        desk.page.fill("#f-reason", reason)
    if fields:
        for code in fields:
            choose(desk.page, f"f-field-{code}")
    desk.click("form[action*='/act/'] button.govuk-button")


def applicant_sees(browser, site, size, applicant, reference):
    desk = Desk(browser, site, size, cookie=session_for(applicant))
    desk.go(f"/applications/{reference}/")
    return desk


@pytest.mark.parametrize("size", SIZES)
def test_a_heavy_drone_goes_through_the_aviation_officer_and_the_chief(browser, site, size):
    applicant = User.objects.create_user("pema@example.bt", None)
    application = submitted("drone-permit", applicant, weight=2500)
    officer = sign_in(browser, site, size, staff("aviation-officer", "caa"))
    assert application.reference in officer.text()
    officer.go(f"/office/applications/{application.reference}/")
    assert officer.page.locator("img.dzong-document__image").count() == 1
    decide(officer, application.reference, "approve")
    assert application.reference not in officer.text()
    chief = Desk(browser, site, size, cookie=office_session(staff("chief-flight-safety", "caa")))
    decide(chief, application.reference, "approve")
    mine = applicant_sees(browser, site, size, applicant, application.reference)
    assert "Application approved" in mine.text()
    for desk in (officer, chief, mine):
        desk.close()


@pytest.mark.parametrize("size", SIZES)
def test_a_bus_route_permit_is_sent_back_corrected_and_approved(browser, site, size):
    applicant = User.objects.create_user("sonam@example.bt", None)
    application = submitted("bus-route-permit", applicant)
    officer = Desk(browser, site, size, cookie=office_session(staff("transport-officer", "rsta")))
    decide(
        officer,
        application.reference,
        "send-back",
        reason="The bus registered is BP-1-A4321.",
        fields=["vehicle_registration"],  # the fee (by seats) is paid: a change not of fees
    )
    mine = applicant_sees(browser, site, size, applicant, application.reference)
    assert "The bus registered is BP-1-A4321." in mine.text()
    mine.click("a[href$='/corrections/']")
    mine.page.fill("#f-vehicle_registration", "BP-1-A4321")
    mine.click("form button.govuk-button")
    assert "Transport officer" in mine.text()
    decide(officer, application.reference, "approve")
    mine.go(f"/applications/{application.reference}/")
    assert "Application approved" in mine.text()
    officer.close()
    mine.close()


@pytest.mark.parametrize("size", SIZES)
def test_an_industrial_land_lease_rejected_by_the_committee_shows_the_reason(browser, site, size):
    applicant = User.objects.create_user("druk@example.bt", None)
    application = submitted("industrial-land-lease", applicant)
    officer = Desk(browser, site, size, cookie=office_session(staff("estate-officer", "industry")))
    officer.go(f"/office/applications/{application.reference}/")
    assert officer.page.locator("iframe.dzong-document__frame").count() == 1
    officer.page.fill("#f-text", "The proposal is thin on water use.")
    officer.click("form[action$='/notes/'] button.govuk-button")
    decide(officer, application.reference, "forward")
    committee = Desk(
        browser, site, size, cookie=office_session(staff("estates-committee", "industry"))
    )
    decide(committee, application.reference, "reject", reason="No plot of this size is free.")
    mine = applicant_sees(browser, site, size, applicant, application.reference)
    assert "No plot of this size is free." in mine.text()
    assert "water use" not in mine.page.content()
    for desk in (officer, committee, mine):
        desk.close()


@pytest.mark.parametrize("language", ["en", "dz"])
def test_the_sign_in_and_queue_pages_pass_axe_in_both_languages(browser, site, language):
    desk = Desk(browser, site, "phone")
    desk.context.add_cookies([{"name": "dzong_language", "value": language, "url": site}])
    desk.go("/office/sign-in/")
    desk.click("form button.govuk-button")  # the errors too
    user = staff("transport-officer", "rsta")
    desk.context.add_cookies([{"name": "sessionid", "value": office_session(user), "url": site}])
    desk.go("/office/?status=done")
    desk.go("/office/?overdue=1")
    desk.close()
