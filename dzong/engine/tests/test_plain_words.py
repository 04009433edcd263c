"""The checker's findings in plain words: no regular expressions, no parser's jargon."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DEMO_SERVICES
from dzong.engine import check_text
from dzong.engine.tests.support import demo_document, problems_of

JARGON = re.compile(
    r"\^|\$|\{\d|\[a-z|mapping values|token|block end|scalar|flow mapping|of type|"
    r"non-empty|was unexpected|schemas|<"
)
BUSINESS = (DEMO_SERVICES / "register-business.yaml").read_text("utf-8")


def only_problem(text):
    problems = check_text(text)
    assert len(problems) == 1, problems
    return problems[0]


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (
            lambda d: d["registrations"][0].update(code="Business_Licence"),
            "a code uses only lowercase letters (a-z), digits and hyphens (-)",
        ),
        (
            lambda d: d["pages"][0]["fields"][0].update(code="full-name"),
            "Write 'full_name' instead.",
        ),
        (lambda d: d.update(currency="Nu"), "a currency is three capital letters, like BTN"),
        (lambda d: d["pages"][0].update(title="About you"), "its text in each language"),
        (
            lambda d: d["certificates"][0].update(valid_for_years=0),
            "0 is too small here: the least allowed is 1",
        ),
        (lambda d: d["certificates"][0].update(facts=[]), "at least 1 entry"),
        (lambda d: d["certificates"][0].update(valid_for_dayz=3), "Did you mean 'valid_for_days'?"),
        (
            lambda d: d["pages"][0]["fields"][0].update(max_length="ten"),
            "a whole number, not the text 'ten'",
        ),
    ],
)
def test_a_schema_finding_is_said_in_plain_words(change, says):
    document = demo_document("register-business")
    change(document)
    problems = problems_of(document)
    assert any(says in p for p in problems), problems
    assert not any(JARGON.search(p.split(": ", 1)[1]) for p in problems), problems


@pytest.mark.parametrize(
    ("old", "new", "says", "on"),
    [
        (
            "    number_prefix: BL\n",
            "    number_prefix: BL\n      certificate_x: 1\n",
            "This line is indented more than the one above",
            "certificate_x",
        ),
        (
            "label: {en: Citizenship ID number,",
            "label: {en: Citizenship ID number: now,",
            "The { } that starts on this line is not closed properly",
            "Citizenship ID number: now",
        ),
        (
            "label: {en: Citizenship ID number,",
            "label: {en: Your citizenship ID number?,",
            "A question mark (?) inside { } or [ ] must be in quotes",
            "number?,",
        ),
        ("slug: register-business\n", "slug: register-business: now\n", "second colon", "slug:"),
        ("slug: register-business\n", "slug: @register\n", "cannot start with '@'", "slug:"),
        ("slug: register-business\n", 'slug: "register-business\n', "never closed", "slug:"),
        ("slug: register-business\n", "slug:\n\tregister-business\n", "tab", "\tregister"),
        ("agency: trade\n", "agency\n", "a name without a colon", "agency"),
        (
            "        label: {en: Full name, dz: མིང་ཆ་ཚང་།}\n",
            "        label: {en: Full name, dz: མིང་ཆ་ཚང་།} (official)\n",
            "Something follows the end of the value on this line ('(official)')",
            "(official)",
        ),
    ],
)
def test_a_definition_that_cannot_be_read_says_why_and_where_in_plain_words(old, new, says, on):
    assert BUSINESS.count(old) >= 1
    broken = BUSINESS.replace(old, new, 1)
    problem = only_problem(broken)
    assert says in problem.message
    assert problem.line == next(i for i, row in enumerate(broken.splitlines(), 1) if on in row)
    assert not JARGON.search(problem.message)


@settings(max_examples=60, deadline=None)
@given(
    line=st.integers(1, len(BUSINESS.splitlines())),
    junk=st.sampled_from(["  x: 1", ": :", "- - [", '"', "{", "\t", "@a", "*b", "a: b: c", "]"]),
)
def test_no_broken_line_gets_the_parsers_own_words(line, junk):
    rows = BUSINESS.splitlines()
    rows.insert(line, rows[line - 1] + junk)
    for problem in check_text("\n".join(rows)):
        assert not JARGON.search(problem.message), problem
