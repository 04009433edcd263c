"""Example applicants that take every rule of a service both ways, and what the engine does."""

import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DEMO_SERVICES
from dzong.engine import load_service
from dzong.engine.conditions import Condition, build_rule
from dzong.engine.definition import Service
from dzong.engine.edits import new_definition
from dzong.engine.form import Form
from dzong.engine.loader import dump_yaml
from dzong.engine.paths import every_path, rule_targets, run_example
from dzong.engine.tests.support import demo_document, demo_service, written

DEMOS = sorted(path.stem for path in DEMO_SERVICES.glob("*.yaml"))


def _taken_both_ways(service: Service) -> None:
    paths = every_path(service)
    for target in paths.targets:
        ways = {example.ways[target.key] for example in paths.examples}
        assert ways == {True, False}, target.key
    assert paths.unreached == []


@pytest.mark.parametrize("slug", DEMOS)
def test_every_rule_of_the_demo_services_is_taken_both_ways(slug):
    _taken_both_ways(demo_service(slug))


def test_the_drone_permits_examples_show_and_hide_the_insurance_page_and_both_fees():
    service = demo_service("drone-permit")
    paths = every_path(service)
    assert {t.key for t in paths.targets} == {
        "page:insurance",
        "fee_choice:permit-fee:1",
        "step:weight-check",
    }
    fees = {run_example(service, e.answers).fee_total for e in paths.examples}
    assert fees == {50000, 200000}


def test_only_a_heavy_drone_can_reach_the_flight_safety_review():
    service = demo_service("drone-permit")
    light, _commercial, heavy = every_path(service).examples
    assert run_example(service, light.answers).reachable == (
        "officer-check",
        "weight-check",
        "rejected",
        "approved",
    )
    assert "flight-safety-review" in run_example(service, heavy.answers).reachable


def test_an_example_that_leaves_an_answer_out_is_refused_and_says_so():
    service = demo_service("register-business")
    paths = every_path(service)
    rejected = [e for e in paths.examples if run_example(service, e.answers).reaches == "rejected"]
    assert rejected, "the automatic check's other way needs an answer left out"
    outcome = run_example(service, rejected[0].answers)
    assert not outcome.accepted
    assert outcome.problems == ("Select the type of activity",)


def test_the_first_example_is_an_ordinary_applicant_the_form_accepts():
    service = demo_service("bus-route-permit")
    outcome = run_example(service, every_path(service).examples[0].answers)
    assert outcome.accepted
    assert (outcome.fee_total, outcome.reaches, outcome.registrations) == (
        50000,
        "review",
        ("route-permit",),
    )


def test_a_rule_no_answer_can_satisfy_is_reported_unreached():
    document = demo_document("drone-permit")
    document["pages"][-1]["show_if"] = {
        "and": [{"==": [{"var": "purpose"}, "survey"]}, {"==": [{"var": "purpose"}, "commercial"]}]
    }
    paths = every_path(load_service(dump_yaml(document)))
    assert [(t.key, way) for t, way in paths.unreached] == [("page:insurance", True)]


# Generated services: a few questions, each perhaps shown only for some earlier answers,
# fees charged for some answers and an automatic step, all as the condition builder writes them.

KINDS = {"choice": ["red", "green", "blue"], "yes_no": [True, False], "integer": [0, 1, 2, 3]}


@st.composite
def services(draw: st.DrawFn) -> dict[str, Any]:
    kinds = draw(st.lists(st.sampled_from(sorted(KINDS)), min_size=1, max_size=4))
    fields = [_question(f"q{n}", kind) for n, kind in enumerate(kinds)]
    for number, question in enumerate(fields[1:], start=1):
        if draw(st.booleans()):
            question["show_if"] = draw(conditions(fields[:number], kinds[:number]))
    document = written(
        new_definition(
            slug="generated", agency="moic", agency_name=_both("Ministry"), title=_both("Generated")
        )
    )
    document["pages"][0]["fields"] = fields
    document["choice_lists"] = [
        {
            "code": "colours",
            "options": [{"code": c, "label": _both(c.title())} for c in KINDS["choice"]],
        }
    ]
    document["fees"] = [
        _fee(f"fee-{n}", draw(conditions(fields, kinds))) for n in range(draw(st.integers(0, 2)))
    ]
    if draw(st.booleans()):
        document["workflow"]["start"] = "sort"
        document["workflow"]["steps"].append(
            {
                "code": "sort",
                "type": "automatic",
                "name": _both("Sort"),
                "rule": draw(conditions(fields, kinds)),
                "if_true": "approved",
                "if_false": "review",
            }
        )
    return document


@st.composite
def conditions(draw: st.DrawFn, fields: list[dict[str, Any]], kinds: list[str]) -> Any:
    rows = []
    for _ in range(draw(st.integers(1, 2))):
        index = draw(st.integers(0, len(fields) - 1))
        comparison = draw(
            st.sampled_from(["==", "!="] if kinds[index] != "integer" else [">=", "<", "=="])
        )
        value = draw(st.sampled_from(KINDS[kinds[index]]))
        rows.append(Condition(fields[index]["code"], comparison, value))
    return build_rule(rows, draw(st.sampled_from(["all", "any"])))


def _both(english: str) -> dict[str, str]:
    return {"en": english, "dz": f"དཔེ། {english}"}


def _question(code: str, kind: str) -> dict[str, Any]:
    question: dict[str, Any] = {"code": code, "type": kind, "label": _both(code.upper())}
    if kind == "choice":
        question["choices"] = "colours"
    if kind == "integer":
        question.update(min=0, max=3)
    return question


def _fee(code: str, applies_if: Any) -> dict[str, Any]:
    return {
        "code": code,
        "label": _both(code),
        "agency": "moic",
        "account": "MOIC-FEES",
        "amount": 1000,
        "applies_if": applies_if,
    }


def _satisfiable_ways(service: Service) -> set[tuple[str, bool]]:
    """Every way a rule can go, found by trying every answer to every question."""
    form = Form(service)
    codes = [f.code for _, f in service.fields()]
    domains = [[*KINDS[service.field(c).type], None] for c in codes]  # type: ignore[union-attr]
    found = set()
    for values in itertools.product(*domains):
        answers = {c: v for c, v in zip(codes, values, strict=True) if v is not None}
        effective = form.effective_answers(answers)
        found |= {(t.key, form.holds(t.rule, effective)) for t in rule_targets(service)}
    return found


@settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(document=services())
def test_every_satisfiable_way_of_a_generated_services_rules_has_an_example(document):
    service = load_service(dump_yaml(document))
    paths = every_path(service)
    taken = {(key, way) for e in paths.examples for key, way in e.ways.items()}
    assert taken == _satisfiable_ways(service)
    assert {(t.key, way) for t, way in paths.unreached} == {
        (t.key, way) for t in paths.targets for way in (True, False)
    } - taken
