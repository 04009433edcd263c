"""Checks of an unsaved change, posted as the designer types: the same as saving, nothing saved."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dzong.catalogue.models import ServiceVersion
from dzong.designer.tests.test_views import _field_form
from dzong.engine.tests.support import alias_bomb
from dzong.office.tests.support import office_client
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.django_db
BASE = "/designer/bus-route-permit/draft"


def _unchanged(draft):
    saved = ServiceVersion.objects.get(pk=draft.pk)
    return saved.revision == draft.revision and saved.document == draft.document


def test_a_field_without_dzongkha_is_reported_here_and_nothing_is_saved(designer, bus_draft):
    response = designer.post(f"{BASE}/fields/mobile/check/", _field_form(label_dz=""))
    assert response.status_code == 200
    assert "Checks with what you typed" in response.text
    assert "The Dzongkha text is missing (English: &#x27;Mobile phone&#x27;)" in response.text
    assert 'href="#designer-form"' in response.text
    assert _unchanged(bus_draft)


def test_what_saving_would_show_is_what_the_check_shows(designer, bus_draft):
    checked = designer.post(f"{BASE}/fields/mobile/check/", _field_form(label_dz=""))
    assert designer.post(f"{BASE}/fields/mobile/", _field_form(label_dz="")).status_code == 302
    draft = designer.get(f"{BASE}/").text
    assert "The Dzongkha text is missing (English: &#x27;Mobile phone&#x27;)" in draft
    assert "This part passes every check." not in checked.text


def test_a_field_that_passes_says_so_and_a_form_error_is_shown_instead(designer, bus_draft):
    passing = designer.post(f"{BASE}/fields/mobile/check/", _field_form())
    assert "This part passes every check." in passing.text
    refused = designer.post(f"{BASE}/fields/mobile/check/", _field_form(label_en=""))
    assert "The form cannot be checked yet:" in refused.text
    assert 'href="#id_label_en"' in refused.text


def test_a_new_optional_number_compared_elsewhere_warns_where_it_is_compared(designer, bus_draft):
    # seating_capacity made optional: the fee multiplies it (no warning), a new condition compares
    field = _field_form(label_en="Seating capacity", label_dz="སྡོད་ཁྲི།", type="integer")
    field = field | {"required": "", "if_field_0": "", "min": "10", "max": "60"}
    made_optional = designer.post(f"{BASE}/fields/seating_capacity/check/", field)
    assert "Warning:" not in made_optional.text
    designer.post(f"{BASE}/fields/seating_capacity/", field)
    compared = designer.post(f"{BASE}/fields/mobile/check/", _field_form(revision=2))
    assert "Warning:" in compared.text
    assert "compares the number field &#x27;seating_capacity&#x27;" in compared.text
    assert "an empty answer counts as 0" in compared.text


def test_a_change_that_breaks_another_part_links_there(designer, bus_draft):
    step = {
        "revision": 1,
        "name_en": "Transport officer's review",
        "name_dz": "ཞིབ་དཔྱད།",
        "type": "human",
        "first": "on",
        "role": "transport-officer",
        "deadline_days": "5",
        "action_code_0": "approve",
        "action_label_en_0": "Approve",
        "action_label_dz_0": "ཆོག་མཆན་གནང་།",
        "action_to_0": "approved",
        "combine": "all",
        "outcome": "approved",
    }
    response = designer.post(f"{BASE}/workflow/review/check/", step)
    assert response.status_code == 200, response.text
    assert "This change causes problems elsewhere:" in response.text
    assert "The step &#x27;rejected&#x27; can never be reached." in response.text
    assert f'href="{BASE}/workflow/rejected/"' in response.text
    assert _unchanged(bus_draft)


def test_the_description_the_fee_and_the_whole_document_are_checked_too(designer, bus_draft):
    document = designer.get(f"{BASE}/document/").context["form"].initial["text"]
    broken = document.replace("to: rejected", "to: nowhere")
    response = designer.post(f"{BASE}/document/check/", {"revision": 1, "text": broken})
    assert "leads to an unknown step &#x27;nowhere&#x27;." in response.text
    unreadable = designer.post(f"{BASE}/document/check/", {"revision": 1, "text": "a: [b"})
    assert "The form cannot be checked yet:" in unreadable.text
    fee = designer.get(f"{BASE}/fees/seat-fee/").context["form"].initial
    fee = {k: v for k, v in fee.items() if v is not None} | {"label_dz": ""}
    assert "The Dzongkha text is missing" in designer.post(f"{BASE}/fees/seat-fee/check/", fee).text
    description = designer.get(f"{BASE}/description/").context["form"].initial | {"title_dz": ""}
    checked = designer.post(f"{BASE}/description/check/", description).text
    assert "The Dzongkha text is missing (English: &#x27;Bus route permit" in checked
    assert _unchanged(bus_draft)


def test_checks_are_posted_and_only_for_the_designers_own_drafts(designer, bus_draft):
    assert designer.get(f"{BASE}/fields/mobile/check/").status_code == 404
    other = office_client(staff("designer", "caa"))
    assert other.post(f"{BASE}/fields/mobile/check/", _field_form()).status_code == 404


def test_each_form_has_a_live_region_and_its_script(designer, bus_draft):
    for place in (
        "fields/mobile/",
        "fields/new/?page=operator",
        "fees/new/",
        "description/",
        "document/",
        "workflow/review/",
        "workflow/new/",
    ):
        page = designer.get(f"{BASE}/{place}").text
        assert 'aria-live="polite"' in page and "js/live_checks.js" in page, place
        assert f'data-live-checks="{BASE}/{place.split("?")[0]}check/"' in page, place


def test_the_drafts_page_lists_warnings_that_do_not_stop_publishing(designer, bus_draft):
    field = _field_form(if_field_0="trips_per_day", if_comparison_0="<", if_value_0="3")
    assert designer.post(f"{BASE}/fields/mobile/", field).status_code == 302
    trips = _field_form(label_en="Trips per day", label_dz="འགྲུལ་ཐེངས།", type="integer")
    trips = trips | {"revision": 2, "required": "", "if_field_0": "", "min": "1", "max": "12"}
    assert designer.post(f"{BASE}/fields/trips_per_day/", trips).status_code == 302
    page = designer.get(f"{BASE}/").text
    assert "1 warning, which does not stop publishing:" in page
    assert (
        f'href="{BASE}/fields/mobile/">The question &#x27;Mobile phone&#x27;</a>: The rule compares'
        in page
    )
    assert 'id="publish"' in page


def test_a_definition_too_costly_to_read_is_refused_with_a_message(designer, bus_draft):
    nested = "a: " + "[" * 400 + "]" * 400
    for text, reason in ((alias_bomb(), "too many values"), (nested, "nested too deep")):
        for url in (f"{BASE}/document/", f"{BASE}/document/check/"):
            response = designer.post(url, {"revision": 1, "text": text})
            assert response.status_code == 200 and reason in response.text
    assert _unchanged(bus_draft)


def test_an_import_file_larger_than_a_definition_is_refused(designer):
    large = SimpleUploadedFile("big.yaml", b"title: " + b"x" * (2 * 1024 * 1024))
    response = designer.post("/designer/import/", {"file": large})
    assert response.status_code == 200 and "The file is too large" in response.text
