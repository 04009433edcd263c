import re

import pytest
from django.contrib.auth import get_user

from dzong.accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "thunder-dragon-2026"


def sign_up(client, **changes):
    data = {
        "full_name": "Karma Wangmo",
        "email": "Karma@Example.bt",
        "password": PASSWORD,
        "password_again": PASSWORD,
        **changes,
    }
    return client.post("/account/sign-up/", data)


def test_signing_up_hashes_the_password_with_argon2_and_signs_in(client):
    response = sign_up(client, next="/applications/")
    assert response.status_code == 302 and response["Location"] == "/applications/"
    user = User.objects.get()
    assert user.email == "karma@example.bt" and user.full_name == "Karma Wangmo"
    assert user.password.startswith("argon2$")
    assert get_user(client).is_authenticated


def test_a_weak_password_is_refused_in_plain_words_and_the_rest_is_kept(client):
    response = sign_up(client, password="1234567890", password_again="1234567890")
    assert response.status_code == 200
    assert "This password is too common" in response.text or "digits only" in response.text
    assert 'value="Karma Wangmo"' in response.text and 'href="#f-password"' in response.text
    assert "1234567890" not in response.text
    assert not User.objects.exists()


def test_different_passwords_are_refused(client):
    response = sign_up(client, password_again="thunder-dragon-2025")
    assert "The two passwords are not the same" in response.text


def test_an_email_with_an_account_already_is_told_to_sign_in(client):
    sign_up(client)
    client.logout()
    response = sign_up(client, email="karma@example.bt")
    assert "already exists" in response.text
    assert User.objects.count() == 1


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


def test_signing_out_needs_a_post(client):
    User.objects.create_user("karma@example.bt", PASSWORD)
    client.post("/account/sign-in/", {"email": "karma@example.bt", "password": PASSWORD})
    assert client.get("/account/sign-out/").status_code == 405
    assert get_user(client).is_authenticated
    client.post("/account/sign-out/")
    assert not get_user(client).is_authenticated


def test_a_forgotten_password_is_reset_through_a_link_by_email(client, smtp_server):
    User.objects.create_user("karma@example.bt", PASSWORD)
    sent = client.post("/account/password/", {"email": "karma@example.bt"})
    assert sent["Location"] == "/account/password/sent/"
    message = smtp_server.wait_for(1)[0]
    assert message["To"] == "karma@example.bt"
    link = re.search(r"http://testserver(/account/password/\S+/)", message.get_content()).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.text
    new = "snow-lion-of-the-north"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done["Location"] == "/account/password/done/"
    assert User.objects.get().check_password(new)
    again = client.get(link, follow=True)
    assert "This link no longer works" in again.text


def test_asking_for_a_reset_tells_nothing_about_which_addresses_have_accounts(client, smtp_server):
    response = client.post("/account/password/", {"email": "nobody@example.bt"})
    assert response["Location"] == "/account/password/sent/"
    assert smtp_server.messages == []


def test_the_header_offers_sign_in_or_my_applications(client):
    assert "/account/sign-in/" in client.get("/").text
    User.objects.create_user("karma@example.bt", PASSWORD)
    client.post("/account/sign-in/", {"email": "karma@example.bt", "password": PASSWORD})
    page = client.get("/").text
    assert "/applications/" in page and "/account/sign-out/" in page
