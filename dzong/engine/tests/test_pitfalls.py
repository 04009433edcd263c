import pytest

from conftest import DEMO_SERVICES
from dzong.engine.loader import SourceDocument, parse_text
from dzong.engine.pitfalls import check_pitfalls
from dzong.engine.tests.support import demo_document

EMPLOYEES = {"var": "employees"}


def _with_optional_employees(rule):
    """The business registration with employees optional and its licence check set to `rule`."""
    document = demo_document("register-business")
    employees = document["pages"][1]["fields"][3]
    assert employees["code"] == "employees"
    employees["required"] = False
    document["registrations"][0]["workflow"]["steps"][0]["rule"] = rule
    return document


def _warnings(document):
    return [str(w) for w in check_pitfalls(SourceDocument(document))]


@pytest.mark.parametrize("path", sorted(DEMO_SERVICES.glob("*.yaml")), ids=lambda p: p.stem)
def test_no_demo_definition_has_a_pitfall(path):
    assert check_pitfalls(parse_text(path.read_text("utf-8"))) == []


def test_an_automatic_step_comparing_an_optional_number_is_warned_about_at_its_place():
    document = _with_optional_employees({"<": [EMPLOYEES, 10]})
    warnings = _warnings(document)
    assert len(warnings) == 2  # the step's rule, and the employer registration's condition
    assert warnings[0].startswith("registrations[0].workflow.steps[0].rule")
    assert "'employees', which the applicant may leave empty" in warnings[0]
    assert "an empty answer counts as 0" in warnings[0]
    assert warnings[1].startswith("registrations[2].applies_if")


@pytest.mark.parametrize(
    "guard",
    [
        {"!": {"missing": ["activity", "employees"]}},
        {"!=": [EMPLOYEES, None]},
        {"!!": [EMPLOYEES]},
        EMPLOYEES,
    ],
)
def test_a_rule_that_also_requires_an_answer_is_not_warned_about(guard):
    document = _with_optional_employees({"and": [guard, {"<": [EMPLOYEES, 10]}]})
    document["registrations"][2]["applies_if"] = {"if": [guard, {">=": [EMPLOYEES, 1]}, False]}
    assert _warnings(document) == []


def test_a_guard_under_or_does_not_protect_and_a_default_is_a_choice():
    document = _with_optional_employees({"or": [{"!!": [EMPLOYEES]}, {"<": [EMPLOYEES, 10]}]})
    document["registrations"][2]["applies_if"] = {">=": [{"var": ["employees", 0]}, 1]}
    assert [w.split(":")[0] for w in _warnings(document)] == [
        "registrations[0].workflow.steps[0].rule"
    ]


def test_a_required_number_hidden_by_a_condition_may_be_missing_too():
    document = demo_document("register-business")
    document["pages"][1]["fields"][3]["show_if"] = {"==": [{"var": "rents_premises"}, True]}
    assert [w.split(":")[0] for w in _warnings(document)] == ["registrations[2].applies_if"]


def test_comparing_a_required_number_or_a_text_field_is_fine():
    document = demo_document("register-business")
    document["registrations"][2]["applies_if"] = {"<": [{"var": "business_name"}, "M"]}
    assert _warnings(document) == []
