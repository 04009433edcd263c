import datetime as dt
import re

import pytest
from django.contrib.auth import get_user
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.cache import cache
from django.test import TestCase

from dzong.accounts.models import User
from dzong.notifications.models import Delivery
from dzong.notifications.tests.support import sent_once

pytestmark = pytest.mark.django_db
PASSWORD = "thunder-dragon-2026"


@pytest.fixture(autouse=True)
def _no_failures_from_other_tests():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _messages_sent_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def ask_for_a_new_password(client, email):
    """Post the address, and send the message recorded (as its transaction's commit would)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/account/password/", {"email": email})


def reset_link(message, settings):
    """The path of the link in a password email, which points at the site's public address."""
    origin = re.escape(settings.DZONG_SITE_URL.rstrip("/"))
    return re.search(origin + r"(/account/password/\S+/)", message.get_content()).group(1)


def sign_up(client, **changes):
    data = {
        "full_name": "Karma Wangmo",
        "email": "Karma@Example.bt",
        "password": PASSWORD,
        "password_again": PASSWORD,
        **changes,
    }
    return client.post("/account/sign-up/", data)


def test_signing_up_hashes_the_password_and_signs_in(client):
    response = sign_up(client, next="/applications/")
    assert response.status_code == 302 and response["Location"] == "/applications/"
    user = User.objects.get(email="karma@example.bt")
    assert user.full_name == "Karma Wangmo"
    assert user.check_password(PASSWORD)
    assert get_user(client).is_authenticated


def test_a_weak_password_is_refused_in_plain_words_and_the_rest_is_kept(client):
    response = sign_up(client, password="1234567890", password_again="1234567890")
    assert response.status_code == 200
    assert "This password is too common" in response.text or "digits only" in response.text
    assert 'value="Karma Wangmo"' in response.text and 'href="#f-password"' in response.text
    assert "1234567890" not in response.text
    assert not User.objects.filter(email__iexact="karma@example.bt").exists()


def test_the_second_password_box_has_no_hint_of_another_field(client):
    page = client.get("/account/sign-up/").text
    again = page[page.index('for="f-password_again"') :]
    again = again[: again.index("</div>")]
    assert "govuk-hint" not in again and "aria-describedby" not in again


def test_different_passwords_are_refused(client):
    response = sign_up(client, password_again="thunder-dragon-2025")
    assert "The two passwords are not the same" in response.text


def test_an_email_with_an_account_already_is_told_to_sign_in(client):
    sign_up(client)
    client.logout()
    response = sign_up(client, email="karma@example.bt")
    assert "already exists" in response.text
    assert User.objects.filter(email__iexact="karma@example.bt").count() == 1


def test_signing_in_goes_to_next_and_never_offsite(client):
    User.objects.create_user("karma@example.bt", PASSWORD)
    data = {"email": "KARMA@example.bt", "password": PASSWORD}
    response = client.post("/account/sign-in/", {**data, "next": "/services/"})
    assert response["Location"] == "/services/"
    client.logout()
    response = client.post("/account/sign-in/", {**data, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_wrong_password_gets_one_message_and_keeps_the_email(client):
    User.objects.create_user("karma@example.bt", PASSWORD)
    response = client.post("/account/sign-in/", {"email": "karma@example.bt", "password": "nope"})
    assert response.status_code == 200
    assert "The email address or password is not right" in response.text
    assert 'value="karma@example.bt"' in response.text
    unknown = client.post("/account/sign-in/", {"email": "nobody@example.bt", "password": "nope"})
    assert "The email address or password is not right" in unknown.text


def test_repeated_wrong_passwords_lock_the_account_for_a_while(client, settings):
    settings.DZONG_SIGN_IN_MAX_FAILURES = 3
    User.objects.create_user("karma@example.bt", PASSWORD)
    for _ in range(3):
        client.post("/account/sign-in/", {"email": "karma@example.bt", "password": "nope"})
    response = client.post("/account/sign-in/", {"email": "karma@example.bt", "password": PASSWORD})
    assert response.status_code == 200 and "too many times" in response.text
    assert not get_user(client).is_authenticated


def test_signing_in_remembers_the_accounts_language(client):
    User.objects.create_user("karma@example.bt", PASSWORD, preferred_language="dz")
    response = client.post("/account/sign-in/", {"email": "karma@example.bt", "password": PASSWORD})
    assert response.cookies["dzong_language"].value == "dz"


def test_a_language_chosen_before_signing_in_wins_and_is_kept_on_the_account(client):
    user = User.objects.create_user("karma@example.bt", PASSWORD, preferred_language="en")
    client.post("/i18n/setlang/", {"language": "dz", "next": "/account/sign-in/"})
    response = client.post("/account/sign-in/", {"email": "karma@example.bt", "password": PASSWORD})
    assert "dzong_language" not in response.cookies  # the one chosen stays
    assert client.get("/applications/").headers["Content-Language"] == "dz"
    user.refresh_from_db()
    assert user.preferred_language == "dz"


def test_a_language_switched_to_while_signed_in_is_kept_on_the_account(client):
    user = User.objects.create_user("karma@example.bt", PASSWORD, preferred_language="en")
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "dz", "next": "/applications/"})
    assert response.status_code == 302 and response["Location"] == "/applications/"
    assert response.cookies["dzong_language"].value == "dz"
    user.refresh_from_db()
    assert user.preferred_language == "dz"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "dz"


def test_signing_out_needs_a_post(client):
    User.objects.create_user("karma@example.bt", PASSWORD)
    client.post("/account/sign-in/", {"email": "karma@example.bt", "password": PASSWORD})
    assert client.get("/account/sign-out/").status_code == 405
    assert get_user(client).is_authenticated
    client.post("/account/sign-out/")
    assert not get_user(client).is_authenticated


def test_a_forgotten_password_is_reset_through_a_link_by_email(client, smtp_server, settings):
    User.objects.create_user("karma@example.bt", PASSWORD)
    sent = ask_for_a_new_password(client, "karma@example.bt")
    assert sent["Location"] == "/account/password/sent/"
    smtp_server.wait_for(1)
    recorded = Delivery.objects.get(event="password_reset")
    message = sent_once(smtp_server, recorded)
    assert recorded.recipient.email == message["To"] == "karma@example.bt"
    assert recorded.body == ""  # the link is not kept once sent
    assert message.get_content_type() == "text/plain"
    link = reset_link(message, settings)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.text
    new = "snow-lion-of-the-north"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done["Location"] == "/account/password/done/"
    assert User.objects.get(email="karma@example.bt").check_password(new)
    again = client.get(link, follow=True)
    assert "This link no longer works" in again.text


def test_asking_for_a_reset_tells_nothing_about_which_addresses_have_accounts(client, smtp_server):
    response = ask_for_a_new_password(client, "nobody@example.bt")
    assert response["Location"] == "/account/password/sent/"
    assert smtp_server.messages == []


def test_the_header_offers_sign_in_or_my_applications(client):
    assert "/account/sign-in/" in client.get("/").text
    User.objects.create_user("karma@example.bt", PASSWORD)
    client.post("/account/sign-in/", {"email": "karma@example.bt", "password": PASSWORD})
    page = client.get("/").text
    assert "/applications/" in page and "/account/sign-out/" in page


def test_signing_up_never_goes_offsite(client):
    response = sign_up(client, next="//evil.example/")
    assert response["Location"] == "/"


def test_a_page_with_errors_says_so_in_its_title_and_beside_each_field(client):
    page = client.post("/account/sign-up/", {"email": "not an address"}).text
    assert "<title>Error:" in page and 'role="alert"' in page
    assert 'href="#f-full_name"' in page and 'href="#f-email"' in page
    assert 'aria-describedby="f-email-hint f-email-error"' in page
    assert 'value="not an address"' in page
    assert 'autocomplete="name"' in page and 'autocomplete="new-password"' in page


def test_nonsense_posted_to_the_account_pages_gets_a_page_not_a_failure(client):
    junk = {"email": "x" * 5000, "password": "\x00", "next": "javascript:alert(1)"}
    for path in ["/account/sign-up/", "/account/sign-in/", "/account/password/"]:
        response = client.post(path, junk)
        assert response.status_code == 200, path
        assert "javascript:alert" not in response.text


def test_the_reset_email_is_in_the_accounts_language(client, smtp_server, settings):
    User.objects.create_user("karma@example.bt", PASSWORD, preferred_language="dz")
    ask_for_a_new_password(client, "karma@example.bt")
    message = smtp_server.wait_for(1)[0]
    assert "Choose a new password" not in message["Subject"]
    assert re.search("[\u0f00-\u0fff]", message["Subject"] + message.get_content())


def test_an_expired_link_says_so_and_offers_a_new_one(client, smtp_server, settings, monkeypatch):
    User.objects.create_user("karma@example.bt", PASSWORD)
    ask_for_a_new_password(client, "karma@example.bt")
    link = reset_link(smtp_server.wait_for(1)[0], settings)
    later = dt.datetime.now() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    page = client.get(link, follow=True).text
    assert "This link no longer works" in page and 'href="/account/password/"' in page
    assert User.objects.get(email="karma@example.bt").check_password(PASSWORD)


def test_a_new_password_lifts_the_lock_from_wrong_passwords(client, smtp_server, settings):
    settings.DZONG_SIGN_IN_MAX_FAILURES = 2
    User.objects.create_user("karma@example.bt", PASSWORD)
    for _ in range(2):
        client.post("/account/sign-in/", {"email": "karma@example.bt", "password": "nope"})
    ask_for_a_new_password(client, "karma@example.bt")
    form = client.get(reset_link(smtp_server.wait_for(1)[0], settings), follow=True)
    new = "snow-lion-of-the-north"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    response = client.post("/account/sign-in/", {"email": "karma@example.bt", "password": new})
    assert response.status_code == 302 and get_user(client).is_authenticated
