"""A certificate printed from a definition: its validity and the entries it covers."""

import pytest

from conftest import DEMO_SERVICES
from dzong.applications.services import save_page
from dzong.applications.tests.factories import business_draft
from dzong.catalogue.services import import_definition, publish_version
from dzong.certificates.models import Certificate
from dzong.certificates.tests.conftest import pdf_bytes, pdftotext
from dzong.engine.definition import add_months
from dzong.engine.loader import dump_yaml, parse_text
from dzong.workflow.submission import submit_application

pytestmark = pytest.mark.django_db
GOODS = [
    {"item": "Yak wool blankets", "quantity": "1200"},
    {"item": "Bamboo baskets", "quantity": "35"},
]


def _text(en, dz):
    return {"en": en, "dz": dz}


def licence_listing_goods() -> str:
    """Register a business whose licence lists the goods it covers and runs for two years."""
    document = parse_text((DEMO_SERVICES / "register-business.yaml").read_text("utf-8")).content
    page = next(p for p in document["pages"] if p["code"] == "your-business")
    page["fields"].append(
        {
            "code": "goods",
            "type": "group",
            "required": False,
            "label": _text("Goods you sell", "ཁྱོད་ཀྱིས་ བཙོང་མི་ཅ་ཆས།"),
            "fields": [
                {"code": "item", "type": "text", "label": _text("Item", "ཅ་ཆས།")},
                {"code": "quantity", "type": "integer", "label": _text("Quantity", "གྱངས་ཁ།")},
            ],
        }
    )
    licence = next(c for c in document["certificates"] if c["code"] == "business-licence")
    del licence["valid_for_days"]
    licence["valid_for_years"] = 2
    licence["table"] = {
        "group": "goods",
        "columns": ["item", "quantity"],
        "title": _text("Goods covered", "ཆོག་ཐམ་ནང་ཚུད་པའི་ཅ་ཆས།"),
    }
    return dump_yaml(document)


@pytest.fixture
def licence(applicant, immediate_tasks, django_capture_on_commit_callbacks) -> Certificate:
    publish_version(version=import_definition(text=licence_listing_goods()))
    draft = business_draft(applicant)
    business = {
        "business_name": "Wangmo Handicrafts",
        "activity": "retail",
        "dzongkhag": "thimphu",
        "employees": "3",
        "rents_premises": "no",
        "goods": GOODS,
    }
    result = save_page(
        application=draft, page_code="your-business", submitted=business, uploads={}, language="en"
    )
    assert result.is_valid, result.errors
    with django_capture_on_commit_callbacks(execute=True):
        submit_application(application=draft)
    return Certificate.objects.get(application=draft, code="business-licence")


def test_a_licence_prints_every_entry_it_covers_in_both_languages(licence, tmp_path):
    path = tmp_path / "licence.pdf"
    path.write_bytes(pdf_bytes(licence))
    text = pdftotext(path)
    for words in ("Goods covered", "Item", "Quantity", "ཆོག་ཐམ་ནང་ཚུད་པའི་ཅ་ཆས།", "ཅ་ཆས།", "གྱངས་ཁ།"):
        assert words in text
    for words in ("Yak wool blankets", "1,200", "Bamboo baskets", "35"):
        assert words in text
    assert text.count("Yak wool blankets") == 2  # once in each language
    assert licence.content["dz"]["table"]["headers"] == ["ཅ་ཆས།", "གྱངས་ཁ།"]


def test_a_licence_valid_for_two_years_ends_on_the_same_calendar_date(licence):
    assert licence.valid_until == add_months(licence.valid_from, 24)
