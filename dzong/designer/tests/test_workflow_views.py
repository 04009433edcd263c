"""The workflow edited through forms: steps added, changed and removed; the diagram drawn."""

from __future__ import annotations

import re

import pytest

from dzong.catalogue.models import ServiceVersion
from dzong.designer.diagram import layout
from dzong.office.tests.support import office_client
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.django_db
BASE = "/designer/bus-route-permit/draft/workflow"


def _workflow(draft: ServiceVersion) -> dict:
    return ServiceVersion.objects.get(pk=draft.pk).document["workflow"]


def _automatic(**changes):
    data = {
        "revision": 1,
        "name_en": "Large bus check",
        "name_dz": "བཱས་ཆེན་གྱི་ཞིབ་དཔྱད།",
        "type": "automatic",
        "first": "on",
        "combine": "all",
        "if_field_0": "seating_capacity",
        "if_comparison_0": ">",
        "if_value_0": "30",
        "if_true": "review",
        "if_false": "approved",
        "outcome": "approved",
    }
    return data | changes


def test_an_automatic_step_is_added_with_the_condition_builder_and_becomes_the_first(
    designer, bus_draft
):
    response = designer.post(f"{BASE}/new/", _automatic())
    assert response.status_code == 302, response.text
    workflow = _workflow(bus_draft)
    added = workflow["steps"][-1]
    assert workflow["start"] == "large-bus-check"
    assert added == {
        "code": "large-bus-check",
        "type": "automatic",
        "name": {"en": "Large bus check", "dz": "བཱས་ཆེན་གྱི་ཞིབ་དཔྱད།"},
        "rule": {">": [{"var": "seating_capacity"}, 30]},
        "if_true": "review",
        "if_false": "approved",
    }
    page = designer.get(f"{BASE}/large-bus-check/").text
    assert 'value="30"' in page and "&quot;seating_capacity&quot;" in page


def test_a_human_steps_actions_role_and_deadline_are_changed(designer, bus_draft):
    page = designer.get(f"{BASE}/review/").text
    assert 'value="Send back for corrections"' in page
    data = {
        "revision": 1,
        "name_en": "Officer's check",
        "type": "human",
        "role": "cashier",
        "deadline_days": "3",
        "combine": "all",
        "outcome": "approved",
        "action_code_0": "approve",
        "action_label_en_0": "Approve",
        "action_label_dz_0": "ཆོག་མཆན་གནང་།",
        "action_to_0": "approved",
        "action_label_en_1": "",
        "action_code_1": "reject",
        "action_code_2": "send-back",
        "action_label_en_2": "Send back",
        "action_send_back_2": "on",
        "action_reason_2": "on",
        "action_label_en_3": "Refuse outright",
        "action_to_3": "rejected",
        "action_reason_3": "on",
    }
    response = designer.post(f"{BASE}/review/", data)
    assert response.status_code == 302, response.text
    review = _workflow(bus_draft)["steps"][0]
    assert review["name"] == {"en": "Officer's check"}
    assert (review["role"], review["deadline_days"]) == ("cashier", 3)
    assert review["actions"] == [
        {"code": "approve", "label": {"en": "Approve", "dz": "ཆོག་མཆན་གནང་།"}, "to": "approved"},
        {
            "code": "send-back",
            "label": {"en": "Send back"},
            "send_back": True,
            "reason_required": True,
        },
        {
            "code": "refuse-outright",
            "label": {"en": "Refuse outright"},
            "to": "rejected",
            "reason_required": True,
        },
    ]


def test_a_human_step_needs_a_role_and_an_action_and_an_automatic_one_its_ways(designer, bus_draft):
    response = designer.post(
        f"{BASE}/new/", {"revision": 1, "name_en": "Check", "type": "human", "combine": "all"}
    )
    assert "Choose the role that acts at this step" in response.text
    assert "Give the step at least one action" in response.text
    response = designer.post(f"{BASE}/new/", _automatic(if_true="", if_false=""))
    assert response.text.count("Choose where the application goes next") >= 2
    assert ServiceVersion.objects.get(pk=bus_draft.pk).revision == 1


def test_showing_in_the_diagram_draws_the_step_without_saving(designer, bus_draft):
    response = designer.post(f"{BASE}/new/", _automatic(show="1"))
    assert response.status_code == 200
    assert 'data-step="large-bus-check"' in response.text
    assert "not saved yet" in response.text
    assert ServiceVersion.objects.get(pk=bus_draft.pk).revision == 1


def test_the_diagram_has_a_box_per_step_an_arrow_per_way_and_the_same_in_words(designer, bus_draft):
    page = designer.get(f"{BASE}/").text
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="diagram-title diagram-desc"' in svg
    assert len(re.findall(r'class="dzong-diagram-step"', svg)) == 3
    assert len(re.findall(r'class="dzong-diagram-arrow dzong-diagram-arrow--forward"', svg)) == 2
    words = page[page.index('id="diagram-in-words"') :]
    assert "Approve → Approved" in words and "Reject → Rejected" in words
    assert "back to the applicant" in words


def test_sending_back_to_the_applicant_is_a_dashed_labelled_arrow_to_the_applicants_box(
    designer, bus_draft
):
    page = designer.get(f"{BASE}/").text
    svg = page[page.index("<svg") : page.index("</svg>")]
    sent = re.search(
        r'<g class="dzong-diagram-arrow dzong-diagram-arrow--send_back">(.*?)</g>', svg
    )
    assert sent is not None
    assert 'stroke-dasharray="7 5"' in sent[1] and 'marker-start="url(#arrow-head)"' in sent[1]
    assert "↩ Send back for corrections<" in sent[1]
    applicant = re.search(
        r'<g class="dzong-diagram-applicant" data-step="review--applicant">(.*?)</g>', svg
    )
    assert applicant is not None
    assert "Applicant" in applicant[1] and "corrects, sends again" in applicant[1]
    assert 'stroke-dasharray="7 5"' in applicant[1]
    for forward in re.findall(r'arrow--forward">(.*?)</g>', svg):
        assert "stroke-dasharray" not in forward and "↩" not in forward


def test_an_action_back_to_an_earlier_step_is_dashed_and_said_so_in_words(designer, bus_draft):
    document = bus_draft.document
    steps = document["workflow"]["steps"]
    steps[0]["actions"][0]["to"] = "second-look"
    steps.append(
        {
            "code": "second-look",
            "type": "human",
            "name": {"en": "Second look", "dz": "ཞིབ་དཔྱད་གཉིས་པ།"},
            "role": "transport-officer",
            "actions": [
                {"code": "again", "label": {"en": "Look again", "dz": "ལོག་བལྟ།"}, "to": "review"},
                {"code": "yes", "label": {"en": "Approve", "dz": "ཆོག"}, "to": "approved"},
            ],
        }
    )
    diagram = layout(document)
    kinds = {(a.label, a.kind) for a in diagram.arrows}
    assert ("Look again", "back") in kinds and ("Approve", "forward") in kinds
    assert max(a.label_x for a in diagram.arrows) + 60 <= diagram.width
    bus_draft.document = document
    bus_draft.save()
    page = designer.get(f"{BASE}/").text
    back = re.search(r'arrow--back">(.*?)</g>', page)
    assert back is not None and "↩ Look again" in back[1] and "stroke-dasharray" in back[1]
    assert "Look again → Transport officer&#x27;s review (back to an earlier step)" in page


def test_the_diagram_scrolls_in_its_own_labelled_region_and_names_steps_in_dzongkha(
    designer, bus_draft
):
    page = designer.get(f"{BASE}/").text
    assert re.search(
        r'<div class="dzong-diagram__scroll" tabindex="0" role="region" '
        r'aria-labelledby="diagram-caption">',
        page,
    )
    assert '<figcaption class="govuk-body-s dzong-diagram__caption" id="diagram-caption">' in page
    diagram = layout(bus_draft.document, "dz")
    assert "སྐྱེལ་འདྲེན" in diagram.boxes[0].name


def test_layout_puts_each_step_below_the_one_leading_to_it(bus_draft):
    diagram = layout(bus_draft.document)
    place = {box.code: box for box in diagram.boxes}
    assert place["review"].y < place["approved"].y == place["rejected"].y
    assert place["review"].first and not place["approved"].first
    assert diagram.width >= max(box.x for box in diagram.boxes) + 190


def test_removing_a_step_others_lead_to_is_refused_and_a_free_one_goes(designer, bus_draft):
    response = designer.post(f"{BASE}/approved/remove/", {"revision": 1}, follow=True)
    assert "cannot be removed" in response.text
    designer.post(f"{BASE}/new/", _automatic(first=""))
    assert designer.post(f"{BASE}/large-bus-check/remove/", {"revision": 2}).status_code == 302
    assert [s["code"] for s in _workflow(bus_draft)["steps"]] == ["review", "approved", "rejected"]


def test_another_agencys_designer_cannot_see_or_change_the_workflow(bus_draft):
    other = office_client(staff("designer", "caa"))
    for url in (f"{BASE}/", f"{BASE}/review/", f"{BASE}/new/"):
        assert other.get(url).status_code == 404
    assert other.post(f"{BASE}/rejected/remove/", {"revision": 1}).status_code == 404
    assert ServiceVersion.objects.get(pk=bus_draft.pk).revision == 1
