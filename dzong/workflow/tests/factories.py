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
    filled,
    land_pages,
    minimal_pdf,
)
from dzong.applications.models import Application
from dzong.applications.services import save_page, start_application
from dzong.catalogue.models import ServiceVersion
from dzong.payments.services import BEFORE, must_pay_before_submission, record_counter_payment
from dzong.workflow.submission import submit_application

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


def submitted(service: str, applicant: Any, **options: Any) -> Application:
    """A submitted application to a demo service (its fees due before submission, if any,
    paid in cash at a counter, which submits it)."""
    draft = filled(service, applicant, **options)
    if must_pay_before_submission(application=draft):
        return _paid_at_counter(draft)
    return submit_application(application=draft).application


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
    return _paid_at_counter(draft)


def _paid_at_counter(draft: Application) -> Application:
    record_counter_payment(
        application=draft, purpose=BEFORE, receipt_number=f"CASH-{draft.pk}", staff=_cashier()
    )
    return Application.objects.get(pk=draft.pk)


def _cashier() -> User:
    return User.objects.get_or_create(email="cashier@counter.test", defaults={"is_staff": True})[0]
