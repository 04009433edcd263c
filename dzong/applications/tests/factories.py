"""Applications built through the real services, for tests."""

from __future__ import annotations

from typing import Any

from dzong.applications.models import Application
from dzong.applications.reactions import FOUND_BUSINESS, Reaction, reactions_to
from dzong.applications.services import save_page, start_application
from dzong.catalogue.models import ServiceVersion
from dzong.organisations.models import Organisation

ABOUT_YOU = {
    "full_name": "Karma Wangmo",
    "cid": "11512345678",
    "date_of_birth": {"day": "14", "month": "3", "year": "1990"},
    "mobile": "17123456",
}


def business_draft(
    applicant: Any,
    *,
    name: str = "Wangmo Handicrafts",
    activity: str = "retail",
    employees: str = "3",
) -> Application:
    """A complete draft of Register a business, ready to submit."""
    version = ServiceVersion.objects.current_for("register-business")
    draft = start_application(version=version, applicant=applicant, language="en")
    save_page(
        application=draft, page_code="about-you", submitted=ABOUT_YOU, uploads={}, language="en"
    )
    business = {
        "business_name": name,
        "activity": activity,
        "dzongkhag": "thimphu",
        "employees": employees,
        "rents_premises": "no",
    }
    result = save_page(
        application=draft, page_code="your-business", submitted=business, uploads={}, language="en"
    )
    assert result.is_valid, result.errors
    return draft


def founded_business(applicant: Any, *, name: str = "Thunder Dragon Handicrafts") -> Organisation:
    """A business registered through Register a business, approved at once, and founded as
    an organisation owned by `applicant` (its reaction run as the worker would)."""
    from dzong.workflow.submission import submit_application

    application = submit_application(application=business_draft(applicant, name=name)).application
    run_reactions(application, FOUND_BUSINESS)
    licence = application.registrations.get(code="business-licence")
    return Organisation.objects.get(registration_number=licence.number)


def run_reactions(application: Application, *only: Reaction) -> None:
    """Run at once, as the worker would, the reactions to the application's events (`only`
    those, when given)."""
    events = list(application.events.order_by("pk"))
    for reaction, ids in reactions_to(events).items():
        if not only or reaction in only:
            reaction.task().call(event_ids=ids)
