"""What the national identity verified fills forms locked: shown read-only, kept whatever is
posted (on the portal or through the API), and marked for officers as verified."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from dzong.accounts import national_identity
from dzong.accounts.models import User
from dzong.api.services import create_client
from dzong.api.tests.conftest import BUSINESS as API_BUSINESS
from dzong.api.tests.conftest import Api
from dzong.applications.models import Application
from dzong.applications.tests.factories import business_draft
from dzong.office.tests.support import office_client
from dzong.portal.tests.journeys import BUSINESS, post_page
from dzong.workflow.submission import submit_application
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.django_db
CLAIMS = {
    "iss": "http://identity.example/o",
    "sub": "42",
    "citizenship_id": "11512000123",
    "name": "Karma Wangmo",
    "birthdate": "1990-04-12",
}


def verified(user: User) -> User:
    """Link the national identity to the account, as its return from the provider does."""
    national_identity.link(user, CLAIMS)
    return user


@pytest.fixture
def karma(client: Client, demo: Any) -> User:
    user = verified(User.objects.create_user("karma@example.bt", None, full_name="K. W."))
    client.force_login(user)
    return user


def test_verified_answers_are_prefilled_read_only(client: Client, karma: User) -> None:
    page = client.get("/services/register-business/apply/").text
    for value in ("Karma Wangmo", "11512000123", "1990-04-12"):
        assert f'value="{value}" readonly aria-readonly="true"' in page
    assert 'name="full_name"' not in page and 'name="cid"' not in page
    assert "Verified by the national digital identity" in page
    assert 'name="mobile"' in page  # what it did not verify is typed as before


def test_a_posted_value_does_not_change_a_verified_answer(client: Client, karma: User) -> None:
    forged = {
        **BUSINESS["about-you"],
        "full_name": "Someone Else",
        "cid": "10101010101",
        "date_of_birth-day": "1",
        "date_of_birth-month": "1",
        "date_of_birth-year": "2015",
    }
    post_page(client, "/services/register-business/apply/", forged)
    answers = Application.objects.get(applicant=karma).answers
    assert answers["full_name"] == "Karma Wangmo"
    assert answers["cid"] == "11512000123"
    assert answers["date_of_birth"] == "1990-04-12"


def test_the_api_cannot_change_a_verified_answer(demo: Any) -> None:
    made = create_client(
        name="karma-app", agency="trade", email="app@example.bt", services=["register-business"]
    )
    account = User.objects.get(email="app@example.bt")
    verified(account)
    response = Api(made.token).submit({**API_BUSINESS, "full_name": "Someone Else"})
    assert response.status_code in (200, 201), response.content
    application = Application.objects.get(applicant=account)
    assert application.answers["full_name"] == "Karma Wangmo"
    assert application.answers["cid"] == "11512000123"


def test_officers_see_which_answers_the_national_identity_verified(karma: User) -> None:
    application = submit_application(application=business_draft(karma)).application
    assert application.answers["cid"] == "11512000123"  # not the one the draft typed
    screen = office_client(staff("supervisor", "trade")).get(
        f"/office/applications/{application.reference}/"
    )
    assert screen.text.count("verified by the national identity") == 3  # name, CID, birth


def test_answers_typed_by_an_unverified_applicant_are_not_marked(demo: Any) -> None:
    applicant = User.objects.create_user("pema@example.bt", None, full_name="Pema")
    application = submit_application(application=business_draft(applicant)).application
    screen = office_client(staff("supervisor", "trade")).get(
        f"/office/applications/{application.reference}/"
    )
    assert "verified by the national identity" not in screen.text
