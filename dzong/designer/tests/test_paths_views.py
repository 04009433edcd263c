"""Test every path: the draft's example applicants, what the designer expects, run in one click."""

from __future__ import annotations

from dzong.catalogue.models import ExpectedOutcome
from dzong.engine.paths import every_path


def _keys(draft) -> list[str]:
    return [example.key for example in every_path(draft.definition).examples]


def test_the_service_page_links_to_the_examples_of_its_draft(aviation_designer, drone_draft):
    page = aviation_designer.get("/designer/drone-permit/").content.decode()
    assert 'href="/designer/drone-permit/draft/paths/"' in page


def test_the_drone_permits_examples_show_and_hide_the_insurance_page(
    aviation_designer, drone_draft
):
    response = aviation_designer.get("/designer/drone-permit/draft/paths/")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('id="example-') == 3
    assert "shows the page &#x27;Insurance&#x27;" in page
    assert "hides the page &#x27;Insurance&#x27;" in page
    assert "does not pass the automatic step" in page
    assert 'id="result"' not in page  # nothing is run before the designer asks


def test_running_the_examples_reports_those_that_differ_from_what_was_expected(
    aviation_designer, drone_draft
):
    ordinary, commercial, heavy = _keys(drone_draft)
    response = aviation_designer.post(
        "/designer/drone-permit/draft/paths/",
        {
            f"reaches-{ordinary}": "officer-check",
            f"fee-{ordinary}": "500",
            f"fee-{commercial}": "500",  # the commercial fee is Nu. 2,000
            f"reaches-{heavy}": "flight-safety-review",
            f"fee-{heavy}": "",
        },
    )
    page = response.content.decode()
    assert "1 example did not give what you expected." in page
    assert "Expected a fee of Nu. 500, the engine charges Nu. 2,000." in page
    assert page.count("As expected") == 2
    kept = {e.example: (e.reaches, e.fee_total) for e in ExpectedOutcome.objects.all()}
    assert kept == {
        ordinary: ("officer-check", 50000),
        commercial: ("", 50000),
        heavy: ("flight-safety-review", None),
    }
    again = aviation_designer.get("/designer/drone-permit/draft/paths/").content.decode()
    assert f'id="fee-{commercial}" name="fee-{commercial}" type="text"' in again
    assert 'value="500"' in again


def test_a_step_the_answers_never_lead_to_is_reported(aviation_designer, drone_draft):
    ordinary = _keys(drone_draft)[0]  # a drone of 1 gram: no flight safety review
    page = aviation_designer.post(
        "/designer/drone-permit/draft/paths/", {f"reaches-{ordinary}": "flight-safety-review"}
    ).content.decode()
    assert (
        "Expected to reach &#x27;Chief of flight safety&#x27;s decision&#x27;, but these answers"
        " never lead there." in page
    )


def test_an_expected_fee_that_is_not_an_amount_is_refused_and_nothing_is_kept(
    aviation_designer, drone_draft
):
    ordinary = _keys(drone_draft)[0]
    response = aviation_designer.post(
        "/designer/drone-permit/draft/paths/", {f"fee-{ordinary}": "five hundred"}, follow=True
    )
    assert "Example 1: the fee expected is not an amount." in response.content.decode()
    assert not ExpectedOutcome.objects.exists()


def test_a_designer_of_another_agency_cannot_see_the_examples(designer, drone_draft):
    assert designer.get("/designer/drone-permit/draft/paths/").status_code == 404
    assert designer.post("/designer/drone-permit/draft/paths/", {}).status_code == 404


def test_the_examples_readiness_and_library_read_in_dzongkha(aviation_designer, drone_draft):
    aviation_designer.cookies["dzong_language"] = "dz"
    ordinary = _keys(drone_draft)[0]
    ran = aviation_designer.post(
        "/designer/drone-permit/draft/paths/", {f"fee-{ordinary}": "20"}
    ).content.decode()
    assert "ལམ་ག་ར་ བརྟག་དཔྱད་འབད།" in ran
    assert "གླ་ཆ་ " in ran and "རེ་བ་བསྐྱེད་ཡི།" in ran
    ready = aviation_designer.get("/designer/drone-permit/draft/readiness/").content.decode()
    assert "དཔར་བསྐྲུན་འབད་ནི་ལུ་ གྲ་སྒྲིག་ཡོདཔ་ཨིན་ན།" in ready
    library = aviation_designer.get("/designer/drone-permit/draft/library/").content.decode()
    assert "དྲི་བའི་དཔེ་མཛོད།" in library
