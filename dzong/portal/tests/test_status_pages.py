"""The applicant's pages after submitting: the confirmation, the status page and the list."""

import pytest
from django.test import Client

from dzong.accounts.models import User
from dzong.applications.models import Application
from dzong.certificates.services import issue_certificates
from dzong.portal.tests.journeys import fill_business, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(client, demo):
    user = User.objects.create_user("karma@example.bt", None, full_name="Karma Wangmo")
    client.force_login(user)
    return user


def _sign_certificates(application: Application) -> None:
    issue_certificates(registrations=list(application.registrations.all()))


def test_the_confirmation_shows_the_certificates_by_itself_once_they_are_signed(client, applicant):
    confirmation = submit(client, fill_business(client))
    application = Application.objects.get()
    page = client.get(confirmation).text
    part_url = f"/applications/{application.reference}/certificates/"
    assert f'data-dzong-poll="{part_url}"' in page
    assert '<noscript><meta http-equiv="refresh" content="20"></noscript>' in page
    assert f'href="{confirmation}">Refresh this page</a>' in page
    waiting = client.get(part_url, headers={"accept": "application/json"}).json()
    assert waiting["pending"] is True and "Download" not in waiting["html"]

    _sign_certificates(application)
    ready = client.get(part_url).json()
    assert ready["pending"] is False
    assert "Download Business Licence (PDF, " in ready["html"] and " KB)" in ready["html"]
    assert "data-dzong-poll" not in ready["html"]
    page = client.get(confirmation).text
    assert "http-equiv" not in page and "data-dzong-poll" not in page


def test_the_certificates_part_is_for_the_applicant_alone(client, applicant):
    submit(client, fill_business(client))
    part_url = f"/applications/{Application.objects.get().reference}/certificates/"
    stranger = Client()
    assert stranger.get(part_url).status_code == 302  # to sign in
    stranger.force_login(User.objects.create_user("pema@example.bt", None))
    assert stranger.get(part_url).status_code == 404
