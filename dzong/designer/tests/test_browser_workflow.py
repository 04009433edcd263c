"""The workflow pages in a real Chromium: built with the keyboard alone, clean under axe."""

from __future__ import annotations

import pytest

from dzong.accounts.models import User
from dzong.catalogue.models import ServiceVersion
from dzong.designer.tests.test_browser_designer import enter
from dzong.office.tests.test_browser_office import Desk, office_session

pytestmark = pytest.mark.browser


def _tab_to(desk: Desk, selector: str) -> None:
    """Press Tab until the element is focused (at most 200 times)."""
    for _ in range(200):
        if desk.page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
        desk.page.keyboard.press("Tab")
    raise AssertionError(f"{selector} is not reached with Tab")


def test_a_step_is_added_with_the_keyboard_and_the_diagram_follows(browser, site):
    designer = User.objects.get(email="designer@rsta.demo.dzong.test")
    desk = Desk(browser, site, "desktop", cookie=office_session(designer))
    desk.go("/designer/bus-route-permit/")
    desk.click("form[action$='/draft/'] button")
    _tab_to(desk, "#to-workflow")  # the workflow's own page, from the draft's summary
    enter(desk)
    _tab_to(desk, "#change-workflow")
    enter(desk)
    assert desk.page.locator("#workflow-diagram .dzong-diagram-step rect").count() == 3
    _tab_to(desk, "#add-step")
    enter(desk)
    _tab_to(desk, "#id_name_en")
    desk.page.keyboard.type("Second look")
    desk.page.keyboard.press("Tab")
    desk.page.keyboard.type("ཞིབ་དཔྱད་གཉིས་པ།")
    _tab_to(desk, "#id_role")
    desk.page.keyboard.press("ArrowDown")  # the first role of the service
    _tab_to(desk, "#id_deadline_days")
    desk.page.keyboard.type("2")
    _tab_to(desk, "#id_action_label_en_0")
    desk.page.keyboard.type("Agree")
    _tab_to(desk, "#id_action_to_0")
    desk.page.keyboard.press("ArrowDown")
    _tab_to(desk, "#show")
    enter(desk)
    assert "not saved yet" in desk.text()
    assert desk.page.locator("#workflow-diagram .dzong-diagram-step rect").count() == 4
    assert "Second look" in (desk.page.text_content("#workflow-diagram") or "")
    _tab_to(desk, "button[name='save']")
    enter(desk)
    draft = ServiceVersion.objects.get(service__slug="bus-route-permit", status="draft")
    added = draft.document["workflow"]["steps"][-1]
    assert added["name"] == {"en": "Second look", "dz": "ཞིབ་དཔྱད་གཉིས་པ།"}
    assert (added["role"], added["deadline_days"]) == ("cashier", 2)
    assert added["actions"][0]["label"] == {"en": "Agree"}
    assert desk.page.locator("#workflow-diagram .dzong-diagram-step rect").count() == 4
    desk.close()


def test_the_workflow_registration_and_message_pages_pass_axe_in_both_languages(browser, site):
    designer = User.objects.get(email="designer@rsta.demo.dzong.test")
    desk = Desk(browser, site, "desktop", cookie=office_session(designer))
    desk.go("/designer/bus-route-permit/")
    desk.click("form[action$='/draft/'] button")
    for language in ("en", "dz"):
        for path in (
            "workflow/",
            "workflow/review/",
            "workflow/new/",
            "workflow/approved/",
            "registrations/route-permit/",
            "registrations/new/",
            "messages/1/",
            "messages/new/",
        ):
            desk.go(f"/designer/bus-route-permit/draft/{path}")
        desk.go("/designer/bus-route-permit/draft/workflow/new/")
        desk.click("#show")  # the form with its errors, and the diagram
        if language == "en":
            desk.click("button[lang='dz']")
    desk.close()
