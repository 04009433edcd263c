"""Fields shown by rules in the browser: a repeating group's field by its own entry's answers."""

import pytest

from dzong.catalogue.services import import_definition, publish_version
from dzong.engine.loader import dump_yaml
from dzong.engine.tests.support import demo_document
from dzong.portal.tests.test_browser_applicant import Tab, start_from_catalogue

pytestmark = pytest.mark.browser


def stops_with_reasons() -> str:
    """The bus route whose stops ask why, only for a long stop."""
    document = demo_document("bus-route-permit")
    stops = document["pages"][2]["fields"][3]
    stops["fields"] += [
        {
            "code": "waits_long",
            "type": "yes_no",
            "required": False,
            "label": {"en": "Long stop", "dz": "ཡུན་རིང་བཀག་ས།"},
        },
        {
            "code": "reason",
            "type": "text",
            "label": {"en": "Why", "dz": "ག་ཅི་སྦེ།"},
            "show_if": {"==": [{"var": "stops.waits_long"}, True]},
        },
    ]
    return dump_yaml(document)


def test_a_field_of_an_entry_shows_by_that_entrys_answers_alone(browser, site):
    publish_version(version=import_definition(text=stops_with_reasons()))
    tab = Tab(browser, site, "stops@example.bt")
    start_from_catalogue(tab, "Bus route permit")
    page = tab.page
    page.fill("#f-business_licence_number", "BL-2026-000001")
    page.fill("#f-contact_person", "Sonam Dorji")
    page.fill("#f-mobile", "17111222")
    tab.continue_()
    page.fill("#f-vehicle_registration", "BP-1-A1234")
    page.fill("#f-seating_capacity", "30")
    tab.continue_()
    page.fill("#f-stops-0-town", "Chhukha")
    tab.continue_("button[name=add-entry]")
    first, second = page.locator("#group-f-stops-0-reason"), page.locator("#group-f-stops-1-reason")
    assert first.is_hidden() and second.is_hidden()
    page.check("#f-stops-1-waits_long")
    assert first.is_hidden() and second.is_visible()
    page.check("#f-stops-1-waits_long-2")
    page.check("#f-stops-0-waits_long")
    assert first.is_visible() and second.is_hidden()
    tab.close()
