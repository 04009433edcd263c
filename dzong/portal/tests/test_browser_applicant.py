"""The applicant's journeys in a real Chromium at a phone's size, with axe on every page."""

import datetime as dt
import re
import threading

import pytest
from django.db import connections
from django.utils import timezone

from dzong.accounts.models import User
from dzong.applications.models import Application, Attachment
from dzong.certificates.services import issue_certificates
from dzong.portal.tests.conftest import AXE, AXE_TAGS, text_sizes, too_small
from dzong.portal.tests.journeys import PDF, PNG, session_for

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
AXE_SOURCE = AXE.read_text("utf-8")


class Tab:
    """A phone-sized tab of one applicant, checking every page it reaches."""

    def __init__(self, browser, site, email, *, language="en", javascript=True):
        self.site = site
        self.user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, None, full_name="Applicant"
        )
        self.context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
        cookies = [{"name": "sessionid", "value": session_for(self.user), "url": site}]
        cookies.append({"name": "dzong_language", "value": language, "url": site})
        self.context.add_cookies(cookies)
        self.page = self.context.new_page()
        self.blocked = []
        self.page.on("console", self._console)
        self.javascript = javascript
        self.checked = []

    def _console(self, message):
        if "Content Security Policy" in message.text or message.type == "error":
            self.blocked.append(message.text)

    def go(self, path):
        self.page.goto(self.site + path)
        self.check()

    def check(self):
        """axe finds nothing on the page, no label, hint, legend or button of ours is under
        16 px, and nothing was refused by the policy."""
        self.checked.append(self.page.url)
        if self.javascript:
            assert axe_violations(self.page) == [], self.page.url
        if self.javascript and self.page.url.startswith(self.site):  # not the gateway's page
            assert too_small(text_sizes(self.page)) == [], self.page.url
        assert self.blocked == [], self.blocked

    def continue_(self, button="form .govuk-button-group .govuk-button"):
        self.page.locator(button).first.click()
        self.page.wait_for_load_state()
        self.check()

    def close(self):
        self.context.close()


def axe_violations(page):
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)  # evaluated by the browser's tools, not blocked by the CSP
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))",
        AXE_TAGS,
    )


def _day(ahead):
    return timezone.localdate() + dt.timedelta(days=ahead)


def fill_date(page, code, day):
    page.fill(f"#f-{code}-day", str(day.day))
    page.fill(f"#f-{code}-month", str(day.month))
    page.fill(f"#f-{code}-year", str(day.year))


def start_from_catalogue(tab, title):
    tab.go("/services/")
    tab.page.get_by_role("link", name=title).click()
    tab.check()
    tab.page.get_by_role("button", name="Start now").click()
    tab.check()


def business(tab, name="Wangmo Handicrafts"):
    page = tab.page
    page.fill("#f-full_name", "Karma Wangmo")
    page.fill("#f-cid", "11512345678")
    fill_date(page, "date_of_birth", dt.date(1990, 3, 14))
    page.fill("#f-mobile", "17123456")
    tab.continue_()
    page.fill("#f-business_name", name)
    page.check("#f-activity-2")
    page.select_option("#f-dzongkhag", "thimphu")
    page.fill("#f-employees", "3")
    page.check("#f-rents_premises-2")
    tab.continue_()


def drone(tab):
    page = tab.page
    page.fill("#f-full_name", "Pema Lhamo")
    page.fill("#f-cid", "10101010101")
    page.fill("#f-mobile", "77654321")
    tab.continue_()
    page.fill("#f-make_model", "DJI Mavic 3")
    page.fill("#f-weight_grams", "895")
    page.get_by_label("Commercial").check()
    page.set_input_files("#f-drone_photo", _file("drone.png", "image/png", PNG))
    tab.continue_()
    page.select_option("#f-dzongkhag", "paro")
    fill_date(page, "first_flying_day", _day(10))
    fill_date(page, "last_flying_day", _day(20))
    tab.continue_()
    page.set_input_files("#f-insurance_certificate", _file("insurance.pdf", "application/pdf", PDF))
    tab.continue_()


def bus(tab):
    page = tab.page
    page.fill("#f-business_licence_number", "BL-2026-000001")
    page.fill("#f-contact_person", "Sonam Dorji")
    page.fill("#f-mobile", "17111222")
    tab.continue_()
    page.fill("#f-vehicle_registration", "BP-1-A1234")
    page.fill("#f-seating_capacity", "30")
    tab.continue_()
    page.fill("#f-origin_town", "Thimphu")
    page.fill("#f-destination_town", "Phuentsholing")
    page.fill("#f-trips_per_day", "2")
    page.fill("#f-stops-0-town", "Chhukha")
    tab.continue_("button[name=add-entry]")
    page.fill("#f-stops-1-town", "Gedu")
    tab.continue_()


def land(tab):
    page = tab.page
    page.fill("#f-company_name", "Druk Ferro Alloys")
    page.fill("#f-business_licence_number", "BL-2026-000002")
    page.fill("#f-contact_email", "office@druk-ferro.bt")
    tab.continue_()
    page.get_by_label("Pasakha").check()
    page.fill("#f-plot_area", "6000")
    page.fill("#f-proposed_activity", "Ferro-silicon smelting")
    page.fill("#f-planned_investment", "25000000")
    page.fill("#f-jobs_created", "120")
    tab.continue_()
    page.set_input_files("#f-project_proposal", _file("proposal.pdf", "application/pdf", PDF))
    tab.continue_()
    assert "Upload the environmental clearance" in page.content()
    page.set_input_files(
        "#f-environmental_clearance", _file("clearance.pdf", "application/pdf", PDF)
    )
    tab.continue_()


def _file(name, kind, content):
    return {"name": name, "mimeType": kind, "buffer": content}


def submit(tab):
    assert tab.page.url.endswith("/check/")
    tab.page.check("#f-declaration")
    tab.continue_("form button.govuk-button")
    if "/pay/" in tab.page.url:  # a service with a fee: paid at the sandbox gateway
        pay_at_the_gateway(tab)
    return tab.page.inner_text("#reference")


def pay_at_the_gateway(tab):
    tab.continue_("main form button.govuk-button")
    tab.page.get_by_role("button", name="Approve payment").click()
    tab.page.wait_for_load_state()
    tab.check()


JOURNEYS = {
    "Register a business": (business, "Application approved"),
    "Drone permit": (drone, "Application submitted"),
    "Bus route permit": (bus, "Application submitted"),
    "Industrial land lease": (land, "Application submitted"),
}


@pytest.mark.parametrize("title", JOURNEYS)
def test_each_demo_service_from_the_catalogue_to_its_confirmation(browser, site, title):
    fill, outcome = JOURNEYS[title]
    tab = Tab(browser, site, f"{fill.__name__}@example.bt")
    start_from_catalogue(tab, title)
    fill(tab)
    reference = submit(tab)
    assert tab.page.get_by_role("heading", name=outcome).is_visible()
    application = Application.objects.get(reference=reference)
    assert application.status != "draft"
    tab.go(f"/applications/{reference}/")
    tab.go("/applications/")
    assert reference in tab.page.content()
    tab.close()


def test_a_business_registered_from_sign_up_gets_its_numbers(browser, site):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site + "/services/register-business/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("link", name="Create an account").click()
    page.fill("#f-full_name", "Karma Wangmo")
    page.fill("#f-email", "karma@example.bt")
    page.fill("#f-password", "thunder-dragon-2026")
    page.fill("#f-password_again", "thunder-dragon-2026")
    page.get_by_role("button", name="Create account").click()
    assert "/services/register-business/apply/" in page.url
    tab = Tab.__new__(Tab)
    tab.site, tab.page, tab.blocked, tab.javascript, tab.checked = site, page, [], True, []
    business(tab)
    submit(tab)
    numbers = re.findall(r"\b(?:BL|TPN|EMP)-\d{4}-\d{6}\b", page.content())
    assert len(set(numbers)) == 3
    # The certificates are signed in the background; the page shows them without a reload.
    assert page.locator("[data-dzong-poll]").count() == 1
    page.evaluate("window.dzongNotReloaded = true")
    application = Application.objects.get(reference=page.inner_text("#reference"))
    # Signing runs its own event loop, which Playwright's in this thread would refuse.
    signer = threading.Thread(target=_sign, args=(application,))
    signer.start()
    signer.join()
    download = page.get_by_role("link", name=re.compile(r"Download Business Licence \(PDF, "))
    download.wait_for(timeout=20_000)
    assert page.evaluate("window.dzongNotReloaded") is True
    assert page.locator("[data-dzong-poll]").count() == 0
    tab.check()
    context.close()


def _sign(application):
    try:
        issue_certificates(registrations=list(application.registrations.all()))
    finally:
        connections.close_all()


@pytest.mark.parametrize("language", ["en", "dz"])
def test_pages_with_errors_are_accessible_and_keep_what_was_typed(browser, site, language):
    tab = Tab(browser, site, f"errors-{language}@example.bt", language=language)
    tab.go("/services/register-business/apply/")
    tab.page.fill("#f-full_name", "Karma Wangmo")
    tab.page.fill("#f-cid", "12")
    tab.page.locator("form[data-dzong-form] button.govuk-button").first.click()
    tab.check()
    assert tab.page.locator(".govuk-error-summary").is_visible()
    assert tab.page.input_value("#f-full_name") == "Karma Wangmo"
    assert tab.page.input_value("#f-cid") == "12"
    tab.page.locator(".govuk-error-summary a").first.click()
    assert tab.page.evaluate("document.activeElement.id") == "f-cid"
    reference = Application.objects.get(applicant=tab.user).reference
    tab.go(f"/applications/{reference}/check/")
    assert tab.page.locator(".govuk-error-summary").is_visible()
    accounts = ["/account/sign-in/", "/account/sign-up/", "/account/password/"]
    accounts += ["/account/password/sent/", "/account/password/MQ/expired/", "/applications/"]
    for path in accounts:
        tab.go(path)
    tab.close()


def test_dzongkha_journey_is_accessible_on_every_page(browser, site):
    tab = Tab(browser, site, "dz@example.bt", language="dz")
    tab.go("/services/bus-route-permit/apply/")
    bus(tab)
    reference = submit(tab)
    tab.go(f"/applications/{reference}/")
    assert tab.page.evaluate("document.documentElement.lang") == "dz"
    assert "ཞུ་ཡིག" in tab.page.content()
    tab.close()


def test_a_whole_application_without_javascript(browser, site):
    tab = Tab(browser, site, "nojs@example.bt", javascript=False)
    start_from_catalogue(tab, "Register a business")
    tab.page.fill("#f-full_name", "Karma Wangmo")
    tab.continue_()
    assert tab.page.locator(".govuk-error-summary").is_visible()
    assert tab.page.input_value("#f-full_name") == "Karma Wangmo"
    tab.page.fill("#f-cid", "11512345678")
    fill_date(tab.page, "date_of_birth", dt.date(1990, 3, 14))
    tab.page.fill("#f-mobile", "17123456")
    tab.continue_()
    tab.page.fill("#f-business_name", "No Script Traders")
    tab.page.check("#f-activity-4")
    tab.page.select_option("#f-dzongkhag", "bumthang")
    tab.page.fill("#f-employees", "0")
    tab.page.check("#f-rents_premises")
    tab.continue_()
    tab.page.set_input_files("#f-lease_agreement", _file("lease.pdf", "application/pdf", PDF))
    tab.continue_()
    submit(tab)
    assert tab.page.get_by_role("heading", name="Application approved").is_visible()
    assert Application.objects.get(applicant=tab.user).registrations.count() == 2
    tab.close()


def test_a_draft_left_on_one_browser_is_finished_on_another(browser, site):
    first = Tab(browser, site, "two-devices@example.bt")
    first.go("/services/register-business/apply/")
    first.page.fill("#f-full_name", "Karma Wangmo")
    first.page.fill("#f-cid", "11512345678")
    fill_date(first.page, "date_of_birth", dt.date(1990, 3, 14))
    first.page.fill("#f-mobile", "17123456")
    first.continue_()
    first.close()
    second = Tab(browser, site, "two-devices@example.bt")
    second.go("/applications/")
    second.page.get_by_role("link", name="Register a business").click()
    assert second.page.url.endswith("/pages/your-business/")
    second.page.get_by_role("link", name="Back", exact=True).click()
    assert second.page.input_value("#f-full_name") == "Karma Wangmo"
    second.continue_()
    business_page_two(second)
    submit(second)
    assert Application.objects.filter(applicant=second.user).count() == 1
    second.close()


def business_page_two(tab, name="Two Devices Crafts"):
    tab.page.fill("#f-business_name", name)
    tab.page.check("#f-activity-2")
    tab.page.select_option("#f-dzongkhag", "paro")
    tab.page.fill("#f-employees", "1")
    tab.page.check("#f-rents_premises-2")
    tab.continue_()


def test_a_double_submit_and_back_then_submit_give_one_application(browser, site):
    tab = Tab(browser, site, "double@example.bt")
    tab.go("/services/register-business/apply/")
    business(tab, name="Double Tap Traders")
    tab.page.check("#f-declaration")
    tab.page.get_by_role("button", name="Submit application").dblclick()
    tab.page.wait_for_url("**/submitted/")
    tab.page.go_back()
    if tab.page.url.endswith("/check/"):
        tab.page.reload()  # the check page of a submitted application leads to its confirmation
    assert tab.page.url.endswith("/submitted/")
    assert Application.objects.filter(applicant=tab.user).count() == 1
    assert Application.objects.get(applicant=tab.user).registrations.count() == 3
    tab.close()


def test_an_applicant_cannot_open_another_applicants_draft_application_or_file(browser, site):
    owner = Tab(browser, site, "owner@example.bt")
    owner.go("/services/drone-permit/apply/")
    drone(owner)
    submitted = submit(owner)
    owner.go("/services/drone-permit/apply/")
    owner.page.fill("#f-full_name", "Pema Lhamo")
    owner.continue_()
    draft = Application.objects.get(applicant=owner.user, status="draft").reference
    file = Attachment.objects.filter(application__reference=submitted).first()
    owner.close()
    other = Tab(browser, site, "other@example.bt")
    for path in [
        f"/applications/{draft}/pages/operator/",
        f"/applications/{draft}/check/",
        f"/applications/{submitted}/",
        f"/applications/{submitted}/submitted/",
        f"/applications/{submitted}/files/{file.pk}/",
    ]:
        response = other.page.request.get(site + path)
        assert response.status == 404, path
    other.close()


FOCUS_SHOWN = """() => {
    const e = document.activeElement;
    const shown = (s) => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
        || s.boxShadow !== 'none';
    let visible = shown(getComputedStyle(e));
    if (e.type === 'radio' || e.type === 'checkbox') {
        visible = shown(getComputedStyle(e.nextElementSibling, '::before'));
    }
    const box = e.getBoundingClientRect();
    const x = box.left + Math.min(box.width / 2, 10), y = box.top + box.height / 2;
    const top = document.elementFromPoint(x, y);
    const inView = box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
    const uncovered = top !== null && (top === e || e.contains(top) || top.control === e);
    return {id: e.id, text: (e.innerText || e.value || '').slice(0, 40), visible, inView, uncovered};
}"""


def tab_to(page, selector, limit=40):
    """Press Tab until `selector` has focus, checking each focused element is plainly shown."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_SHOWN)
        assert focus["visible"] and focus["inView"] and focus["uncovered"], focus
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def type_into(page, selector, text):
    tab_to(page, selector)
    page.keyboard.type(text)


def press_on(page, selector, key="Enter"):
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press(key)


def test_registering_a_business_with_the_keyboard_alone(browser, site):
    tab = Tab(browser, site, "keyboard@example.bt")
    page = tab.page
    page.goto(site + "/services/register-business/")
    press_on(page, "a.govuk-button--start")
    type_into(page, "#f-full_name", "Karma Wangmo")
    type_into(page, "#f-cid", "11512345678")
    type_into(page, "#f-date_of_birth-day", "14")
    type_into(page, "#f-date_of_birth-month", "3")
    type_into(page, "#f-date_of_birth-year", "1990")
    type_into(page, "#f-mobile", "17123456")
    press_on(page, ".govuk-button-group .govuk-button")
    type_into(page, "#f-business_name", "Keyboard Crafts")
    tab_to(page, "#f-activity")
    page.keyboard.press("ArrowDown")  # Handicraft production
    tab_to(page, "#f-dzongkhag")
    page.keyboard.type("Paro")
    type_into(page, "#f-employees", "2")
    tab_to(page, "#f-rents_premises")
    page.keyboard.press("ArrowRight")  # No
    press_on(page, ".govuk-button-group .govuk-button")
    assert page.url.endswith("/check/")
    tab_to(page, "#f-declaration")
    page.keyboard.press("Space")
    press_on(page, "form button.govuk-button")
    assert page.get_by_role("heading", name="Application approved").is_visible()
    answers = Application.objects.get(applicant=tab.user).answers
    assert (answers["activity"], answers["dzongkhag"], answers["rents_premises"]) == (
        "handicraft",
        "paro",
        False,
    )
    tab.close()


TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important; "
    "word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"
)
CLIPPED = """() => [...document.querySelectorAll('h1, h2, p, li, a, button, label, legend, dt, dd')]
    .filter(e => !e.closest('.govuk-visually-hidden, .govuk-skip-link, [hidden]'))
    .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow === 'hidden')
    .map(e => e.tagName + '.' + e.className)"""


@pytest.mark.parametrize("language", ["en", "dz"])
def test_form_pages_reflow_at_320_pixels_and_take_wcag_text_spacing(browser, site, language):
    user = User.objects.create_user(f"narrow-{language}@example.bt", None)
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)
    context.add_cookies(
        [
            {"name": "sessionid", "value": session_for(user), "url": site},
            {"name": "dzong_language", "value": language, "url": site},
        ]
    )
    page = context.new_page()

    def measure():
        page.add_style_tag(content=TEXT_SPACING)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.url
        assert page.evaluate(CLIPPED) == [], page.url

    page.goto(site + "/services/bus-route-permit/apply/")
    page.locator("form .govuk-button-group .govuk-button").first.click()  # errors on the page
    page.locator(".govuk-error-summary").wait_for()  # the answer has arrived, not the old page
    measure()
    reference = Application.objects.get(applicant=user).reference
    for path in ["pages/vehicle/", "pages/route/", "check/"]:
        page.goto(f"{site}/applications/{reference}/{path}")
        measure()
    for path in ["/applications/", "/account/sign-in/", "/account/sign-up/"]:
        page.goto(site + path)
        measure()
    context.close()


def test_a_citizen_signs_in_with_the_national_identity_and_applies_with_verified_answers(
    browser, site, identity_sandbox
):
    site = site.replace("localhost", "127.0.0.1")  # the sandbox takes loopback addresses
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site + "/services/register-business/")
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("link", name="Sign in with the national digital identity").click()
    page.get_by_role("button", name="Karma Wangmo (CID 11512000123)").click()
    page.get_by_role("button", name="Allow").click()
    page.wait_for_url("**/services/register-business/apply/")
    for code, value in (("full_name", "Karma Wangmo"), ("cid", "11512000123")):
        field = page.locator(f"#f-{code}")
        assert field.input_value() == value
        assert field.get_attribute("readonly") is not None
    assert page.locator("#f-date_of_birth").input_value() == "1990-04-12"
    assert axe_violations(page) == []
    page.fill("#f-mobile", "17123456")
    page.locator("form .govuk-button-group .govuk-button").first.click()
    page.wait_for_load_state()
    assert "/pages/your-business/" in page.url
    application = Application.objects.get(
        applicant__verified_identity__citizenship_id="11512000123"
    )
    assert application.answers["cid"] == "11512000123"
    context.close()


def test_a_citizen_signs_in_with_the_wallet_on_their_phone_in_dzongkha(
    browser, site, identity_sandbox, settings
):
    site = site.replace("localhost", "127.0.0.1")
    settings.DZONG_SIGN_IN_METHODS = ["password", "wallet"]
    settings.DZONG_WALLET_TRUSTED_ISSUERS = [identity_sandbox.url]
    settings.DZONG_WALLET_LINK = identity_sandbox.url + "/wallet/"
    context = browser.new_context(viewport=PHONE)
    context.add_cookies([{"name": "dzong_language", "value": "dz", "url": site}])
    page = context.new_page()
    page.goto(site + "/services/register-business/apply/")
    page.locator('a[href^="/account/wallet/"]').click()
    page.locator("#wallet-qr svg").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    page.locator("#open-wallet").click()  # the wallet on the same phone
    page.get_by_role("button", name="Karma Wangmo (CID 11512000123)").click()
    assert "citizenship_id" in page.locator("ul").first.inner_text()
    page.get_by_role("button", name="Share").click()
    page.wait_for_url("**/services/register-business/apply/")
    field = page.locator("#f-cid")
    assert field.input_value() == "11512000123"
    assert field.get_attribute("readonly") is not None
    assert page.locator("html").get_attribute("lang") == "dz"
    context.close()
