"""Submitted applications of the demo services, and staff, built through the real services."""

from __future__ import annotations

from typing import Any

from dzong.accounts.demo import demo_staff
from dzong.accounts.models import User
from dzong.applications.demo_answers import (
    PAGES,
    PDF,
    PNG,
    bus_pages,
    drone_pages,
    land_pages,
    minimal_pdf,
    submitted,
)
from dzong.applications.models import Application
from dzong.applications.services import save_page, start_application
from dzong.catalogue.models import ServiceVersion
from dzong.payments.services import BEFORE, record_counter_payment

__all__ = [
    "PAGES",
    "PDF",
    "PNG",
    "bus_pages",
    "drone_pages",
    "land_pages",
    "minimal_pdf",
    "paid",
    "staff",
    "submitted",
]


def staff(role: str, agency: str) -> User:
    """The demo member of staff for a role (load_demo makes one per role)."""
    return demo_staff(role, agency)


def paid(service: str, applicant: Any, **options: Any) -> Application:
    """An application to a demo service whose fees were paid in cash at a counter before
    it was submitted (the bus route permit's 30 seats: Nu. 1,500)."""
    version = ServiceVersion.objects.current_for(service)
    assert version is not None, service
    draft = start_application(version=version, applicant=applicant, language="en")
    for page, answers, uploads in PAGES[service](**options):
        save_page(
            application=draft, page_code=page, submitted=answers, uploads=uploads, language="en"
        )
    record_counter_payment(
        application=draft, purpose=BEFORE, receipt_number=f"CASH-{draft.pk}", staff=_cashier()
    )
    return Application.objects.get(pk=draft.pk)


def _cashier() -> User:
    return User.objects.get_or_create(email="cashier@counter.test", defaults={"is_staff": True})[0]
