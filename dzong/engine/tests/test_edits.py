"""The designer's edits of a definition and its condition builder."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dzong.engine.checks import check_source, check_structure
from dzong.engine.conditions import Condition, build_rule, read_rule, typed_value
from dzong.engine.edits import (
    code_from,
    missing_translations,
    move_field,
    new_definition,
    retarget,
)
from dzong.engine.loader import SourceDocument
from dzong.engine.tests.support import demo_document, problems_of


def codes(document, page=0):
    return [f["code"] for f in document["pages"][page]["fields"]]


def test_moving_a_field_up_and_down_keeps_every_field_and_stops_at_the_ends():
    document = demo_document("bus-route-permit")
    assert codes(move_field(document, field_code="mobile", offset=-1)) == [
        "business_licence_number",
        "mobile",
        "contact_person",
    ]
    assert move_field(document, field_code="mobile", offset=1) == document
    assert codes(document) == ["business_licence_number", "contact_person", "mobile"]


def test_a_new_definition_is_well_formed_and_waits_for_its_questions_and_texts():
    document = new_definition(
        slug="fishing-licence",
        agency="moaf",
        agency_name={"en": "Ministry of Agriculture", "dz": "སོ་ནམ་ལྷན་ཁག"},
        title={"en": "Fishing licence", "dz": "ཉ་འཛིན་ཆོག་ཐམ།"},
    )
    assert check_structure(SourceDocument(document)) == []
    problems = check_source(SourceDocument(document))
    waiting = {p.path for p in problems}
    assert waiting == {
        "pages[0].fields",
        "pages[0].title",
        *(f"description.{part}" for part in ("purpose", "who_can_apply", "expected_time")),
        "description.steps[0]",
        "description.legal_basis",
    }


def test_a_copy_for_another_agency_moves_everything_the_old_agency_owned():
    copied = retarget(
        demo_document("bus-route-permit"),
        slug="bus-copy",
        agency="moaf",
        agency_name={"en": "Ministry", "dz": "ལྷན་ཁག"},
    )
    assert copied["slug"] == "bus-copy" and copied["agency"] == "moaf"
    assert {r["agency"] for r in copied["roles"]} == {"moaf"}
    assert copied["agencies"] == [{"code": "moaf", "name": {"en": "Ministry", "dz": "ལྷན་ཁག"}}]
    assert problems_of(copied) == []


def test_missing_dzongkha_is_listed_with_where_it_is():
    document = demo_document("bus-route-permit")
    del document["pages"][0]["fields"][1]["hint"]["dz"]
    assert missing_translations(document) == [
        ("pages[0].fields[1].hint", "The person we can call about this permit")
    ]


def test_codes_are_made_from_labels_and_never_repeat():
    assert code_from("Plot area (m²)", set()) == "plot_area_m"
    assert code_from("Plot area", {"plot_area"}) == "plot_area_2"
    assert code_from("123", set(), separator="-") == "item-123"


def test_typed_values_mean_what_they_say():
    assert [typed_value(v) for v in ("yes", "No", "12", "1.5", "river")] == [
        True,
        False,
        12,
        1.5,
        "river",
    ]


ROWS = st.lists(
    st.builds(
        Condition,
        st.sampled_from(["kind", "days", "river"]),
        st.sampled_from(["==", "!=", ">", ">=", "<", "<="]),
        st.one_of(st.integers(), st.text(max_size=8), st.booleans()),
    ),
    max_size=4,
)


@settings(max_examples=80, deadline=None)
@given(rows=ROWS, combine=st.sampled_from(["all", "any"]))
def test_the_condition_builder_reads_back_every_rule_it_writes(rows, combine):
    rule = build_rule(rows, combine)
    read = read_rule(rule)
    assert read is not None
    assert read[1] == rows
    if len(rows) > 1:
        assert read[0] == combine


def test_a_rule_the_builder_cannot_show_is_left_to_the_json():
    assert read_rule({"in": [{"var": "kind"}, ["a", "b"]]}) is None
    assert read_rule({"and": [{"==": [{"var": "a"}, 1]}, {"or": []}]}) is None
