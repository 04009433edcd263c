"""Rules of a repeating group's fields: the group's code names the entry they are read for."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dzong.engine import check_text, load_service
from dzong.engine.certificates import Issue, certificate_data
from dzong.engine.definition import Field
from dzong.engine.form import Form
from dzong.engine.jsonlogic import Evaluator
from dzong.engine.loader import dump_yaml
from dzong.engine.tests.support import demo_document, problems_of

ROUTE = {"origin_town": "Thimphu", "destination_town": "Paro", "trips_per_day": "4"}
LEAVES_TOO_SOON = {"en": "The bus must leave after it arrives.", "dz": "བཱས་ལྷོད་ཚར་བའི་ཤུལ་ལས་ འགྱོ་དགོ།"}


def _text(en, dz):
    return {"en": en, "dz": dz}


def stops_document():
    """The bus route with stops whose fields' rules read their own entry."""
    document = demo_document("bus-route-permit")
    stops = document["pages"][2]["fields"][3]
    assert stops["code"] == "stops"
    stops["fields"] += [
        {"code": "arrive", "type": "integer", "label": _text("Arrives at minute", "ལྷོད་ཐུན།")},
        {
            "code": "leave",
            "type": "integer",
            "label": _text("Leaves at minute", "འགྱོ་ཐུན།"),
            "checks": [
                {
                    "rule": {">=": [{"var": "stops.leave"}, {"var": "stops.arrive"}]},
                    "message": LEAVES_TOO_SOON,
                }
            ],
        },
        {
            "code": "waits_long",
            "type": "yes_no",
            "required": False,
            "label": _text("Long stop", "ཡུན་རིང་།"),
        },
        {
            "code": "reason",
            "type": "text",
            "label": _text("Why?", "ག་ཅི་སྦེ།"),
            "show_if": {"==": [{"var": "stops.waits_long"}, True]},
        },
        {
            "code": "platform",
            "type": "text",
            "label": _text("Platform", "སྒུག་ས།"),
            "required": {">": [{"var": "trips_per_day"}, 6]},
        },
    ]
    return document


def leave_of(document):
    return document["pages"][2]["fields"][3]["fields"][2]


@pytest.fixture(scope="module")
def form():
    return Form(load_service(dump_yaml(stops_document())))


def test_rules_naming_the_entrys_own_fields_pass_every_check():
    assert problems_of(stops_document()) == []


entries = st.lists(
    st.fixed_dictionaries(
        {
            "town": st.sampled_from(["Wangdue", "Trongsa"]),
            "arrive": st.integers(0, 60),
            "leave": st.integers(0, 60),
            "waits_long": st.booleans(),
            "reason": st.sampled_from(["", "Lunch"]),
            "platform": st.sampled_from(["", "East"]),
        }
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=40, deadline=None)
@given(stops=entries, trips=st.integers(1, 12))
def test_each_entry_is_required_shown_and_checked_by_its_own_answers(form, stops, trips):
    typed = [
        {
            **s,
            "arrive": str(s["arrive"]),
            "leave": str(s["leave"]),
            "waits_long": "yes" if s["waits_long"] else "no",
        }
        for s in stops
    ]
    result = form.validate_page("route", {**ROUTE, "trips_per_day": str(trips), "stops": typed}, {})
    expected = {}
    for index, stop in enumerate(stops):
        if stop["leave"] < stop["arrive"]:
            expected[f"stops.{index}.leave"] = LEAVES_TOO_SOON["en"]
        if stop["waits_long"] and not stop["reason"]:
            expected[f"stops.{index}.reason"] = "Enter an answer to “Why?”"
        if trips > 6 and not stop["platform"]:
            expected[f"stops.{index}.platform"] = "Enter the platform"
    assert result.errors == expected
    before_submission = form.validate_all(result.answers)
    assert {k: v for k, v in before_submission.items() if k.startswith("stops.")} == expected


def test_a_hidden_field_of_an_entry_keeps_no_answer_in_effect(form):
    stop = {"town": "Wangdue", "arrive": 1, "leave": 2, "waits_long": False, "reason": "Lunch"}
    effective = form.effective_answers({"stops": [stop]})
    assert effective["stops"] == [{k: v for k, v in stop.items() if k != "reason"}]


def _names(draw_from):
    return st.sampled_from(draw_from)


TOP = ["origin_town", "trips_per_day", "seating_capacity"]
NAMES = [
    *TOP,
    "stops.arrive",
    "stops.leave",
    "stops.town",
    "arrive",
    "leave",
    "stops.nowhere",
    "nowhere",
]


@settings(max_examples=30, deadline=None)
@given(name=st.sampled_from(NAMES))
def test_a_name_the_checker_accepts_in_an_entrys_rule_is_one_the_engine_reads(form, name):
    document = stops_document()
    leave_of(document)["checks"][0]["rule"] = {"!=": [{"var": name}, None]}
    accepted = problems_of(document) == []
    service_fields = {f.code: f for _, f in form.service.fields()}
    stops: Field = service_fields["stops"]
    answers = {code: f"top {code}" for code in TOP}
    entry = {m.code: f"entry {m.code}" for m in stops.fields}
    value = Evaluator().apply({"var": name}, form.entry_context(stops, entry, answers))
    known = {f"top {c}" for c in TOP} | {f"entry {m.code}" for m in stops.fields}
    assert accepted == (value in known)


@pytest.mark.parametrize(
    ("place", "name", "says"),
    [
        (
            "entry",
            "leave",
            "name a field of the same entry with the group's code, as 'stops.leave'",
        ),
        ("entry", "stops.nowhere", "the repeating group 'stops' has no field 'nowhere'"),
        ("fee", "stops.leave", "a field inside the repeating group 'stops'"),
        (
            "fee",
            "leave",
            "only the rules of that group's own fields can name it (as 'stops.leave')",
        ),
    ],
)
def test_a_rule_naming_an_entrys_field_in_the_wrong_way_gets_a_hint(place, name, says):
    document = stops_document()
    rule = {">": [{"var": name}, 0]}
    if place == "entry":
        leave_of(document)["checks"][0]["rule"] = rule
    else:
        document["fees"][0]["applies_if"] = rule
    problems = problems_of(document)
    assert len(problems) == 1
    assert says.lower() in problems[0].lower()


def test_outside_the_group_its_entries_are_asked_about_with_some():
    document = stops_document()
    document["fees"][0]["applies_if"] = {
        "some": [{"var": "stops"}, {">": [{"var": "leave"}, {"var": "arrive"}]}]
    }
    assert check_text(dump_yaml(document)) == []


def test_a_certificate_table_must_name_a_group_and_its_own_fields():
    document = stops_document()
    permit = document["certificates"][0]
    permit["table"] = {"group": "stops", "columns": ["town", "arrive"]}
    assert problems_of(document) == []
    permit["table"] = {"group": "stops", "columns": ["town", "colour"]}
    assert any(
        "The repeating group 'stops' has no field 'colour'" in p for p in problems_of(document)
    )
    permit["table"] = {"group": "origin_town", "columns": ["town"]}
    assert any("'origin_town', which is not a repeating group" in p for p in problems_of(document))


def test_a_certificate_table_lists_each_entry_in_the_readers_language():
    document = stops_document()
    document["certificates"][0]["table"] = {"group": "stops", "columns": ["town", "arrive"]}
    service = load_service(dump_yaml(document))
    answers = {"stops": [{"town": "Wangdue", "arrive": 1200}, {"town": "Trongsa"}]}
    issue = Issue(reference="R-1", number="RP-1", issue_date=dt.date(2027, 1, 1))
    permit = service.certificates["route-permit"]
    english = certificate_data(service, permit, answers, issue, "en").table
    assert english.title == "Stops along the way (optional)"
    assert english.headers == ("Town", "Arrives at minute")
    assert english.rows == (("Wangdue", "1,200"), ("Trongsa", ""))
    dzongkha = certificate_data(service, permit, answers, issue, "dz").table
    assert dzongkha.headers == ("གྲོང་ཚོ།", "ལྷོད་ཐུན།")


def test_a_placeholder_naming_an_entrys_field_points_to_the_table():
    document = stops_document()
    document["certificates"][0]["facts"][0]["value"] = "{answers.stops.town}"
    problems = problems_of(document)
    assert len(problems) == 1
    assert "a field inside the repeating group 'stops'" in problems[0]
    assert "'table'" in problems[0]
