"""The question library: questions copied between definitions with the rules they hold."""

import pytest

from dzong.engine import check_text, load_service
from dzong.engine.edits import EditError, new_definition
from dzong.engine.form import Form
from dzong.engine.library import (
    copy_questions,
    needed_questions,
    rename_variables,
    shared_list_question,
)
from dzong.engine.loader import dump_yaml
from dzong.engine.tests.support import demo_document, written

BOTH = {"en": "Market stall permit", "dz": "ཁྲོམ་གྱི་ཚོང་ཁང་ཆོག་ཐམ།"}


def _new() -> dict:
    return written(
        new_definition(slug="market-stall", agency="thromde", agency_name=BOTH, title=BOTH)
    )


def _problems(document: dict) -> list[str]:
    return [str(p) for p in check_text(dump_yaml(document))]


def test_a_question_brings_the_questions_its_check_reads():
    bus = demo_document("bus-route-permit")
    assert needed_questions(bus, ["destination_town"]) == ["origin_town", "destination_town"]
    copied, codes = copy_questions(_new(), bus, codes=["destination_town"], page_code="page-1")
    assert codes == ["origin_town", "destination_town"]
    assert _problems(copied) == []
    form = Form(load_service(dump_yaml(copied)))
    result = form.validate_page(
        "page-1", {"origin_town": "Thimphu", "destination_town": "Thimphu"}, {}
    )
    assert result.errors == {
        "destination_town": "The destination town must be different from the origin town."
    }


def test_a_code_already_used_is_renamed_and_the_copied_rules_follow():
    bus = demo_document("bus-route-permit")
    target = _new()
    target["pages"][0]["fields"] = [{"code": "origin_town", "type": "yes_no", "label": BOTH}]
    copied, codes = copy_questions(target, bus, codes=["destination_town"], page_code="page-1")
    assert codes == ["origin_town_2", "destination_town"]
    check = copied["pages"][0]["fields"][2]["checks"][0]["rule"]
    assert check == {"!=": [{"var": "destination_town"}, {"var": "origin_town_2"}]}
    assert _problems(copied) == []


def test_a_choice_question_brings_its_list_and_a_file_question_its_document():
    drone = demo_document("drone-permit")
    copied, codes = copy_questions(
        _new(), drone, codes=["purpose", "drone_photo"], page_code="page-1"
    )
    assert codes == ["purpose", "drone_photo"]
    assert [c["code"] for c in copied["choice_lists"]] == ["purposes"]
    assert [d["code"] for d in copied["documents"]] == ["drone-photo"]
    assert _problems(copied) == []


def test_a_question_shown_only_for_some_answers_brings_the_question_it_depends_on():
    drone = demo_document("drone-permit")
    drone["pages"][1]["fields"][0]["show_if"] = {"==": [{"var": "purpose"}, "commercial"]}
    copied, codes = copy_questions(_new(), drone, codes=["make_model"], page_code="page-1")
    assert codes == ["make_model", "purpose"]
    assert _problems(copied) == []


def test_a_question_offering_a_shared_list_is_added_by_the_lists_name():
    label = {"en": "Dzongkhag of the stall", "dz": "ཚོང་ཁང་གི་རྫོང་ཁག"}
    added, code = shared_list_question(
        _new(), list_code="dzongkhags", page_code="page-1", label=label
    )
    assert code == "dzongkhag_of_the_stall"
    assert added["pages"][0]["fields"][-1]["choices"] == "dzongkhags"
    assert _problems(added) == []
    with pytest.raises(EditError):
        shared_list_question(_new(), list_code="planets", page_code="page-1", label=label)


def test_renamed_answers_are_followed_inside_missing_and_groups():
    rule = {
        "and": [
            {"!": {"missing": ["a", "b"]}},
            {"missing_some": [1, ["a", "c"]]},
            {"==": [{"var": ["a.x", 0]}, {"var": "b"}]},
        ]
    }
    assert rename_variables(rule, {"a": "a_2"}) == {
        "and": [
            {"!": {"missing": ["a_2", "b"]}},
            {"missing_some": [1, ["a_2", "c"]]},
            {"==": [{"var": ["a_2.x", 0]}, {"var": "b"}]},
        ]
    }
