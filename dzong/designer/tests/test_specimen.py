"""The certificate specimen: printed live, marked, unsigned, never stored."""

from __future__ import annotations

import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from dzong.certificates.models import Certificate
from dzong.designer.specimen import MARK, sample_answers, specimen_content
from dzong.engine import load_service
from dzong.engine.loader import dump_yaml
from dzong.engine.tests.support import demo_document
from dzong.office.tests.support import office_client
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.django_db
URL = "/designer/bus-route-permit/draft/certificates/route-permit/specimen.pdf"


def test_the_specimen_is_an_unsigned_pdf_and_nothing_is_stored(designer, bus_draft):
    response = designer.get(URL)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response.content.startswith(b"%PDF")
    assert PdfFileReader(io.BytesIO(response.content)).embedded_signatures == []
    assert Certificate.objects.count() == 0
    download = designer.get(URL + "?download=1")
    assert download["Content-Disposition"].startswith("attachment;")
    assert designer.get(URL.replace("route-permit/specimen", "nothing/specimen")).status_code == 404


def test_the_specimen_says_specimen_and_uses_the_answers_typed(bus_draft):
    service = bus_draft.definition
    answers = sample_answers(service, {"origin_town": "Paro"})
    assert answers["origin_town"] == "Paro"
    assert {field.code for _page, field in service.fields()} <= set(answers)
    content = specimen_content(service, "route-permit", answers)
    for language in ("en", "dz"):
        assert content[language]["title"].startswith(MARK)
        assert content[language]["paragraphs"][0].startswith(MARK)


def test_another_agencys_designer_gets_no_specimen(bus_draft):
    assert office_client(staff("designer", "caa")).get(URL).status_code == 404


def test_the_specimen_lists_a_made_up_entry_of_the_group_its_certificate_tables():
    document = demo_document("bus-route-permit")
    document["certificates"][0]["table"] = {"group": "stops", "columns": ["town"]}
    service = load_service(dump_yaml(document))
    content = specimen_content(service, "route-permit", sample_answers(service, {}))
    assert content["en"]["table"]["headers"] == ["Town"]
    assert content["en"]["table"]["rows"] == [["TOWN"]]
