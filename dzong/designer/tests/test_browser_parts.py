"""Documents and certificates changed in a real Chromium with the keyboard alone, clean under axe."""

from __future__ import annotations

import pytest

from dzong.accounts.models import User
from dzong.catalogue.models import ServiceVersion
from dzong.designer.tests.test_browser_designer import enter
from dzong.designer.tests.test_browser_workflow import _tab_to
from dzong.office.tests.test_browser_office import Desk, office_session

pytestmark = pytest.mark.browser
DRAFT = "/designer/drone-permit/draft"


def _draft() -> dict:
    return ServiceVersion.objects.get(service__slug="drone-permit", status="draft").document


def _focused(desk: Desk) -> str:
    return str(desk.page.evaluate("document.activeElement.id"))


def test_a_document_and_a_certificate_are_changed_with_the_keyboard_alone(browser, site):
    designer = User.objects.get(email="designer@caa.demo.dzong.test")
    desk = Desk(browser, site, "desktop", cookie=office_session(designer))
    desk.go("/designer/drone-permit/")
    desk.click("form[action$='/draft/'] button")

    desk.go(f"{DRAFT}/documents/drone-photo/")
    _tab_to(desk, "#id_accept_0")  # PDF
    desk.page.keyboard.press("Space")
    _tab_to(desk, "#id_max_size_mb")
    desk.page.keyboard.press("Control+A")
    desk.page.keyboard.type("8")
    _tab_to(desk, "#save")
    enter(desk)
    photo = _draft()["documents"][0]
    assert photo["accept"] == ["application/pdf", "image/jpeg", "image/png"]
    assert photo["max_size"] == 8 * 1024 * 1024

    desk.go(f"{DRAFT}/certificates/drone-permit/")
    last = len(_draft()["certificates"][0]["facts"])
    _tab_to(desk, f"#id_label_en_{last}")
    desk.page.keyboard.type("Pilot")
    desk.page.keyboard.press("Tab")
    desk.page.keyboard.type("པའི་ལོཊ།")
    _tab_to(desk, f"#id_source_{last}")
    desk.page.keyboard.press("ArrowDown")  # the registration number
    _tab_to(desk, f"#up-{last}")
    enter(desk)
    assert _focused(desk) == f"up-{last - 1}"
    _tab_to(desk, "#save")
    enter(desk)
    facts = _draft()["certificates"][0]["facts"]
    assert facts[-2] == {"label": {"en": "Pilot", "dz": "པའི་ལོཊ།"}, "value": "{registration.number}"}
    assert desk.page.locator("iframe.dzong-document__frame").count() == 1
    assert "Pilot" in desk.page.input_value(f"#id_label_en_{last - 1}")

    desk.go(f"{DRAFT}/choice-lists/purposes/")
    _tab_to(desk, "#id_label_en_0")
    desk.page.keyboard.press("End")
    desk.page.keyboard.type(" flying")
    enter(desk)  # Enter in a field saves: the first button of the form is the save button
    options = _draft()["choice_lists"][0]["options"]
    assert options[0]["label"]["en"] == "Recreational flying"
    desk.close()


def test_the_document_certificate_list_and_role_pages_pass_axe_in_both_languages(browser, site):
    designer = User.objects.get(email="designer@caa.demo.dzong.test")
    desk = Desk(browser, site, "desktop", cookie=office_session(designer))
    desk.go("/designer/drone-permit/")
    desk.click("form[action$='/draft/'] button")
    for language in ("en", "dz"):
        for path in (
            "",
            "documents/drone-photo/",
            "documents/new/",
            "certificates/drone-permit/",
            "certificates/new/",
            "choice-lists/purposes/",
            "choice-lists/new/",
            "roles/cashier/",
            "roles/new/",
        ):
            desk.go(f"{DRAFT}/{path}")
        desk.go(f"{DRAFT}/documents/new/")
        desk.click("#save")  # the form with its errors
        desk.go(f"{DRAFT}/choice-lists/purposes/")
        desk.click("#remove-0")
        if language == "en":
            desk.click("button[lang='dz']")
    desk.close()


def test_the_certificate_page_reflows_at_320_pixels(browser, site):
    designer = User.objects.get(email="designer@caa.demo.dzong.test")
    desk = Desk(browser, site, "phone", cookie=office_session(designer))
    desk.page.set_viewport_size({"width": 320, "height": 740})
    desk.go("/designer/drone-permit/")
    desk.click("form[action$='/draft/'] button")
    desk.go(f"{DRAFT}/certificates/drone-permit/")
    width = desk.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    desk.close()
