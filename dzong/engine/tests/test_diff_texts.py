"""The diff's changes read in both languages, every kind the engine tells."""

from __future__ import annotations

import copy
import re

import pytest

from dzong.engine import diff
from dzong.engine.diff_texts import PARTS, SENTENCES
from dzong.engine.tests.support import demo_document


@pytest.mark.parametrize("kind", sorted(SENTENCES))
def test_every_kind_of_change_reads_in_dzongkha_naming_the_same_things(kind):
    english = set(re.findall(r"\{(\w+)\}", SENTENCES[kind].en))
    dzongkha = SENTENCES[kind].get("dz")
    assert set(re.findall(r"\{(\w+)\}", dzongkha)) == english
    assert dzongkha != SENTENCES[kind].en


def test_every_part_has_its_dzongkha_name():
    assert all(part.dz and part.dz != part.en for part in PARTS.values())


CHANGES = [
    (
        lambda d: d["workflow"]["steps"][0].update(deadline_days=3),
        "step 'Transport officer's review': deadline changed from 5 to 3 working days",
    ),
    (
        lambda d: d["certificates"][0]["facts"].append(
            {"label": {"en": "Owner"}, "value": "{answers.contact_person}"}
        ),
        "certificate 'Route Permit': fact 'Owner' added",
    ),
    (
        lambda d: d["certificates"][0].update(valid_for_days=30),
        "certificate 'Route Permit': days it is valid changed from '365' to '30'",
    ),
    (
        lambda d: d["messages"][0].update(subject={"en": "Received", "dz": "ཐོབ་ཡི།"}),
        "message on 'submitted': subject changed",
    ),
    (
        lambda d: d["roles"][0]["name"].update(dz="དངུལ་འཛིན།"),
        "role 'Cashier': name (Dzongkha) changed",
    ),
]


@pytest.mark.parametrize(("edit", "expected"), CHANGES)
def test_a_change_reads_in_english_and_in_dzongkha(edit, expected):
    old = demo_document("bus-route-permit")
    new = copy.deepcopy(old)
    edit(new)
    changes = diff.compare(old, new)
    assert [diff.describe(c, "en") for c in changes] == [expected]
    dzongkha = diff.describe(changes[0], "dz")
    assert dzongkha != expected
    assert not re.search(r"\b(changed|added|removed|deadline|days it is valid)\b", dzongkha)
