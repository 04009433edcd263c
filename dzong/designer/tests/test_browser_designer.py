"""A new civil servant builds a fishing licence in a real Chromium, with axe on every page."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from django.db import connections

from dzong.accounts import totp
from dzong.accounts.models import StaffRole, User
from dzong.accounts.staff import enrol_staff
from dzong.applications.models import Application
from dzong.catalogue.models import Agency, Role, ServiceVersion
from dzong.catalogue.queries import DESIGNER
from dzong.certificates.models import Certificate
from dzong.certificates.services import check_presented_pdf
from dzong.certificates.tests.conftest import pdfsig, pdftotext
from dzong.office.tests.test_browser_office import SIZES, Desk, decide, office_session
from dzong.portal.tests.test_browser_applicant import Tab, submit

pytestmark = pytest.mark.browser
PASSWORD = "a-long-designer-password-2026"


class Designer(Desk):
    """A designer's tab that counts every click and keystroke they make."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.clicks = self.keys = 0

    def press(self, selector):
        self.clicks += 1
        self.click(selector)

    def type(self, selector, text):
        self.clicks += 1  # into the box
        self.keys += len(text)
        self.page.fill(selector, text)

    def follow(self, selector):
        """Click a link; followed by its address, as a page with a framed PDF (the
        certificate's specimen) keeps headless Chromium from reporting the click's navigation."""
        self.clicks += 1
        self.go(self.page.get_attribute(selector, "href"))

    def choose(self, selector, value):
        self.clicks += 2  # open the list, pick
        self.page.select_option(selector, value)

    def banner(self):
        return self.page.inner_text(".govuk-notification-banner")

    def tick(self, selector):
        self.clicks += 1
        self.page.check(selector)

    def pick(self, selector, label):
        """Choose from a list by the words it shows, as a person does."""
        self.clicks += 2  # open the list, pick
        self.page.select_option(selector, label=label)


def _moaf_designer() -> User:
    agency = Agency.objects.create(
        code="moal", name_en="Ministry of Agriculture and Livestock", name_dz="སོ་ནམ་ལྷན་ཁག"
    )
    role = Role.objects.create(agency=agency, code=DESIGNER, name_en="Service designer")
    user = User.objects.create_user("designer@moal.gov.bt", PASSWORD, full_name="Tshering")
    user.is_staff = True
    user.save()
    StaffRole.objects.create(user=user, role=role)
    enrol_staff(user=user)
    return user


def sign_in(browser, site, user) -> Designer:
    """Through the pages: the designer is sent to sign in and comes back to the designer."""
    desk = Designer(browser, site, "desktop")
    desk.go("/designer/")
    desk.page.fill("#f-email", user.email)
    desk.page.fill("#f-password", PASSWORD)
    desk.click("form button.govuk-button")
    code = totp.code_at(user.staff_secret.secret, totp.current_step())
    desk.page.fill("#f-code", code)
    desk.click("form button.govuk-button")
    assert desk.page.url.endswith("/designer/")
    return desk


QUESTIONS = [
    # English, Dzongkha, kind, extra steps
    ("Full name", "མིང་ཆ་ཚང་།", "text", None),
    ("Citizenship ID", "མི་ཁུངས་ངོ་སྦྱོར་ཨང་།", "national_id", None),
    ("Dzongkhag", "རྫོང་ཁག", "choice", ("list", "dzongkhags")),
    ("Kind of licence", "ཆོག་ཐམ་གྱི་རིགས།", "choice", ("options", "Day | ཉིན་གཅིག\nSeason | དུས་ཚིགས།")),
    ("Fishing from a boat", "གྲུ་གུ་ལས་ཉ་འཛིན།", "yes_no", None),
    ("Boat registration number", "གྲུ་གི་ཐོ་བཀོད་ཨང་།", "text", ("if", "from_a_boat")),
]


def add_question(desk: Designer, english, dzongkha, kind, extra, *, last=False):
    desk.type("#id_label_en", english)
    desk.type("#id_label_dz", dzongkha)
    desk.choose("#id_type", kind)  # the kind's own settings show once it is chosen
    if extra and extra[0] == "list":
        desk.choose("#id_choices", extra[1])
    elif extra and extra[0] == "options":
        desk.type("#id_options", extra[1])
    elif extra and extra[0] == "if":
        desk.choose("#id_if_field_0", "fishing_from_a_boat")
        desk.type("#id_if_value_0", "yes")
    desk.press("#save" if last else "#save-and-add")  # the next question's form, or the draft
    assert "The question is saved." in desk.banner()


DESCRIPTION = [
    # the box, English, Dzongkha
    ("purpose", "Lets you sell.", "ཚོང་འབད་ཆོག"),
    ("who_can_apply", "Any citizen.", "མི་སེར་ག་ར།"),
    ("steps", "Apply and pay.", "ཞུ་ཡིག་བཙུགས།"),
    ("expected_time", "5 days", "ཉིན་ ༥"),
    ("legal_basis", "The Act.", "བཅའ་ཁྲིམས།"),
]


def write_description(desk: Designer) -> None:
    """The texts a new service starts with, written over in both languages."""
    desk.press("a[href$='/draft/description/']")
    for box, english, dzongkha in DESCRIPTION:
        desk.type(f"#id_{box}_en", english)
        desk.type(f"#id_{box}_dz", dzongkha)
    desk.press("form button.govuk-button")
    assert "The description is saved." in desk.banner()


def create_service(desk: Designer, title, slug, first_page) -> None:
    desk.press("a[href='/designer/new/']")
    desk.type("#id_title_en", title[0])
    desk.type("#id_title_dz", title[1])
    desk.type("#id_slug", slug)
    desk.type("#id_first_page_en", first_page[0])
    desk.type("#id_first_page_dz", first_page[1])
    desk.press("form button.govuk-button")


def build_fishing_licence(desk: Designer) -> None:
    create_service(
        desk, ("Fishing licence", "ཉ་འཛིན་ཆོག་ཐམ།"), "fishing-licence", ("Your licence", "ཆོག་ཐམ།")
    )
    write_description(desk)
    desk.press("a[href$='/fields/new/?page=page-1']")
    for number, question in enumerate(QUESTIONS, start=1):
        add_question(desk, *question, last=number == len(QUESTIONS))
    desk.press("a[href$='/fees/new/']")
    desk.type("#id_label_en", "Licence fee")
    desk.type("#id_label_dz", "ཆོག་ཐམ་གླ་ཆ།")
    desk.type("#id_account", "MOAL-FISHING")
    desk.tick("#id_kind_2")
    desk.pick("#id_field", "Kind of licence")
    desk.type("#id_amount__kind_of_licence__day", "100")
    desk.type("#id_amount__kind_of_licence__season", "700")
    desk.press("form button.govuk-button")
    assert "The draft passes every check." in desk.text()


FACTS = [
    # English, Dzongkha, where it comes from
    ("Licence number", "ཆོག་ཐམ་ཨང་།", "registration.number"),
    ("Holder", "ཆོག་ཐམ་འཛིན་མི།", "answers.full_name"),
    ("Dzongkhag", "རྫོང་ཁག", "answers.dzongkhag"),
    ("Kind of licence", "ཆོག་ཐམ་གྱི་རིགས།", "answers.kind_of_licence"),
]


def add_the_certificate(desk: Designer) -> None:
    """The certificate is made in its form, a fact a row, then the registration issues it."""
    desk.press("a[href$='/certificates/new/']")
    desk.type("#id_title_en", "Fishing Licence")
    desk.type("#id_title_dz", "ཉ་འཛིན་ཆོག་ཐམ།")
    desk.type("#id_valid_for_days", "365")
    for row, (english, dzongkha, source) in enumerate(FACTS):
        if row:
            desk.press("#add-row")
        desk.type(f"#id_label_en_{row}", english)
        desk.type(f"#id_label_dz_{row}", dzongkha)
        desk.choose(f"#id_source_{row}", source)
    desk.press("#save")
    assert "The certificate is saved." in desk.banner()
    desk.follow("a.govuk-back-link")
    assert "No registration issues the certificate 'fishing-licence'." in desk.text()
    desk.press("a[href$='/registrations/fishing-licence/']")
    desk.choose("#id_certificate", "fishing-licence")
    desk.press("form button.govuk-button")
    assert "The registration is saved." in desk.banner()
    assert "The draft passes every check." in desk.text()


def preview_on_a_phone(browser, site, user) -> None:
    """The real form at phone size, the boat question shown only for a boat, in Dzongkha too."""
    phone = Desk(browser, site, "phone", cookie=office_session(user))
    phone.go("/designer/fishing-licence/draft/preview/")
    page = phone.page
    assert not page.locator("#f-boat_registration_number").is_visible()
    page.check("#f-fishing_from_a_boat")
    assert page.locator("#f-boat_registration_number").is_visible()
    page.fill("#f-full_name", "Dorji Wangchuk")
    page.fill("#f-citizenship_id", "11512345678")
    page.select_option("#f-dzongkhag", "punakha")
    page.check("#f-kind_of_licence-2")
    page.fill("#f-boat_registration_number", "BT-BOAT-17")
    phone.click("form .govuk-button-group .govuk-button")
    assert "Nu. 700" in phone.text()
    phone.go("/designer/fishing-licence/draft/preview/")
    phone.click("button[lang='dz']")
    assert "གྲུ་གུ་ལས་ཉ་འཛིན།" in phone.text()
    phone.close()


def publish(desk: Designer) -> None:
    """Asked first: the first version, and the review step nobody holds the role of yet."""
    desk.press("#publish")
    assert "This is the service's first version" in desk.text()
    assert "The step 'Officer's review': nobody holds the role 'Officer'." in desk.text()
    desk.press("#confirm-publish")
    assert "Version 1 is published." in desk.banner()
    assert desk.page.locator("#live-page a").count() == 1


def apply_as_applicant(browser, site) -> str:
    tab = Tab(browser, site, "dechen@example.bt")
    tab.go("/services/fishing-licence/")
    tab.page.get_by_role("button", name="Start now").click()
    tab.check()
    page = tab.page
    page.fill("#f-full_name", "Dechen Zangmo")
    page.fill("#f-citizenship_id", "11512345678")
    page.select_option("#f-dzongkhag", "punakha")
    page.check("#f-kind_of_licence")
    page.check("#f-fishing_from_a_boat-2")
    tab.continue_()
    assert "Nu. 100" in tab.page.inner_text("main")
    reference = submit(tab)
    tab.close()
    return reference


def test_a_new_designer_builds_previews_publishes_and_an_officer_approves(
    browser, site, settings, tmp_path
):
    designer = _moaf_designer()
    desk = sign_in(browser, site, designer)
    build_fishing_licence(desk)
    add_the_certificate(desk)
    preview_on_a_phone(browser, site, designer)
    publish(desk)
    print(f"\nFishing licence built by the designer: {desk.clicks} clicks, {desk.keys} keystrokes")
    desk.close()
    reference = apply_as_applicant(browser, site)
    officer = User.objects.create_user("officer@moal.gov.bt", None, is_staff=True)
    StaffRole.objects.create(
        user=officer, role=Role.objects.get(agency__code="moal", code="officer")
    )
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    office = Desk(browser, site, "desktop", cookie=office_session(officer))
    decide(office, reference, "approve")  # the certificate is issued as the approval commits
    office.close()
    application = Application.objects.get(reference=reference)
    assert application.status == "approved"
    assert application.service_version == ServiceVersion.objects.get(
        service__slug="fishing-licence"
    )
    pdf = download_the_certificate(browser, site, reference, tmp_path)
    licence = Certificate.objects.get(application=application)
    assert_signed_with_the_facts(pdf, licence)


def download_the_certificate(browser, site, reference: str, folder: Path) -> Path:
    """The applicant downloads the licence from their application's page, as a person does."""
    tab = Tab(browser, site, "dechen@example.bt")
    tab.go(f"/applications/{reference}/")
    with tab.page.expect_download() as download:
        tab.page.get_by_role("link", name=re.compile(r"^Download Fishing Licence \(PDF, ")).click()
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    tab.close()
    return path


def assert_signed_with_the_facts(path: Path, licence: Certificate) -> None:
    """pyHanko finds the signature intact and ours, pdfsig agrees; the facts are printed."""
    pdf = path.read_bytes()
    found: list[str] = []

    def check() -> None:  # pyHanko runs an event loop of its own: not in Playwright's thread
        try:
            found.append(check_presented_pdf(pdf=pdf).finding)
        finally:
            connections.close_all()  # the thread's own, closed before it ends

    checker = threading.Thread(target=check)
    checker.start()
    checker.join()
    assert found == ["genuine"]
    report = pdfsig(path)
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report
    text = pdftotext(path)
    for words in (
        "Fishing Licence",
        "ཉ་འཛིན་ཆོག་ཐམ།",
        "Dechen Zangmo",
        "Punakha",
        "Day",
        licence.registration.number,
        licence.verification_code,
        "Ministry of Agriculture and Livestock",
    ):
        assert words in text, words


def enter(desk):
    """Press Enter on the focused button and wait for the page it leads to."""
    with desk.page.expect_navigation():
        desk.page.keyboard.press("Enter")
    desk.check()


@pytest.mark.parametrize("size", SIZES)
def test_questions_are_reordered_with_the_keyboard_alone(browser, site, size):
    designer = User.objects.get(email="designer@rsta.demo.dzong.test")
    desk = Designer(browser, site, size, cookie=office_session(designer))
    desk.go("/designer/bus-route-permit/")
    desk.page.focus("form[action$='/draft/'] button")
    enter(desk)
    desk.page.focus("#field-down-business_licence_number")
    for _ in range(2):
        enter(desk)
        focused = desk.page.evaluate("document.activeElement.id")
        assert focused == "field-down-business_licence_number"
    draft = ServiceVersion.objects.get(service__slug="bus-route-permit", status="draft")
    codes = [f["code"] for f in draft.document["pages"][0]["fields"]]
    assert codes == ["contact_person", "mobile", "business_licence_number"]
    desk.close()


def test_every_designer_page_passes_axe_in_both_languages(browser, site):
    designer = User.objects.get(email="designer@rsta.demo.dzong.test")
    desk = Desk(browser, site, "desktop", cookie=office_session(designer))
    desk.go("/designer/bus-route-permit/")
    desk.click("form[action$='/draft/'] button")
    for language in ("en", "dz"):
        for path in (
            "/designer/",
            "/designer/new/",
            "/designer/import/",
            "/designer/bus-route-permit/?old=1&new=2",
            "/designer/bus-route-permit/draft/",
            "/designer/bus-route-permit/draft/description/",
            "/designer/bus-route-permit/draft/fields/mobile/",
            "/designer/bus-route-permit/draft/fees/seat-fee/",
            "/designer/bus-route-permit/draft/fees/new/",
            "/designer/bus-route-permit/draft/document/",
            "/designer/bus-route-permit/draft/preview/operator/",
        ):
            desk.go(path)
        if language == "en":
            desk.click("button[lang='dz']")
    desk.close()


STALL_QUESTIONS = [
    # English, Dzongkha, kind (its words on the screen)
    ("Your name", "ཁྱོད་ཀྱི་མིང་།", "Short text"),
    ("What will you sell?", "ཁྱོད་ཀྱིས་ག་ཅི་བཙོང་ནི?", "One choice from a list"),
    ("Food handler's card number", "ཟས་ལཱ་ཤོག་བྱང་ཨང་།", "Short text"),
    ("Days a week", "བདུན་ཕྲག་རེ་ལུ་ཉིན་གྲངས།", "Whole number"),
]
WARES = "Vegetables | ཚོད་བསྐྱེད།\nCooked food | ཟ་ཆས་བཙོས་མ།\nCrafts | ལག་ཤེས།"


def add_stall_question(desk: Designer, english, dzongkha, kind, *, last=False) -> None:
    desk.type("#id_label_en", english)
    desk.type("#id_label_dz", dzongkha)
    desk.pick("#id_type", kind)
    assert desk.page.locator("#id_options").is_visible() == (kind == "One choice from a list")
    assert desk.page.locator("#id_max").is_visible() == (kind == "Whole number")
    if kind == "One choice from a list":
        desk.type("#id_options", WARES)
    elif kind == "Whole number":
        desk.type("#id_min", "1")
        desk.type("#id_max", "7")
    elif english.startswith("Food handler"):
        desk.pick("#id_if_field_0", "What will you sell?")
        desk.type("#id_if_value_0", "Cooked food")  # the words shown, never a code
    assert not desk.page.locator("#id_rule_json").is_visible()  # one click away
    desk.press("#save" if last else "#save-and-add")
    assert "The question is saved." in desk.banner()


def build_market_stall_permit(desk: Designer) -> None:
    create_service(
        desk,
        ("Market stall permit", "ཁྲོམ་གྱི་ཚོང་ཁྲི་ཆོག་ཐམ།"),
        "market-stall",
        ("Your stall", "ཁྱོད་ཀྱི་ཚོང་ཁྲི།"),
    )
    write_description(desk)
    desk.press("a[href$='/fields/new/?page=page-1']")
    for number, question in enumerate(STALL_QUESTIONS, start=1):
        add_stall_question(desk, *question, last=number == len(STALL_QUESTIONS))
    desk.press("a[href$='/fees/new/']")
    desk.type("#id_label_en", "Stall fee")
    desk.type("#id_label_dz", "ཚོང་ཁྲི་གླ་ཆ།")
    desk.type("#id_account", "MOAL-MARKET")
    desk.tick("#id_kind_2")
    desk.pick("#id_field", "What will you sell?")
    for ware, amount in (("Vegetables", "100"), ("Cooked food", "300"), ("Crafts", "200")):
        desk.type(f"label:text-is('{ware}') + input", amount)
    desk.press("form button.govuk-button")
    assert "The draft passes every check." in desk.text()


def the_condition_holds_in_the_preview(browser, site, user) -> None:
    """The card number is asked for cooked food, and for nothing else."""
    phone = Desk(browser, site, "phone", cookie=office_session(user))
    phone.go("/designer/market-stall/draft/preview/")
    card = phone.page.get_by_label("Food handler's card number")
    for ware, asked in (("Vegetables", False), ("Cooked food", True), ("Crafts", False)):
        phone.page.get_by_label(ware, exact=True).check()
        phone.page.wait_for_function(
            "([id, asked]) => !document.getElementById(id).closest('[data-show-if]').hidden"
            " === asked",
            arg=[card.get_attribute("id"), asked],
        )
        assert card.is_visible() == asked, ware
    phone.close()


def test_a_new_civil_servant_builds_a_market_stall_permit_from_what_the_screens_say(
    browser, site, settings
):
    designer = _moaf_designer()
    desk = sign_in(browser, site, designer)
    build_market_stall_permit(desk)
    draft = ServiceVersion.objects.get(service__slug="market-stall")
    card = draft.document["pages"][0]["fields"][2]
    assert card["show_if"] == {"==": [{"var": "what_will_you_sell"}, "cooked-food"]}
    the_condition_holds_in_the_preview(browser, site, designer)
    publish(desk)
    print(
        f"\nMarket stall permit built by the designer: {desk.clicks} clicks, {desk.keys} keystrokes"
    )
    desk.close()
    tab = Tab(browser, site, "karma@example.bt")
    tab.go("/services/market-stall/")
    tab.page.get_by_role("button", name="Start now").click()
    tab.check()
    tab.page.fill("#f-your_name", "Karma Lhamo")
    tab.page.get_by_label("Cooked food", exact=True).check()
    tab.page.get_by_label("Food handler's card number").fill("FH-2231")
    tab.page.fill("#f-days_a_week", "3")
    tab.continue_()
    assert "Nu. 300" in tab.page.inner_text("main")
    reference = submit(tab)
    tab.close()
    officer = User.objects.create_user("officer@moal.gov.bt", None, is_staff=True)
    StaffRole.objects.create(
        user=officer, role=Role.objects.get(agency__code="moal", code="officer")
    )
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    office = Desk(browser, site, "desktop", cookie=office_session(officer))
    decide(office, reference, "approve")
    office.close()
    assert Application.objects.get(reference=reference).status == "approved"
