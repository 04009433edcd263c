"""Checks of an unsaved registration, message, document, certificate, choice list or role:
the change built as saving builds it, checked in memory, nothing saved."""

from __future__ import annotations

import pytest

from dzong.catalogue.models import ServiceVersion
from dzong.designer.tests.test_part_forms import _as_shown, _photo
from dzong.office.tests.support import office_client
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.django_db
BUS = "/designer/bus-route-permit/draft"
DRONE = "/designer/drone-permit/draft"
MISSING = "The Dzongkha text is missing (English: &#x27;{}&#x27;)"


def _unchanged(draft: ServiceVersion) -> bool:
    saved = ServiceVersion.objects.get(pk=draft.pk)
    return saved.revision == draft.revision and saved.document == draft.document


def _registration(**changes) -> dict:
    return {
        "revision": 1,
        "name_en": "Route permit",
        "name_dz": "འགྲུལ་ལམ་ཆོག་ཐམ།",
        "agency": "rsta",
        "number_prefix": "RP",
        "certificate": "route-permit",
        "combine": "all",
    } | changes


def test_a_registration_is_checked_here_and_nothing_is_saved(designer, bus_draft):
    response = designer.post(f"{BUS}/registrations/route-permit/check/", _registration(name_dz=""))
    assert response.status_code == 200
    assert MISSING.format("Route permit") in response.text
    assert 'href="#designer-form"' in response.text
    assert _unchanged(bus_draft)


def test_a_document_is_checked_here_and_nothing_is_saved(aviation_designer, drone_draft):
    response = aviation_designer.post(f"{DRONE}/documents/new/check/", _photo(name_dz=""))
    assert response.status_code == 200
    assert MISSING.format("Photo of the drone") in response.text
    assert 'href="#designer-form"' in response.text
    assert _unchanged(drone_draft)


def test_a_certificate_is_checked_here_and_nothing_is_saved(designer, bus_draft):
    form = {
        "revision": 1,
        "row_count": 1,
        "title_en": "Conductor card",
        "label_en_0": "Number",
        "source_0": "registration.number",
    }
    response = designer.post(f"{BUS}/certificates/new/check/", form)
    assert response.status_code == 200
    assert "No registration issues the certificate &#x27;conductor-card&#x27;" in response.text
    assert MISSING.format("Conductor card") in response.text
    assert _unchanged(bus_draft)
    assert designer.post(f"{BUS}/certificates/new/", form).status_code == 302


def test_a_certificate_shown_and_checked_as_is_passes(designer, bus_draft):
    form = _as_shown(designer.get(f"{BUS}/certificates/route-permit/").text)
    passing = designer.post(f"{BUS}/certificates/route-permit/check/", form)
    assert "This part passes every check." in passing.text
    refused = designer.post(f"{BUS}/certificates/route-permit/check/", form | {"source_0": ""})
    assert "The form cannot be checked yet:" in refused.text
    assert 'href="#id_source_0"' in refused.text
    assert _unchanged(bus_draft)


def test_a_registration_without_its_certificate_links_to_the_certificate(designer, bus_draft):
    response = designer.post(
        f"{BUS}/registrations/route-permit/check/", _registration(certificate="")
    )
    assert "This change causes problems elsewhere:" in response.text
    assert "No registration issues the certificate &#x27;route-permit&#x27;" in response.text
    assert f'href="{BUS}/certificates/route-permit/"' in response.text
    assert _unchanged(bus_draft)


def test_a_message_a_choice_list_and_a_role_are_checked_too(designer, bus_draft):
    for place in ("messages/1/", "roles/transport-officer/"):
        form = _as_shown(designer.get(f"{BUS}/{place}").text)
        response = designer.post(f"{BUS}/{place}check/", form)
        assert response.status_code == 200, place
        assert "Checks with what you typed" in response.text, place
    role = _as_shown(designer.get(f"{BUS}/roles/transport-officer/").text)
    unnamed = designer.post(f"{BUS}/roles/transport-officer/check/", role | {"name_dz": ""})
    assert MISSING.format(role["name_en"]) in unnamed.text
    assert _unchanged(bus_draft)


def test_a_choice_list_is_checked(aviation_designer, drone_draft):
    page = aviation_designer.get(f"{DRONE}/choice-lists/new/").text
    form = _as_shown(page) | {"label_en": "Colours", "code_0": "red", "label_en_0": "Red"}
    response = aviation_designer.post(f"{DRONE}/choice-lists/new/check/", form)
    assert response.status_code == 200
    assert MISSING.format("Colours") in response.text
    assert _unchanged(drone_draft)


def test_part_checks_are_posted_and_only_for_the_designers_own_drafts(designer, bus_draft):
    assert designer.get(f"{BUS}/registrations/route-permit/check/").status_code == 404
    other = office_client(staff("designer", "caa"))
    checked = other.post(f"{BUS}/certificates/route-permit/check/", {"revision": 1})
    assert checked.status_code == 404


@pytest.mark.parametrize(
    "place",
    [
        "registrations/new/",
        "registrations/route-permit/",
        "messages/new/",
        "messages/1/",
        "documents/new/",
        "certificates/new/",
        "certificates/route-permit/",
        "choice-lists/new/",
        "roles/new/",
        "roles/transport-officer/",
    ],
)
def test_each_part_form_has_a_live_region_and_its_script(designer, bus_draft, place):
    page = designer.get(f"{BUS}/{place}").text
    assert 'aria-live="polite"' in page and "js/live_checks.js" in page
    assert f'data-live-checks="{BUS}/{place}check/"' in page
