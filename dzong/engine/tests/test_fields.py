import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dzong.engine.definition import Field, Text
from dzong.engine.fields import FieldCleaner, Invalid

PLATE = "[A-Z]{2}-[0-9]{4}"


def cleaner(field_type: str, pattern: str) -> FieldCleaner:
    field = Field(code="plate", type=field_type, label=Text(en="Plate"), pattern=pattern)
    return FieldCleaner(field, "en", lists={}, documents={})


@settings(max_examples=50, deadline=None)
@given(plate=st.from_regex(PLATE, fullmatch=True))
def test_an_answer_of_the_whole_pattern_is_accepted(plate):
    assert cleaner("text", PLATE).clean(plate) == plate


@settings(max_examples=50, deadline=None)
@given(
    plate=st.from_regex(PLATE, fullmatch=True),
    before=st.text(alphabet="abcXYZ019-", max_size=4),
    after=st.text(alphabet="abcXYZ019-", max_size=4),
)
def test_an_answer_with_more_than_the_pattern_around_it_is_refused(plate, before, after):
    if not before and not after:
        return
    with pytest.raises(Invalid):
        cleaner("text", PLATE).clean(f"{before}{plate}{after}")


def test_a_phone_number_must_be_the_whole_pattern_not_contain_it():
    mobile = cleaner("phone", "(17|77)[0-9]{6}")
    assert mobile.clean("17123456") == "17123456"
    with pytest.raises(Invalid):
        mobile.clean("0017123456")
