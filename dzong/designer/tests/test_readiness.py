"""Ready to publish? Staff for each step, texts in both languages, fees charged in a test run,
rules tried in the preview."""

from __future__ import annotations

import copy

from dzong.catalogue.services import save_draft
from dzong.designer.tests.test_testrun_views import filled, submit


def _readiness(client, slug: str) -> str:
    response = client.get(f"/designer/{slug}/draft/readiness/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_service_page_links_to_the_readiness_of_its_draft(aviation_designer, drone_draft):
    page = aviation_designer.get("/designer/drone-permit/").content.decode()
    assert 'href="/designer/drone-permit/draft/readiness/"' in page


def test_the_publish_page_links_to_the_readiness(aviation_designer, drone_draft):
    page = aviation_designer.get(f"/designer/drone-permit/versions/{drone_draft.number}/publish/")
    assert 'href="/designer/drone-permit/draft/readiness/"' in page.content.decode()


def test_a_step_whose_role_nobody_holds_is_flagged_with_a_link_to_the_staff(
    aviation_designer, drone_draft
):
    page = _readiness(aviation_designer, "drone-permit")
    assert "People who hold this role: 1." in page
    assert "Nobody holds this role" not in page
    document = copy.deepcopy(drone_draft.document)
    document["roles"].append({"code": "inspector", "agency": "caa", "name": {"en": "Inspector"}})
    review = next(s for s in document["workflow"]["steps"] if s["code"] == "officer-check")
    review["role"] = "inspector"
    save_draft(version=drone_draft, document=document, revision=drone_draft.revision)
    page = _readiness(aviation_designer, "drone-permit")
    assert "Nobody holds this role: the applications would wait with nobody." in page
    assert 'href="/office/staff/caa/"' in page


def test_a_message_without_its_dzongkha_text_is_flagged(aviation_designer, drone_draft):
    assert "No Dzongkha for" not in _readiness(aviation_designer, "drone-permit")
    document = copy.deepcopy(drone_draft.document)
    del document["messages"][1]["subject"]["dz"]
    save_draft(version=drone_draft, document=document, revision=drone_draft.revision)
    page = _readiness(aviation_designer, "drone-permit")
    assert "No Dzongkha for: &#x27;Your drone permit is approved&#x27;" in page
    assert 'href="/designer/drone-permit/draft/messages/2/"' in page


def test_a_fee_is_ready_once_a_submitted_test_run_was_charged_it(designer, bus_draft):
    page = _readiness(designer, "bus-route-permit")
    assert "No submitted test run has been charged this fee." in page
    run = filled(designer)
    assert "No submitted test run" in _readiness(designer, "bus-route-permit")  # not yet sent
    submit(designer, run)
    assert "Submitted test runs charged this fee: 1." in _readiness(designer, "bus-route-permit")


def test_the_rules_tried_in_the_preview_are_counted(aviation_designer, drone_draft):
    assert _readiness(aviation_designer, "drone-permit").count("Not tried in your previews.") == 3
    aviation_designer.post(
        "/designer/drone-permit/draft/preview/drone/",
        {"make_model": "DJI Mini", "weight_grams": "250", "purpose": "commercial"},
    )
    page = _readiness(aviation_designer, "drone-permit")
    assert page.count("Tried one way in your previews.") == 3
    aviation_designer.post(
        "/designer/drone-permit/draft/preview/drone/",
        {"make_model": "DJI Mini", "weight_grams": "2500", "purpose": "recreational"},
    )
    page = _readiness(aviation_designer, "drone-permit")
    assert page.count("Tried both ways in your previews.") == 3


def test_a_designer_of_another_agency_cannot_see_the_readiness(designer, drone_draft):
    assert designer.get("/designer/drone-permit/draft/readiness/").status_code == 404
