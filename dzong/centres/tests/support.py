"""Helpers of the community centres' tests: centres, operators signed in with both factors,
and requests of citizens consented on a signed paper form."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dzong.accounts.models import User
from dzong.applications.demo_answers import PAGES, PNG
from dzong.applications.models import Application
from dzong.applications.services import save_page
from dzong.centres.models import AssistedApplication, Centre, Operator
from dzong.centres.services import consent_by_paper, create_centre, start_assisted
from dzong.office.tests.support import office_client

CITIZEN = "11512000999"
MOBILE = "17654321"


def centre(code: str = "chang") -> Centre:
    """A community centre made through the service."""
    admin = User.objects.get_or_create(email="admin@dzong.test", defaults={"is_staff": True})[0]
    return create_centre(
        actor=admin,
        code=code,
        name=f"{code.title()} community centre",
        gewog=code.title(),
        dzongkhag="Thimphu",
        contact="02-123456",
    )


def operator(at: Centre, email: str = "") -> Operator:
    """An operator of the centre (a staff-like account)."""
    user = User.objects.create_user(
        email or f"operator@{at.code}.test", "a long operator passphrase", is_staff=True
    )
    return Operator.objects.create(user=user, centre=at)


def client_of(found: Operator) -> Client:
    """A client signed in as this operator with both factors."""
    return office_client(found.user)


def paper_form() -> SimpleUploadedFile:
    return SimpleUploadedFile("consent.png", PNG, content_type="image/png")


def consented(by: Operator, citizen: str = CITIZEN, language: str = "en") -> AssistedApplication:
    """A request for the bus route permit, consented on a signed paper form."""
    assisted = start_assisted(
        operator=by,
        slug="bus-route-permit",
        citizenship_id=citizen,
        mobile_number=MOBILE,
        language=language,
    )
    return consent_by_paper(assisted=assisted, upload=paper_form())


def filled(assisted: AssistedApplication) -> Application:
    """The assisted draft with every page of the bus route permit answered."""
    application = assisted.application
    assert application is not None
    for page, answers, uploads in PAGES["bus-route-permit"]():
        result = save_page(
            application=application,
            page_code=page,
            submitted=answers,
            uploads=uploads,
            language=application.language,
        )
        assert result.is_valid, result.errors
    return application
