"""Signed-in pages are never stored; a member of staff's session ends after the idle time."""

import time

import pytest

from dzong.accounts.middleware import LAST_SEEN
from dzong.accounts.models import User
from dzong.office.tests.support import office_client


def away_for(client, minutes):
    session = client.session
    session[LAST_SEEN] = time.time() - minutes * 60
    session.save()


@pytest.fixture
def officer(db):
    return User.objects.create_user("officer@example.bt", "x" * 12, is_staff=True)


def test_a_staff_session_ends_after_the_idle_time(officer, settings):
    settings.DZONG_STAFF_IDLE_MINUTES = 30
    client = office_client(officer)
    assert client.get("/office/").status_code == 200
    away_for(client, 29)
    assert client.get("/office/").status_code == 200
    away_for(client, 31)
    response = client.get("/office/")
    assert response.status_code == 302 and "/office/sign-in" in response.url
    assert "_auth_user_id" not in client.session


def test_pages_shown_to_someone_signed_in_are_not_stored(officer, client):
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    signed_in = office_client(officer)
    assert "no-store" in signed_in.get("/office/")["Cache-Control"]
    assert "no-store" in signed_in.get("/")["Cache-Control"]
