"""The diff's changes read in the designer's language, every kind the engine tells."""

from __future__ import annotations

import copy
import re

import pytest
from django.utils import translation

from dzong.designer.sentences import SENTENCES, sentence
from dzong.engine import diff
from dzong.engine.tests.support import demo_document


@pytest.mark.parametrize("kind", sorted(diff.SENTENCES))
def test_every_kind_of_change_has_a_translated_sentence_naming_the_same_things(kind):
    english = set(re.findall(r"\{(\w+)\}", diff.SENTENCES[kind]))
    assert set(re.findall(r"%\((\w+)\)s", str(SENTENCES[kind]))) == english
    with translation.override("dz"):
        dzongkha = str(SENTENCES[kind])
    assert set(re.findall(r"%\((\w+)\)s", dzongkha)) == english
    assert dzongkha != str(SENTENCES[kind])


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
    assert [sentence(c) for c in changes] == [expected]
    with translation.override("dz"):
        dzongkha = sentence(changes[0])
    assert dzongkha != expected
    assert not re.search(r"\b(changed|added|removed|deadline|days it is valid)\b", dzongkha)
