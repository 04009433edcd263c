"""The question library: questions copied with their rules from the agency's services, and
questions that offer a shared list, chosen by its name."""

from __future__ import annotations

import pytest

from dzong.catalogue.models import ServiceVersion
from dzong.engine.form import Form


@pytest.fixture
def taxi_draft(designer) -> ServiceVersion:
    """A new, empty service of the RSTA."""
    designer.post(
        "/designer/new/",
        {
            "title_en": "Taxi permit",
            "title_dz": "ཊེཀ་སི་ཆོག་ཐམ།",
            "slug": "taxi-permit",
            "start": "blank",
            "first_page_en": "Your taxi",
            "first_page_dz": "ཁྱོད་ཀྱི་ཊེཀ་སི།",
            "agency": "rsta",
        },
    )
    return ServiceVersion.objects.get(service__slug="taxi-permit")


URL = "/designer/taxi-permit/draft/library/"


def test_the_service_page_links_to_the_library(designer, taxi_draft):
    assert f'href="{URL}"' in designer.get("/designer/taxi-permit/").content.decode()


def test_the_library_offers_the_agencys_questions_and_the_shared_lists_by_name(
    designer, taxi_draft
):
    page = designer.get(URL).content.decode()
    assert 'value="bus-route-permit:destination_town"' in page
    assert "Destination town" in page
    assert "drone-permit" not in page  # another agency's service
    assert "Dzongkhags (20)" in page


def test_a_copied_question_brings_the_question_its_check_reads(designer, taxi_draft):
    response = designer.post(
        URL,
        {
            "kind": "copy",
            "revision": taxi_draft.revision,
            "questions": ["bus-route-permit:destination_town"],
            "page": "page-1",
        },
        follow=True,
    )
    assert "Questions copied: 2." in response.content.decode()
    taxi_draft.refresh_from_db()
    codes = [f["code"] for f in taxi_draft.document["pages"][0]["fields"]]
    assert codes == ["origin_town", "destination_town"]
    form = Form(taxi_draft.definition)
    result = form.validate_page("page-1", {"origin_town": "Paro", "destination_town": "Paro"}, {})
    assert "destination_town" in result.errors


def test_a_question_with_a_shared_list_is_added_by_the_lists_name(designer, taxi_draft):
    response = designer.post(
        URL,
        {
            "kind": "shared",
            "revision": taxi_draft.revision,
            "shared_list": "dzongkhags",
            "label_en": "Dzongkhag where the taxi works",
            "label_dz": "ཊེཀ་སི་ལཱ་འབད་སའི་རྫོང་ཁག",
            "list_page": "page-1",
        },
    )
    assert response.status_code == 302
    taxi_draft.refresh_from_db()
    added = taxi_draft.document["pages"][0]["fields"][-1]
    assert (added["type"], added["choices"]) == ("choice", "dzongkhags")
    assert added["label"]["en"] == "Dzongkhag where the taxi works"


def test_another_agencys_question_cannot_be_copied(designer, taxi_draft):
    response = designer.post(
        URL,
        {
            "kind": "copy",
            "revision": taxi_draft.revision,
            "questions": ["drone-permit:purpose"],
            "page": "page-1",
        },
    )
    assert response.status_code == 200
    assert "Choose questions of your agency&#x27;s services." in response.content.decode()
    taxi_draft.refresh_from_db()
    assert taxi_draft.document["pages"][0]["fields"] == []


def test_a_copy_into_a_draft_saved_meanwhile_is_refused(designer, taxi_draft):
    response = designer.post(
        URL,
        {
            "kind": "copy",
            "revision": taxi_draft.revision - 1 or 99,
            "questions": ["bus-route-permit:mobile"],
            "page": "page-1",
        },
    )
    assert response.status_code == 200
    assert "Someone else saved this draft meanwhile" in response.content.decode()


def test_a_designer_of_another_agency_cannot_open_the_library(aviation_designer, taxi_draft):
    assert aviation_designer.get(URL).status_code == 404
