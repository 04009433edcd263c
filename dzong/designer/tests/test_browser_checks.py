"""Checks that follow the designer's typing, and the workflow diagram on a 320 px phone."""

from __future__ import annotations

import pytest

from dzong.accounts.models import User
from dzong.catalogue.models import ServiceVersion
from dzong.office.tests.test_browser_office import Desk, office_session

pytestmark = pytest.mark.browser
DESIGNER = "designer@rsta.demo.dzong.test"
BASE = "/designer/bus-route-permit/draft"


def _draft(browser, site, size="desktop", language="en") -> Desk:
    desk = Desk(browser, site, size, cookie=office_session(User.objects.get(email=DESIGNER)))
    desk.context.add_cookies([{"name": "dzong_language", "value": language, "url": site}])
    desk.go("/designer/bus-route-permit/")
    desk.click("form[action$='/draft/'] button")
    return desk


def _live(desk: Desk, words: str) -> str:
    desk.page.wait_for_function(
        "words => document.getElementById('live-checks').innerText.includes(words)", arg=words
    )
    return desk.page.inner_text("#live-checks")


@pytest.mark.parametrize("language", ["en", "dz"])
def test_checks_follow_what_the_designer_types_and_nothing_is_saved(browser, site, language):
    desk = _draft(browser, site, language=language)
    draft = ServiceVersion.objects.get(service__slug="bus-route-permit", status="draft")
    desk.go(f"{BASE}/fields/mobile/")
    assert desk.page.inner_text("#live-checks") == ""
    desk.page.fill("#id_label_dz", "")
    shown = _live(desk, "The Dzongkha text is missing")
    assert desk.page.get_attribute("#live-checks", "aria-live") == "polite"
    assert desk.page.locator("#live-checks a[href='#designer-form']").count() == 1
    desk.check()  # axe, with the checks shown
    desk.page.fill("#id_label_dz", "ཁ་པར།")
    desk.page.wait_for_selector("#live-checks p#live-here")  # this part passes every check
    desk.page.fill("#id_if_value_0", "20")
    desk.page.select_option("#id_if_comparison_0", "<")
    desk.page.select_option("#id_if_field_0", "trips_per_day")
    desk.page.wait_for_selector("#live-checks p#live-here")
    saved = ServiceVersion.objects.get(pk=draft.pk)
    assert (saved.revision, saved.document) == (draft.revision, draft.document)
    assert shown.startswith("Checks with what you typed") == (language == "en")
    desk.close()


def test_a_step_that_strands_another_links_to_it_as_it_is_typed(browser, site):
    desk = _draft(browser, site)
    desk.go(f"{BASE}/workflow/review/")
    desk.page.fill("#id_action_label_en_1", "")
    shown = _live(desk, "can never be reached")
    assert "This change causes problems elsewhere:" in shown
    assert desk.page.locator(f"#live-checks a[href='{BASE}/workflow/rejected/']").count() == 1
    desk.check()
    desk.close()


def test_without_javascript_the_form_saves_as_before(browser, site):
    designer = User.objects.get(email=DESIGNER)
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies([{"name": "sessionid", "value": office_session(designer), "url": site}])
    page = context.new_page()
    page.goto(f"{site}/designer/bus-route-permit/")
    page.click("form[action$='/draft/'] button")
    page.goto(f"{site}{BASE}/fields/mobile/")
    page.fill("#id_label_en", "Mobile phone")
    page.fill("#id_label_dz", "")
    page.wait_for_timeout(1000)  # the time a script would have taken to check
    assert page.inner_text("#live-checks") == ""
    page.click("form#designer-form button.govuk-button")
    assert "The question is saved." in page.inner_text("body")
    assert (
        ServiceVersion.objects.get(service__slug="bus-route-permit", status="draft").revision == 2
    )
    context.close()


@pytest.mark.parametrize("language", ["en", "dz"])
def test_the_workflow_diagram_fits_a_320_px_phone_in_both_languages(browser, site, language):
    desk = _draft(browser, site, language=language)
    desk.context.close()
    designer = User.objects.get(email=DESIGNER)
    narrow = Desk(browser, site, "phone", cookie=office_session(designer))
    narrow.page.set_viewport_size({"width": 320, "height": 640})
    narrow.context.add_cookies([{"name": "dzong_language", "value": language, "url": site}])
    for path in (f"{BASE}/workflow/", f"{BASE}/workflow/review/"):
        narrow.go(path)
        page = narrow.page
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        region = page.locator(".dzong-diagram__scroll")
        assert region.get_attribute("tabindex") == "0"
        assert page.locator("#diagram-caption").is_visible()
        assert page.evaluate(
            "() => { const r = document.querySelector('.dzong-diagram__scroll');"
            " return r.scrollWidth > r.clientWidth; }"
        )
        region.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "() => document.querySelector('.dzong-diagram__scroll').scrollLeft > 0"
        )
        overflowing = page.evaluate(
            """() => [...document.querySelectorAll('#workflow-diagram g')].flatMap(g => {
                const rect = g.querySelector('rect');
                const svg = g.ownerSVGElement.viewBox.baseVal;
                return [...g.querySelectorAll('text')].filter(t => {
                  const box = t.getBBox();
                  const frame = rect ? rect.getBBox() : {x: 0, y: 0, width: svg.width, height: svg.height};
                  return box.x < frame.x || box.x + box.width > frame.x + frame.width
                    || box.y < 0 || box.y + box.height > svg.height;
                }).map(t => t.textContent);
            })"""
        )
        assert overflowing == [], overflowing
        assert page.locator(".dzong-diagram-arrow--send_back").count() == 1
    narrow.close()
