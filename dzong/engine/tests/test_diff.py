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
