"""Registrations and messages changed through forms, the rule through the condition builder."""

from __future__ import annotations

import re

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


def test_each_part_of_the_service_has_its_own_page_linked_from_the_summary(designer, bus_draft):
    summary = designer.get(f"{BASE}/").text
    for part in ("questions", "fees", "documents", "workflow", "registrations", "certificates"):
        assert f'href="{BASE}/parts/{part}/" id="to-{part}"' in summary
    assert 'id="field-down-mobile"' not in summary  # the questions are on their own page
    questions = designer.get(f"{BASE}/parts/questions/").text
    assert 'id="field-down-mobile"' in questions and 'id="new-page"' in questions
    assert f'href="{BASE}/" id="to-summary"' in questions and "govuk-breadcrumbs" in questions
    assert "Route Permit" in designer.get(f"{BASE}/parts/registrations/").text
    assert 'id="change-workflow"' in designer.get(f"{BASE}/parts/workflow/").text
    assert designer.get(f"{BASE}/parts/description/").status_code == 404
    assert designer.get(f"{BASE}/parts/nothing/").status_code == 404
    fee = designer.get(f"{BASE}/fees/seat-fee/").text
    assert f'href="{BASE}/parts/fees/" class="govuk-back-link"' in fee


def test_a_new_service_starts_from_sensible_defaults(designer):
    new = {"title_en": "Market stall permit", "title_dz": "ཁྲོམ་གྱི་ཚོང་ཁྲི་ཆོག་ཐམ།"}
    created = designer.post("/designer/new/", new | {"start": "blank", "agency": "rsta"})
    assert created["Location"] == "/designer/market-stall-permit/draft/"
    base = "/designer/market-stall-permit/draft"
    draft = ServiceVersion.objects.get(service__slug="market-stall-permit")
    assert draft.document["pages"][0]["title"] == {
        "en": "Market stall permit",
        "dz": "ཁྲོམ་གྱི་ཚོང་ཁྲི་ཆོག་ཐམ།",
    }
    described = designer.get(f"{base}/description/").text
    assert re.search(r'<textarea name="purpose_en"[^>]* autofocus', described)
    assert described.count("autofocus") == 1
    assert 'value="RSTA-MARKET-STALL-PERMIT"' in designer.get(f"{base}/fees/new/").text
    name = {"label_en": "Your name", "label_dz": "ཁྱོད་ཀྱི་མིང་།", "type": "text", "required": "on"}
    designer.post(f"{base}/fields/new/?page=page-1", name | {"revision": 1, "combine": "all"})
    form = designer.get(f"{base}/certificates/new/").text
    assert 'value="Market stall permit"' in form and 'value="365"' in form
    assert 'id="id_label_en_3"' in form
    assert re.search(r'<input[^>]* autofocus[^>]* id="id_label_en_0"', form)
    saved = designer.post(
        f"{base}/certificates/new/",
        {
            "revision": 2,
            "row_count": 1,
            "title_en": "Stall permit",
            "valid_for_days": 365,
            "source_0": "answers.your_name",
        },
    )
    assert saved.status_code == 302, saved.text
    document = ServiceVersion.objects.get(pk=draft.pk).document
    assert document["certificates"][0]["facts"] == [
        {"label": {"en": "Your name", "dz": "ཁྱོད་ཀྱི་མིང་།"}, "value": "{answers.your_name}"}
    ]
    assert document["registrations"][0]["certificate"] == "stall-permit"
