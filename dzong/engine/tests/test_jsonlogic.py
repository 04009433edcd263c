import contextlib
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CONFORMANCE, EDGE_CASES
from dzong.engine.errors import RuleError
from dzong.engine.jsonlogic import Evaluator, known_operators, to_number, truthy, variables
from dzong.engine.rule_cases import run_cases, same_value


def _cases(path):
    return [c for c in json.loads(path.read_text(encoding="utf-8")) if not isinstance(c, str)]


def test_the_shared_conformance_file_has_its_278_cases():
    assert len(_cases(CONFORMANCE)) == 278


@pytest.mark.parametrize("case", _cases(CONFORMANCE), ids=lambda c: json.dumps(c)[:60])
def test_every_conformance_case_gives_the_expected_value(case):
    rule, data, expected = case
    assert same_value(Evaluator().apply(rule, data), expected)


def test_every_edge_case_gives_the_expected_value():
    results = run_cases(json.loads(EDGE_CASES.read_text(encoding="utf-8")))
    assert results.failures == []
    assert results.passed >= 60


def test_a_wrong_expectation_is_reported_as_a_failure():
    results = run_cases([[{"+": [1, 1]}, None, 3], [{"==": [1, 1]}, None, 1]])
    assert results.passed == 0
    assert len(results.failures) == 2


def test_an_unknown_operation_is_a_rule_error():
    with pytest.raises(RuleError, match="Unrecognized operation teleport"):
        Evaluator().apply({"teleport": [1]}, {})


def test_numbers_typed_as_text_compare_as_numbers_but_text_compares_as_text():
    evaluator = Evaluator()
    assert evaluator.apply({"<": ["9", 10]}) is True
    assert evaluator.apply({"<": ["9", "10"]}) is False
    assert evaluator.apply({"==": ["", 0]}) is True
    assert evaluator.apply({"===": ["1", 1]}) is False


def test_age_in_whole_years_counts_a_birthday_only_once_reached():
    import datetime as dt

    evaluator = Evaluator(today=dt.date(2026, 11, 23))
    rule = {"years_between": [{"var": "born"}, {"today": []}]}
    assert evaluator.apply(rule, {"born": "2008-11-23"}) == 18
    assert evaluator.apply(rule, {"born": "2008-11-24"}) == 17
    assert evaluator.apply(rule, {"born": "2008-02-30"}) is None


def test_variables_lists_the_fields_a_rule_reads_but_not_scoped_ones():
    rule = {
        "and": [
            {"var": "a"},
            {"some": [{"var": "items"}, {"var": "price"}]},
            {"missing": ["b", "c"]},
        ]
    }
    assert variables(rule) == {"a", "items", "b", "c"}


def test_truthiness_follows_jsonlogic():
    assert [truthy(v) for v in ([], [0], "", "0", 0, 0.0, None, {})] == [
        False,
        True,
        False,
        True,
        False,
        False,
        False,
        True,
    ]


def test_to_number_reads_text_as_javascript_does():
    assert to_number(" 12 ") == 12
    assert to_number("0x1A") == 26
    assert math.isnan(to_number("12abc"))


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)
operators = st.sampled_from([*sorted(known_operators()), "unknown-op"])
rules = st.recursive(
    json_values,
    lambda children: st.builds(
        lambda op, args: {op: args}, operators, st.lists(children, max_size=4) | children
    ),
    max_leaves=16,
)


@settings(max_examples=400, deadline=None)
@given(rule=rules, data=json_values)
def test_no_rule_and_no_data_make_the_evaluator_raise_anything_but_a_rule_error(rule, data):
    with contextlib.suppress(RuleError):
        Evaluator().apply(rule, data)
