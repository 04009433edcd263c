"""Answers to the demo services as an applicant gives them, and a submitted application built
from them through the real services: for the tests, the bench and a demo with work in it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dzong.applications.models import Application
from dzong.applications.services import save_page, start_application
from dzong.catalogue.models import ServiceVersion


def minimal_pdf() -> bytes:
    """A one-page PDF whose cross-reference table is right: it parses as a whole."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = b"xref\n0 4\n0000000000 65535 f \n" + b"".join(
        b"%010d 00000 n \n" % offset for offset in offsets
    )
    trailer = b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % len(body)
    return body + xref + trailer


PDF = minimal_pdf()
PNG = bytes.fromhex(  # a 1 by 1 white PNG
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c49444154789c63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082"
)


def _date(days: int) -> dict[str, str]:
    day = timezone.localdate() + dt.timedelta(days=days)
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def drone_pages(weight: int) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    photo = SimpleUploadedFile("drone.png", PNG, content_type="image/png")
    return [
        ("operator", {"full_name": "Pema Lhamo", "cid": "10101010101", "mobile": "77654321"}, {}),
        (
            "drone",
            {"make_model": "DJI Mavic 3", "weight_grams": str(weight), "purpose": "recreational"},
            {"drone_photo": photo},
        ),
        (
            "flights",
            {"dzongkhag": "paro", "first_flying_day": _date(10), "last_flying_day": _date(20)},
            {},
        ),
    ]


def bus_pages() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    operator = {
        "business_licence_number": "BL-2026-000001",
        "contact_person": "Sonam Dorji",
        "mobile": "17111222",
    }
    route = {
        "origin_town": "Thimphu",
        "destination_town": "Phuentsholing",
        "trips_per_day": "2",
        "stops": [{"town": "Chhukha"}],
    }
    return [
        ("operator", operator, {}),
        ("vehicle", {"vehicle_registration": "BP-1-A1234", "seating_capacity": "30"}, {}),
        ("route", route, {}),
    ]


def land_pages() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    company = {
        "company_name": "Druk Ferro Alloys",
        "business_licence_number": "BL-2026-000002",
        "contact_email": "office@druk-ferro.bt",
    }
    plot = {
        "estate": "pasakha",
        "plot_area": "3000",
        "proposed_activity": "Ferro-silicon smelting",
        "planned_investment": "25000000",
        "jobs_created": "120",
    }
    return [
        ("company", company, {}),
        ("plot", plot, {}),
        ("documents", {}, {"project_proposal": _pdf("proposal.pdf")}),
    ]


PAGES: dict[str, Callable[..., list[tuple[str, dict[str, Any], dict[str, Any]]]]] = {
    "drone-permit": drone_pages,
    "bus-route-permit": bus_pages,
    "industrial-land-lease": land_pages,
}


def filled(
    service: str, applicant: Any, *, organisation: Any = None, **options: Any
) -> Application:
    """A complete draft of a demo service, ready to submit (once any fees due first are paid:
    `dzong.workflow.submission` refuses it before); for a business, when given."""
    version = ServiceVersion.objects.current_for(service)
    assert version is not None, service
    draft = start_application(
        version=version, applicant=applicant, language="en", organisation=organisation
    )
    for page, answers, uploads in PAGES[service](**options):
        result = save_page(
            application=draft, page_code=page, submitted=answers, uploads=uploads, language="en"
        )
        assert result.is_valid, result.errors
    return draft
