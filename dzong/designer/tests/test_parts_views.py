"""Registrations and messages changed through forms, the rule through the condition builder."""

from __future__ import annotations

import pytest

from dzong.catalogue.models import ServiceVersion
from dzong.office.tests.support import office_client
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.django_db
BASE = "/designer/bus-route-permit/draft"


def _document(draft: ServiceVersion) -> dict:
    return ServiceVersion.objects.get(pk=draft.pk).document


def test_a_registration_is_changed_with_a_rule_and_keeps_its_certificate(designer, bus_draft):
    page = designer.get(f"{BASE}/registrations/route-permit/").text
    assert 'value="RP"' in page and 'value="route-permit" selected' in page
    response = designer.post(
        f"{BASE}/registrations/route-permit/",
        {
            "revision": 1,
            "name_en": "Route permit",
            "name_dz": "འགྲུལ་ལམ་ཆོག་ཐམ།",
            "agency": "rsta",
            "number_prefix": "RTP",
            "certificate": "route-permit",
            "combine": "all",
            "if_field_0": "seating_capacity",
            "if_comparison_0": ">=",
            "if_value_0": "10",
        },
    )
    assert response.status_code == 302, response.text
    assert _document(bus_draft)["registrations"] == [
        {
            "code": "route-permit",
            "agency": "rsta",
            "name": {"en": "Route permit", "dz": "འགྲུལ་ལམ་ཆོག་ཐམ།"},
            "number_prefix": "RTP",
            "applies_if": {">=": [{"var": "seating_capacity"}, 10]},
            "certificate": "route-permit",
        }
    ]


def test_a_registration_needs_a_prefix_of_capital_letters(designer, bus_draft):
    response = designer.post(
        f"{BASE}/registrations/new/",
        {"revision": 1, "name_en": "Bus licence", "agency": "rsta", "number_prefix": "bl1"},
    )
    assert response.status_code == 200
    assert 'href="#id_number_prefix"' in response.text
    assert ServiceVersion.objects.get(pk=bus_draft.pk).revision == 1


def test_a_message_is_added_and_one_is_changed(designer, bus_draft):
    page = designer.get(f"{BASE}/messages/2/").text
    assert "Your bus route permit is approved" in page
    message = {
        "revision": 1,
        "event": "payment_received",
        "subject_en": "We received your payment {reference}",
        "subject_dz": "ཁྱོད་ཀྱི་དངུལ་ {reference} ཐོབ་ཡི།",
        "body_en": "Thank you for paying.",
        "body_dz": "",
    }
    assert designer.post(f"{BASE}/messages/new/", message).status_code == 302
    changed = message | {"revision": 2, "event": "approved", "subject_en": "Approved"}
    assert designer.post(f"{BASE}/messages/2/", changed).status_code == 302
    messages = _document(bus_draft)["messages"]
    assert messages[-1] == {
        "event": "payment_received",
        "subject": {
            "en": "We received your payment {reference}",
            "dz": "ཁྱོད་ཀྱི་དངུལ་ {reference} ཐོབ་ཡི།",
        },
        "body": {"en": "Thank you for paying."},
    }
    assert messages[1]["subject"]["en"] == "Approved" and messages[1]["event"] == "approved"
    assert designer.get(f"{BASE}/messages/99/").status_code == 404


def test_another_agencys_designer_cannot_reach_registrations_or_messages(bus_draft):
    other = office_client(staff("designer", "caa"))
    for url in ("registrations/route-permit/", "registrations/new/", "messages/1/"):
        assert other.get(f"{BASE}/{url}").status_code == 404
        assert other.post(f"{BASE}/{url}", {"revision": 1}).status_code == 404
    assert ServiceVersion.objects.get(pk=bus_draft.pk).revision == 1
