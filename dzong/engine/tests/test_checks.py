import copy

import pytest

from conftest import DEMO_SERVICES
from dzong.engine import check_text, load_service
from dzong.engine.errors import DefinitionError
from dzong.engine.loader import dump_yaml
from dzong.engine.tests.support import demo_document, problems_of
from dzong.engine.workflow import WorkflowError, find_step, registration_steps

DEMO_FILES = sorted(DEMO_SERVICES.glob("*.yaml"))


def test_there_are_four_demo_services():
    assert [p.stem for p in DEMO_FILES] == [
        "bus-route-permit",
        "drone-permit",
        "industrial-land-lease",
        "register-business",
    ]


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda p: p.stem)
def test_every_demo_definition_is_valid(path):
    assert check_text(path.read_text("utf-8")) == []


def test_a_rule_naming_a_missing_field_is_reported_with_its_place():
    document = demo_document("register-business")
    licence = document["registrations"][0]["workflow"]
    licence["steps"][0]["rule"]["and"][2] = {"<": [{"var": "staff"}, 10]}
    assert any(
        p.startswith("registrations[0].workflow.steps[0].rule")
        and "The rule refers to a field 'staff' that does not exist." in p
        for p in problems_of(document)
    )


def test_the_line_of_a_problem_in_yaml_is_the_line_in_the_file():
    text = (DEMO_SERVICES / "register-business.yaml").read_text("utf-8")
    broken = text.replace("if_false: review", "if_false: reveiw")
    line = next(i for i, row in enumerate(broken.splitlines(), 1) if "reveiw" in row)
    problems = check_text(broken)
    assert [(p.path, p.line) for p in problems if "reveiw" in p.message] == [
        ("registrations[0].workflow.steps[0].if_false", line)
    ]
    assert "leads to an unknown step 'reveiw'" in str(problems[0])


def test_a_transition_to_an_unknown_step_is_reported():
    document = demo_document("register-business")
    document["registrations"][0]["workflow"]["steps"][1]["actions"][0]["to"] = "granted"
    assert any(
        "The action 'approve' leads to an unknown step 'granted'" in p
        for p in problems_of(document)
    )


def test_a_fee_that_can_go_negative_is_reported():
    document = demo_document("bus-route-permit")
    document["fees"][0]["amount"] = {"-": [1000, {"*": [{"var": "seating_capacity"}, 5000]}]}
    assert any("can go negative (as low as" in p for p in problems_of(document))


def test_a_fee_on_an_unbounded_number_is_reported():
    document = demo_document("bus-route-permit")
    for page in document["pages"]:
        for field in page["fields"]:
            field.pop("min", None)
    assert any("can go negative: give a minimum" in p for p in problems_of(document))


def test_a_fee_paid_after_approval_can_only_be_kept():
    document = demo_document("bus-route-permit")
    document["fees"][0]["due"] = "after_approval"
    document["fees"][0]["refund"] = "on_rejection"
    assert any(
        p.startswith("fees[0].refund") and "its refund can only be 'never'" in p
        for p in problems_of(document)
    )
    del document["fees"][0]["refund"]  # left out, it is 'never' for a fee paid after approval
    assert problems_of(document) == []
    assert load_service(dump_yaml(document)).fees[0].refund == "never"


def test_a_fee_refund_rule_is_one_of_three():
    document = demo_document("industrial-land-lease")
    assert [f.refund for f in load_service(dump_yaml(document)).fees] == ["never", "on_rejection"]
    del document["fees"][1]["refund"]
    assert load_service(dump_yaml(document)).fees[1].refund == "on_rejection"
    document["fees"][1]["refund"] = "sometimes"
    assert any(p.startswith("fees[1].refund") for p in problems_of(document))


def test_a_page_with_no_fields_is_reported():
    document = demo_document("register-business")
    document["pages"][2]["fields"] = []
    assert any("The page 'Documents' has no questions yet." in p for p in problems_of(document))


def test_a_missing_dzongkha_text_is_reported():
    document = demo_document("register-business")
    del document["pages"][0]["title"]["dz"]
    assert any(
        p.startswith("pages[0].title") and "Dzongkha text is missing" in p
        for p in problems_of(document)
    )


def test_a_certificate_placeholder_with_no_source_is_reported():
    document = demo_document("register-business")
    document["certificates"][0]["facts"][1]["value"] = "{answers.company}"
    assert any(
        "The placeholder '{answers.company}' has no source" in p for p in problems_of(document)
    )


def test_an_unreachable_step_and_a_missing_end_are_reported():
    document = demo_document("register-business")
    step = document["workflow"]["steps"][0]
    step["if_true"] = step["if_false"] = "automatic-check"
    problems = problems_of(document)
    assert any("can never be reached" in p for p in problems)
    assert any("never reaches an end step" in p for p in problems)
    assert any("round in a circle" in p for p in problems)


def test_schema_problems_name_the_missing_entry():
    document = demo_document("register-business")
    del document["pages"][0]["fields"][0]["label"]
    document["pages"][0]["fields"][1]["type"] = "citizen_id"
    problems = problems_of(document)
    assert any("pages[0].fields[0]" in p and "'label' is missing." in p for p in problems)
    assert any(
        "pages[0].fields[1].type" in p and "'citizen_id' is not one of" in p for p in problems
    )


def test_unknown_references_are_reported():
    document = demo_document("register-business")
    document["pages"][1]["fields"][2]["choices"] = "districts"
    document["pages"][2]["fields"][0]["document"] = "deed"
    document["registrations"][0]["agency"] = "finance"
    document["registrations"][0]["workflow"]["steps"][1]["role"] = "clerk"
    problems = " | ".join(problems_of(document))
    for expected in (
        "There is no choice list 'districts'",
        "There is no document 'deed'",
        "The agency 'finance' is not in 'agencies'",
        "unknown role 'clerk'",
    ):
        assert expected in problems


def test_text_that_is_not_yaml_is_one_problem_with_its_line():
    problems = check_text("slug: a\npages: [\n")
    assert len(problems) == 1
    assert "The text ends before a { }, a [ ] or a quotation mark" in problems[0].message


def test_json_is_accepted_as_well_as_yaml():
    import json

    document = demo_document("register-business")
    assert check_text(json.dumps(document, ensure_ascii=False)) == []


def test_loading_an_invalid_definition_raises_with_every_problem():
    document = demo_document("register-business")
    del document["title"]["dz"]
    del document["summary"]["dz"]
    from dzong.engine.loader import dump_yaml

    with pytest.raises(DefinitionError) as raised:
        load_service(dump_yaml(document))
    assert len(raised.value.problems) == 2


def _own_steps(document, code):
    return next(r for r in document["registrations"] if r["code"] == code)["workflow"]


def test_a_registrations_own_steps_are_checked_like_the_service_workflow():
    document = demo_document("register-business")
    own = _own_steps(document, "business-licence")
    own["start"] = "licence-start"
    own["steps"][0]["if_true"] = "granted"
    problems = problems_of(document)
    assert any(
        p.startswith("registrations[0].workflow.start") and "unknown step 'licence-start'" in p
        for p in problems
    )
    assert any(
        p.startswith("registrations[0].workflow.steps[0].if_true") and "'granted'" in p
        for p in problems
    )
    assert any("The step 'licence-check' can never be reached." in p for p in problems)


def test_a_registrations_own_steps_stay_in_its_agency_and_may_send_back():
    document = demo_document("register-business")
    document["registrations"][1]["workflow"] = copy.deepcopy(
        _own_steps(document, "business-licence")
    )
    for step in document["registrations"][1]["workflow"]["steps"]:
        step["code"] = "tpn-" + step["code"]
        step.update({k: "tpn-" + step[k] for k in ("if_true", "if_false") if k in step})
        for action in step.get("actions", ()):
            action.update({"to": "tpn-" + action["to"]} if "to" in action else {})
    review = document["registrations"][1]["workflow"]["steps"][1]
    assert any(action.get("send_back") for action in review["actions"])
    problems = " | ".join(problems_of(document))
    assert "names the role 'licensing-officer' of another agency than 'revenue'" in problems
    assert "send-back" not in problems


def test_a_step_code_used_twice_across_workflows_is_reported():
    document = demo_document("register-business")
    _own_steps(document, "business-licence")["steps"][2]["code"] = "approved"
    problems = " | ".join(problems_of(document))
    assert "The code 'approved' is used by more than one step." in problems


def test_a_registration_without_steps_of_its_own_follows_the_service():
    service = load_service(dump_yaml(demo_document("register-business")))
    taxpayer, licence = service.registrations[1], service.registrations[0]
    assert taxpayer.workflow is None
    assert licence.workflow is not None and licence.workflow.start == "licence-check"
    assert find_step(service, "review") is licence.workflow.steps["review"]
    assert find_step(service, "automatic-check") is service.steps["automatic-check"]
    assert find_step(service, "nowhere") is None
    with pytest.raises(WorkflowError):
        registration_steps(service, "taxpayer")


def test_a_rule_comparing_a_choice_with_its_label_instead_of_its_code_is_reported():
    document = demo_document("drone-permit")
    field, options = _a_choice_field(document)
    target = next(f for f in document["pages"][-1]["fields"] if f is not field)
    target["show_if"] = {"==": [{"var": field["code"]}, options[0]["label"]["en"]]}
    found = [p for p in problems_of(document) if "which none of its choices is" in p]
    assert len(found) == 1
    assert f"'{field['label']['en']}' with '{options[0]['label']['en']}'" in found[0]
    target["show_if"] = {"==": [{"var": field["code"]}, options[0]["code"]]}
    assert not [p for p in problems_of(document) if "which none of its choices is" in p]


def _a_choice_field(document):
    lists = {c["code"]: c["options"] for c in document.get("choice_lists", [])}
    for page in document["pages"]:
        for field in page["fields"]:
            if field["type"] == "choice" and field.get("choices") in lists:
                return field, lists[field["choices"]]
    raise AssertionError("The demo service has no choice question of its own list.")


def test_text_still_to_be_written_and_the_default_page_title_stop_publishing():
    document = demo_document("bus-route-permit")
    document["description"]["purpose"] = {"en": "To be written.", "dz": "འབྲི་དགོ།"}
    document["pages"][0]["title"] = {"en": "Questions", "dz": "དྲི་བ།"}
    found = problems_of(document)
    assert any(p.startswith("description.purpose") and "To be written." in p for p in found)
    assert any(p.startswith("pages[0].title") and "tells them nothing" in p for p in found)
