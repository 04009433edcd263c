"""A new agency and its first administrator, invited by email, set up without the shell."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from dzong.accounts import totp
from dzong.accounts.administration import administers
from dzong.accounts.models import User
from dzong.catalogue.models import Agency
from dzong.notifications.models import Delivery
from dzong.notifications.tests.support import sent_once

pytestmark = pytest.mark.django_db

PASSWORD = "thunder-dragon-2026"


@pytest.fixture
def invitation_link(smtp_server, settings, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    call_command(
        "agency",
        "create",
        "forests",
        "--name-en",
        "Department of Forests",
        "--name-dz",
        "ནགས་ཚལ་ལས་ཁུངས།",
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("staff", "invite", "Tashi@Forests.gov.bt", "--agency", "forests")
    smtp_server.wait_for(1)
    body = sent_once(smtp_server, Delivery.objects.get(event="invitation")).get_content()
    assert "Department of Forests" in body and "ནགས་ཚལ་ལས་ཁུངས།" in body  # both languages
    return re.search(r"http://\S+(/office/invitation/\S+/)", body).group(1)


def test_the_invitation_is_recorded_and_its_link_forgotten_once_sent(invitation_link):
    message = Delivery.objects.get(event="invitation")
    assert message.recipient == User.objects.get(email="tashi@forests.gov.bt")
    assert message.status == "sent" and message.body == ""
    assert message.subject.startswith("Your invitation to Dzong's back office")


def secret_on(page):
    return re.search(r'<code id="secret"[^>]*>([A-Z2-7]+)</code>', page).group(1)


def accept(client, link, code, password=PASSWORD):
    return client.post(link, {"password": password, "password_again": password, "code": code})


def test_the_invited_administrator_sets_a_password_and_the_second_factor_at_once(invitation_link):
    assert Agency.objects.get(code="forests").name_dz == "ནགས་ཚལ་ལས་ཁུངས།"
    client = Client()
    page = client.get(invitation_link)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    secret = secret_on(page.text)
    right = totp.code_at(secret, totp.current_step())
    wrong = accept(client, invitation_link, "111111" if right == "000000" else "000000")
    assert "The code is wrong" in wrong.text
    assert not User.objects.get(email="tashi@forests.gov.bt").has_usable_password()
    response = accept(client, invitation_link, right)
    assert response.status_code == 302 and response.url == "/office/"
    assert client.get("/office/").status_code == 200
    tashi = User.objects.get(email="tashi@forests.gov.bt")
    assert tashi.check_password(PASSWORD) and administers(tashi, "forests")
    again = Client().get(invitation_link)  # the link works once
    assert again.status_code == 410 and "expired or was used" in again.text


def test_the_invitation_page_speaks_dzongkha(invitation_link):
    page = Client(headers={"Accept-Language": "dz"}).get(invitation_link)
    assert "རྩིས་ཐོ་གཞི་སྒྲིག་འབད།" in page.text


def test_an_expired_or_forged_link_is_refused(invitation_link, settings):
    assert Client().get(invitation_link[:-3] + "xx/").status_code == 410
    settings.DZONG_INVITATION_DAYS = -1
    assert Client().get(invitation_link).status_code == 410


def test_an_agency_code_is_taken_once():
    call_command("agency", "create", "forests", "--name-en", "Forests", "--name-dz", "ནགས་ཚལ།")
    with pytest.raises(CommandError, match="exists already"):
        call_command("agency", "create", "forests", "--name-en", "F", "--name-dz", "ནགས།")
