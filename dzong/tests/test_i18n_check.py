"""The translation check fails on a Dzongkha string missing, fuzzy or given twice."""

from pathlib import Path

from dzong.i18n_check import problems_in, repeated_ids

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def test_an_entry_given_twice_is_named_even_when_split_over_lines():
    text = (
        HEADER
        + '#: a.py:1\nmsgid "Pay"\nmsgstr "ཕོགས།"\n\n'
        + 'msgid ""\n"Pay the "\n"fee"\nmsgstr "x"\n\n'
        + 'msgctxt "button"\nmsgid "Pay"\nmsgstr "y"\n\n'
        + '#: b.py:2\nmsgid "Pay the fee"\nmsgstr "z"\n\n'
        + '#~ msgid "Pay"\n#~ msgstr "old"\n'
    )
    assert repeated_ids(text) == ["Pay the fee"]


def test_missing_fuzzy_and_repeated_strings_are_each_a_problem(tmp_path: Path):
    po = tmp_path / "django.po"
    po.write_text(
        HEADER
        + 'msgid "One"\nmsgstr ""\n\n'
        + '#, fuzzy\nmsgid "Two"\nmsgstr "༢"\n\n'
        + 'msgid "Three"\nmsgstr "༣"\n\n'
        + 'msgid "Three"\nmsgstr "༣"\n',
        "utf-8",
    )
    found = problems_in(po)
    assert any("untranslated: 'One'" in p for p in found)
    assert any("fuzzy: 'Two'" in p for p in found)
    assert any("given twice: 'Three'" in p for p in found)
