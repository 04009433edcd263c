"""Documents, certificates, choice lists and roles changed through forms."""

from __future__ import annotations

import re

import pytest

from dzong.catalogue.models import ServiceVersion
from dzong.office.tests.support import office_client
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.django_db
BUS = "/designer/bus-route-permit/draft"
DRONE = "/designer/drone-permit/draft"
ROUTE = "{answers.origin_town} \u2013 {answers.destination_town}"


def _document(draft: ServiceVersion) -> dict:
    return ServiceVersion.objects.get(pk=draft.pk).document


def _photo(**changes) -> dict:
    return {
        "revision": 1,
        "name_en": "Photo of the drone",
        "name_dz": "ཌྲོན་གྱི་པར།",
        "description_en": "A clear photo that shows the whole drone.",
        "description_dz": "",
        "accept": ["image/jpeg", "image/png"],
        "max_size_mb": "5",
    } | changes


def test_a_document_shows_its_kinds_in_plain_words_and_changes_size_and_kinds(
    aviation_designer, drone_draft
):
    page = aviation_designer.get(f"{DRONE}/documents/drone-photo/").text
    assert "JPEG photo" in page and "PNG image" in page and 'value="5"' in page
    assert 'value="image/jpeg" checked' in page and 'value="application/pdf">' in page
    response = aviation_designer.post(
        f"{DRONE}/documents/drone-photo/", _photo(accept=["image/png"], max_size_mb="10")
    )
    assert response.status_code == 302, response.text
    photo = _document(drone_draft)["documents"][0]
    assert photo == {
        "code": "drone-photo",
        "name": {"en": "Photo of the drone", "dz": "ཌྲོན་གྱི་པར།"},
        "description": {"en": "A clear photo that shows the whole drone."},
        "accept": ["image/png"],
        "max_size": 10 * 1024 * 1024,
    }


def test_a_document_needs_a_kind_of_file_and_a_size_within_limits(aviation_designer, drone_draft):
    response = aviation_designer.post(
        f"{DRONE}/documents/new/", _photo(name_en="Pilot licence", accept=[], max_size_mb="80")
    )
    assert response.status_code == 200
    assert 'href="#id_accept"' in response.text and 'href="#id_max_size_mb"' in response.text
    assert 'value="Pilot licence"' in response.text
    assert ServiceVersion.objects.get(pk=drone_draft.pk).revision == 1


def test_a_document_in_use_is_not_removed_and_an_unused_one_is(aviation_designer, drone_draft):
    refused = aviation_designer.post(
        f"{DRONE}/documents/drone-photo/remove/", {"revision": 1}, follow=True
    )
    assert "cannot be removed" in refused.text and "Photo of the drone" in refused.text
    assert ServiceVersion.objects.get(pk=drone_draft.pk).revision == 1
    added = aviation_designer.post(
        f"{DRONE}/documents/new/", _photo(name_en="Pilot licence", accept=["application/pdf"])
    )
    assert added.status_code == 302
    codes = [d["code"] for d in _document(drone_draft)["documents"]]
    assert codes == ["drone-photo", "insurance", "pilot-licence"]
    removed = aviation_designer.post(f"{DRONE}/documents/pilot-licence/remove/", {"revision": 2})
    assert removed.status_code == 302
    assert [d["code"] for d in _document(drone_draft)["documents"]] == codes[:2]


def test_two_designers_saving_a_document_the_second_keeps_what_they_typed(
    aviation_designer, drone_draft
):
    assert aviation_designer.post(f"{DRONE}/documents/drone-photo/", _photo()).status_code == 302
    second = aviation_designer.post(
        f"{DRONE}/documents/drone-photo/", _photo(name_en="Picture of the aircraft")
    )
    assert second.status_code == 200
    assert "Someone else saved this draft" in second.text
    assert 'value="Picture of the aircraft"' in second.text
    assert _document(drone_draft)["documents"][0]["name"]["en"] == "Photo of the drone"


def _as_shown(page: str) -> dict:
    """What the form posts as it was shown (inputs and selects)."""
    data: dict = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        data[name] = value
    for name in re.findall(r'<input[^>]*name="([^"]+)"', page):
        data.setdefault(name, "")
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'value="([^"]*)" selected', body)
        data[name] = chosen[1] if chosen else ""
    for name in ("csrfmiddlewaretoken",):
        data.pop(name, None)
    return {k: v.replace("&#x27;", "'").replace("&amp;", "&") for k, v in data.items()}


def test_a_certificate_is_changed_its_facts_chosen_from_the_sources(designer, bus_draft):
    page = designer.get(f"{BUS}/certificates/route-permit/").text
    assert '<iframe class="dzong-document__frame"' in page
    assert "/certificates/route-permit/specimen.pdf" in page
    assert 'value="registration.number" selected' in page
    assert "Answer: Seating capacity" in page
    form = _as_shown(page)
    assert form["row_count"] == "10" and form["source_5"] == "text"
    assert form["text_5"] == ROUTE
    form |= {"title_en": "Bus route permit", "valid_for_days": "180"}
    form |= {"label_en_9": "Owner", "label_dz_9": "", "source_9": "answers.contact_person"}
    response = designer.post(f"{BUS}/certificates/route-permit/", form)
    assert response.status_code == 302, response.text
    certificate = _document(bus_draft)["certificates"][0]
    assert certificate["title"]["en"] == "Bus route permit"
    assert certificate["valid_for_days"] == 180
    assert certificate["facts"][5]["value"] == ROUTE
    assert certificate["facts"][-1] == {
        "label": {"en": "Owner"},
        "value": "{answers.contact_person}",
    }
    assert len(certificate["facts"]) == 10


def test_fact_rows_are_moved_added_and_removed_without_saving(designer, bus_draft):
    form = _as_shown(designer.get(f"{BUS}/certificates/route-permit/").text)
    moved = designer.post(f"{BUS}/certificates/route-permit/", form | {"op": "up-1"}).text
    assert (
        'id="up-0" class="govuk-button govuk-button--secondary dzong-small-button" autofocus'
        in (moved)
    )
    moved_form = _as_shown(moved)
    assert moved_form["label_en_0"] == "Business licence number"
    assert moved_form["label_en_1"] == "Permit number"
    added = _as_shown(
        designer.post(f"{BUS}/certificates/route-permit/", moved_form | {"op": "add"}).text
    )
    assert added["row_count"] == "11"
    removed = designer.post(f"{BUS}/certificates/route-permit/", added | {"op": "remove-0"}).text
    assert _as_shown(removed)["label_en_0"] == "Permit number"
    assert ServiceVersion.objects.get(pk=bus_draft.pk).revision == 1
    assert (
        designer.post(f"{BUS}/certificates/route-permit/", form | {"op": "up-99"}).status_code
        == 404
    )


def test_two_designers_saving_a_certificate_the_second_keeps_their_facts(designer, bus_draft):
    form = _as_shown(designer.get(f"{BUS}/certificates/route-permit/").text)
    assert designer.post(f"{BUS}/certificates/route-permit/", form).status_code == 302
    late = form | {"label_en_9": "Conductor", "source_9": "answers.contact_person"}
    second = designer.post(f"{BUS}/certificates/route-permit/", late)
    assert second.status_code == 200
    assert "Someone else saved this draft" in second.text
    assert 'value="Conductor"' in second.text and 'name="revision" value="2"' in second.text
    assert len(_document(bus_draft)["certificates"][0]["facts"]) == 9


def test_a_fact_needs_a_name_and_a_source(designer, bus_draft):
    form = _as_shown(designer.get(f"{BUS}/certificates/route-permit/").text)
    form |= {"label_en_9": "Owner", "source_9": "", "source_8": "text", "text_8": ""}
    response = designer.post(f"{BUS}/certificates/route-permit/", form)
    assert response.status_code == 200
    assert 'href="#id_source_9"' in response.text and 'href="#id_text_8"' in response.text
    assert 'value="Owner"' in response.text


def test_the_specimen_may_be_framed_by_the_designer_only(designer, bus_draft):
    response = designer.get(f"{BUS}/certificates/route-permit/specimen.pdf")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    page = designer.get(f"{BUS}/certificates/route-permit/")
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_a_new_certificate_unissued_is_a_check_that_links_to_its_form(designer, bus_draft):
    form = {
        "revision": 1,
        "row_count": 1,
        "title_en": "Conductor card",
        "label_en_0": "Number",
        "source_0": "registration.number",
    }
    response = designer.post(f"{BUS}/certificates/new/", form)
    assert response.status_code == 302, response.text
    draft = designer.get(f"{BUS}/").text
    assert f"{BUS}/certificates/conductor-card/" in draft
    assert "No registration issues the certificate" in draft


def test_a_choice_list_gets_an_option_moves_one_and_saves(aviation_designer, drone_draft):
    url = f"{DRONE}/choice-lists/purposes/"
    form = _as_shown(aviation_designer.get(url).text)
    assert form["row_count"] == "4" and form["code_2"] == "survey"
    added = _as_shown(aviation_designer.post(url, form | {"op": "add"}).text)
    added |= {"label_en_4": "Search and rescue", "label_dz_4": "འཚོལ་ཞིབ།", "value_4": "3"}
    moved = _as_shown(aviation_designer.post(url, added | {"op": "up-4"}).text)
    response = aviation_designer.post(url, moved)
    assert response.status_code == 302, response.text
    options = _document(drone_draft)["choice_lists"][0]["options"]
    assert [o["code"] for o in options] == [
        "recreational",
        "commercial",
        "survey",
        "search-and-rescue",
    ]
    assert options[3] == {
        "code": "search-and-rescue",
        "label": {"en": "Search and rescue", "dz": "འཚོལ་ཞིབ།"},
        "value": 3,
    }


def test_a_choice_list_refuses_two_options_with_one_code(aviation_designer, drone_draft):
    url = f"{DRONE}/choice-lists/purposes/"
    form = _as_shown(aviation_designer.get(url).text) | {"code_1": "recreational"}
    response = aviation_designer.post(url, form)
    assert response.status_code == 200 and 'href="#id_code_1"' in response.text


def test_a_role_is_renamed(designer, bus_draft):
    response = designer.post(
        f"{BUS}/roles/cashier/",
        {"revision": 1, "name_en": "Revenue clerk", "name_dz": "", "agency": "rsta"},
    )
    assert response.status_code == 302
    assert _document(bus_draft)["roles"][0] == {
        "code": "cashier",
        "agency": "rsta",
        "name": {"en": "Revenue clerk"},
    }


@pytest.mark.parametrize(
    "url",
    [
        "documents/new/",
        "certificates/route-permit/",
        "certificates/new/",
        "certificates/route-permit/specimen.pdf",
        "choice-lists/new/",
        "roles/cashier/",
        "roles/new/",
    ],
)
def test_another_agencys_designer_and_non_designers_are_kept_out(bus_draft, url):
    for outsider in (staff("designer", "caa"), staff("transport-officer", "rsta")):
        other = office_client(outsider)
        assert other.get(f"{BUS}/{url}").status_code == 404
        assert other.post(f"{BUS}/{url}", {"revision": 1, "title_en": "x"}).status_code == 404
    assert ServiceVersion.objects.get(pk=bus_draft.pk).revision == 1


def test_another_agencys_designer_cannot_remove_a_document(
    designer, aviation_designer, drone_draft
):
    response = designer.post(f"{DRONE}/documents/insurance/remove/", {"revision": 1})
    assert response.status_code == 404
    assert len(_document(drone_draft)["documents"]) == 2
