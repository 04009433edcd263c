"""The readable diff between two versions of a definition."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dzong.engine.diff import compare
from dzong.engine.edits import add_field, move_field, move_field_to_page, remove_field
from dzong.engine.tests.support import demo_document

DEMOS = ["bus-route-permit", "drone-permit", "industrial-land-lease", "register-business"]


def sentences(old, new) -> list[str]:
    return [str(change) for change in compare(old, new)]


@pytest.mark.parametrize("slug", DEMOS)
def test_a_definition_compared_with_itself_has_no_changes(slug):
    document = demo_document(slug)
    assert compare(document, copy.deepcopy(document)) == []
    assert compare(document, {**document, "version": 7}) == []


def test_an_added_field_is_named_with_its_page():
    old = demo_document("industrial-land-lease")
    page = old["pages"][0]
    new = add_field(
        old,
        page_code=page["code"],
        field={"code": "extra_plot_area", "type": "integer", "label": {"en": "Plot area"}},
    )
    assert sentences(old, new) == [f"field 'Plot area' added to page '{page['title']['en']}'"]


def test_a_fixed_fee_change_is_told_in_ngultrum():
    old = demo_document("bus-route-permit")
    old["fees"][0]["amount"] = 50000
    new = copy.deepcopy(old)
    new["fees"][0]["amount"] = 70000
    label = old["fees"][0]["label"]["en"]
    assert sentences(old, new) == [f"fee '{label}' changed from Nu. 500 to Nu. 700"]


def test_moves_and_removals_are_told():
    old = demo_document("bus-route-permit")
    moved = move_field_to_page(old, field_code="mobile", page_code="route")
    assert sentences(old, moved) == [
        "field 'Mobile number' moved from page 'Operator' to page 'Route'"
    ]
    up = move_field(old, field_code="mobile", offset=-1)
    assert sentences(old, up) == ["the order of the fields on page 'Operator' changed"]
    gone = remove_field(old, field_code="mobile")
    assert sentences(old, gone) == ["field 'Mobile number' removed from page 'Operator'"]


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["label", "hint", "required", "max_length", "remove", "up", "down"]),
        st.integers(min_value=0, max_value=50),
        st.text(min_size=1, max_size=12),
    ),
    min_size=1,
    max_size=6,
)


def _edit(document, edit):
    kind, index, text = edit
    codes = [f["code"] for p in document["pages"] for f in p["fields"]]
    code = codes[index % len(codes)]
    if kind == "remove" and len(codes) > 1:
        return remove_field(document, field_code=code)
    if kind in ("up", "down"):
        return move_field(document, field_code=code, offset=-1 if kind == "up" else 1)
    changed = copy.deepcopy(document)
    for page in changed["pages"]:
        for field in page["fields"]:
            if field["code"] == code and kind in ("label", "hint"):
                field[kind] = {"en": text}
            elif field["code"] == code and kind == "required":
                field["required"] = not field.get("required", True)
            elif field["code"] == code and kind == "max_length":
                field["max_length"] = index + 1
    return changed


@settings(max_examples=80, deadline=None)
@given(slug=st.sampled_from(DEMOS), edits=EDITS)
def test_any_edit_of_fields_is_reported_and_no_change_means_no_report(slug, edits):
    old = demo_document(slug)
    new = old
    for edit in edits:
        new = _edit(new, edit)
    changes = compare(old, new)
    assert bool(changes) == (old != new)
    assert all(str(change) for change in changes)


def _changed(slug: str, edit) -> list[str]:
    old = demo_document(slug)
    new = copy.deepcopy(old)
    edit(new)
    return sentences(old, new)


def _step(document, code):
    return next(s for s in document["workflow"]["steps"] if s["code"] == code)


def _set(path_and_value):
    def edit(document):
        *path, value = path_and_value
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return edit


DETAILED = [
    (
        "bus-route-permit",
        _set(("workflow", "steps", 0, "deadline_days", 3)),
        ["step 'Transport officer's review': deadline changed from 5 to 3 working days"],
    ),
    (
        "drone-permit",
        _set(("workflow", "steps", 0, "actions", 0, "to", "approved")),
        ["action 'Approve' of step 'Aviation officer's check' now leads to 'Approved'"],
    ),
    (
        "drone-permit",
        _set(("workflow", "steps", 0, "actions", 2, "send_back", False)),
        ["action 'Send back for corrections': send_back changed from 'yes' to 'no'"],
    ),
    (
        "drone-permit",
        lambda d: d["workflow"]["steps"][2]["actions"].pop(),
        ["step 'Chief of flight safety's decision': action 'Reject' removed"],
    ),
    (
        "bus-route-permit",
        _set(("workflow", "steps", 0, "role", "cashier")),
        ["step 'Transport officer's review': role changed from 'transport-officer' to 'cashier'"],
    ),
    (
        "register-business",
        _set(("documents", 0, "max_size", 10 * 1024 * 1024)),
        ["document 'Lease agreement': maximum size changed from 5 MB to 10 MB"],
    ),
    (
        "register-business",
        _set(("documents", 0, "accept", ["application/pdf"])),
        ["document 'Lease agreement': accepted files changed from 'PDF, JPEG, PNG' to 'PDF'"],
    ),
    (
        "register-business",
        lambda d: d["certificates"][0]["facts"].append(
            {"label": {"en": "Trade name"}, "value": "{answers.business_name}"}
        ),
        ["certificate 'Business Licence': fact 'Trade name' added"],
    ),
    (
        "register-business",
        lambda d: d["certificates"][0]["facts"].pop(0),
        ["certificate 'Business Licence': fact 'Licence number' removed"],
    ),
    (
        "bus-route-permit",
        _set(("certificates", 0, "facts", 4, "value", "{answers.trips_per_day}")),
        [
            "certificate 'Route Permit': fact 'Seating capacity' changed from "
            "'{answers.seating_capacity}' to '{answers.trips_per_day}'"
        ],
    ),
    (
        "bus-route-permit",
        _set(("certificates", 0, "valid_for_days", 30)),
        ["certificate 'Route Permit': valid_for_days changed from '365' to '30'"],
    ),
    (
        "bus-route-permit",
        _set(("messages", 0, "subject", {"en": "Received"})),
        ["message on 'submitted': subject changed"],
    ),
    (
        "bus-route-permit",
        lambda d: d["messages"].pop(),
        ["message on 'corrections_requested' removed"],
    ),
    (
        "drone-permit",
        _set(("choice_lists", 0, "options", 2, "label", {"en": "Mapping"})),
        [
            "choice list 'Purposes of flying': option 'survey' changed from 'Survey or mapping' to 'Mapping'"
        ],
    ),
    (
        "drone-permit",
        lambda d: d["choice_lists"][0]["options"].reverse(),
        ["choice list 'Purposes of flying': the order of the options changed"],
    ),
]


@pytest.mark.parametrize(("slug", "edit", "expected"), DETAILED)
def test_what_changed_inside_a_part_is_told(slug, edit, expected):
    assert _changed(slug, edit) == expected


PART_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["deadline", "leads", "fact", "fact-value", "size", "subject", "option"]),
        st.integers(min_value=0, max_value=50),
        st.text(alphabet="abcdefgh ", min_size=1, max_size=10),
    ),
    min_size=1,
    max_size=5,
)


def _part_edit(document, edit):
    kind, index, text = edit
    steps = [s for s in document["workflow"]["steps"] if s.get("type") == "human"]
    certificate = document["certificates"][index % len(document["certificates"])]
    if kind == "deadline" and steps:
        steps[index % len(steps)]["deadline_days"] = index % 9 + 1
    elif kind == "leads" and steps and steps[0].get("actions"):
        codes = [s["code"] for s in document["workflow"]["steps"]]
        steps[0]["actions"][0]["to"] = codes[index % len(codes)]
    elif kind == "fact":
        certificate["facts"].append({"label": {"en": f"New {text}"}, "value": "{reference}"})
    elif kind == "fact-value":
        certificate["facts"][index % len(certificate["facts"])]["value"] = f"{{reference}} {text}"
    elif kind == "size" and document.get("documents"):
        document["documents"][index % len(document["documents"])]["max_size"] = index + 1
    elif kind == "subject":
        document["messages"][index % len(document["messages"])]["subject"] = {"en": text}
    elif kind == "option" and document.get("choice_lists"):
        options = document["choice_lists"][0]["options"]
        options[index % len(options)]["label"] = {"en": text}


@settings(max_examples=60, deadline=None)
@given(slug=st.sampled_from(DEMOS), edits=PART_EDITS)
def test_edits_inside_steps_certificates_documents_messages_and_lists_are_told_in_detail(
    slug, edits
):
    old = demo_document(slug)
    new = copy.deepcopy(old)
    for edit in edits:
        _part_edit(new, edit)
    changes = compare(old, new)
    assert bool(changes) == (old != new)
    assert not [c for c in changes if c.kind in ("item_changed", "section_changed")]
    assert all(str(change) for change in changes)
