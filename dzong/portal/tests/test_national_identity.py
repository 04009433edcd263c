"""Signing in with the national digital identity, against the sandbox provider over HTTP:
a good sign-in, each refusal (told to the person in their language and logged without
personal data), and linking an account made with email and password."""

from __future__ import annotations

import html
import logging
import re
import urllib.parse
from typing import Any

import pytest
import requests
from django.test import Client
from django.urls import reverse

from conftest import IdentitySandbox
from dzong.accounts.models import User, VerifiedIdentity

pytestmark = pytest.mark.django_db
KARMA = "11512000123"
PASSWORD = "a long enough passphrase 42"


def _fields(page: str) -> dict[str, str]:
    """The hidden fields of the (one) form on a page of the sandbox."""
    found = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    return {name: html.unescape(value) for name, value in found}


def at_provider(location: str, *, citizen: str = KARMA, allow: bool = True) -> str:
    """Be the person at the sandbox: choose the demo citizen, then allow or cancel. Answers
    the address the provider sends them back to."""
    browser = requests.Session()
    page = browser.get(location, timeout=10)  # to the sandbox's "who are you?" page
    assert "Who are you?" in page.text
    page = browser.post(page.url, data={**_fields(page.text), "citizen": citizen}, timeout=10)
    assert "Share your details with Dzong?" in page.text
    choice = {"allow": "Allow"} if allow else {"cancel": "Cancel"}
    back = browser.post(page.url, data={**_fields(page.text), **choice}, allow_redirects=False)
    assert back.status_code == 302
    return str(back.headers["Location"])


def sign_in(client: Client, **choices: Any) -> tuple[Any, str]:
    """Start at Dzong, go through the sandbox, come back: Dzong's answer and the return path."""
    started = client.get(reverse("accounts:national_identity"))
    assert started.status_code == 302
    back = urllib.parse.urlsplit(at_provider(started["Location"], **choices))
    assert back.netloc == "testserver"
    path = f"{back.path}?{back.query}"
    return client.get(path), path


def test_the_sign_in_page_offers_the_national_identity_when_enabled(
    client: Client, identity_sandbox: IdentitySandbox, settings: Any
) -> None:
    page = client.get(reverse("accounts:sign_in")).content.decode()
    assert "Sign in with the national digital identity" in page
    settings.DZONG_SIGN_IN_METHODS = ["password"]
    page = client.get(reverse("accounts:sign_in")).content.decode()
    assert "national digital identity" not in page
    assert client.get(reverse("accounts:national_identity")).status_code == 404


def test_a_citizen_signs_in_and_gets_one_account_with_verified_attributes(
    client: Client, identity_sandbox: IdentitySandbox
) -> None:
    accounts = User.objects.count()
    started = client.get(reverse("accounts:national_identity"))
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(started["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] and query["nonce"] and query["code_challenge"]

    response, _path = sign_in(client)
    assert response.status_code == 302
    identity = VerifiedIdentity.objects.get(citizenship_id=KARMA)
    assert identity.name == "Karma Wangmo"
    assert str(identity.date_of_birth) == "1990-04-12"
    assert identity.provider == "national-identity"
    assert identity.issuer == identity_sandbox.issuer
    assert identity.user.full_name == "Karma Wangmo"
    assert identity.user.email is None
    page = client.get(reverse("accounts:account")).content.decode()
    assert KARMA in page and "Verified by the national digital identity" in page

    client.post(reverse("accounts:sign_out"))
    response, _path = sign_in(client)  # again: the same account, not a second one
    assert response.status_code == 302
    assert VerifiedIdentity.objects.count() == 1
    assert User.objects.count() == accounts + 1


def _refused(response: Any, caplog: pytest.LogCaptureFixture, reason: str) -> str:
    assert response.status_code == 403
    assert "_auth_user_id" not in response.wsgi_request.session
    records = [r.getMessage() for r in caplog.records if r.name.endswith("national_identity")]
    assert records == [f"national identity sign-in refused: {reason}"]
    assert KARMA not in caplog.text and "Karma" not in caplog.text
    return str(response.content.decode())


def test_a_cancelled_consent_is_refused_and_told(
    client: Client, identity_sandbox: IdentitySandbox, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        response, _path = sign_in(client, allow=False)
    page = _refused(response, caplog, "cancelled")
    assert "You cancelled signing in with the national digital identity" in page
    assert not VerifiedIdentity.objects.exists()


def test_a_token_signed_by_another_key_is_refused(
    client: Client, identity_sandbox: IdentitySandbox, caplog: pytest.LogCaptureFixture
) -> None:
    identity_sandbox.control(unpublished_key=True)
    with caplog.at_level(logging.WARNING):
        response, _path = sign_in(client)
    page = _refused(response, caplog, "bad_signature")
    assert "We could not confirm the national digital identity" in page
    assert not VerifiedIdentity.objects.exists()


def test_an_expired_token_is_refused(
    client: Client, identity_sandbox: IdentitySandbox, caplog: pytest.LogCaptureFixture
) -> None:
    identity_sandbox.control(expired=True)
    with caplog.at_level(logging.WARNING):
        response, _path = sign_in(client)
    assert "too old to trust" in _refused(response, caplog, "expired")


def test_a_replayed_state_is_refused(
    client: Client, identity_sandbox: IdentitySandbox, caplog: pytest.LogCaptureFixture
) -> None:
    response, path = sign_in(client)
    assert response.status_code == 302
    client.post(reverse("accounts:sign_out"))
    with caplog.at_level(logging.WARNING):
        again = client.get(path)
    assert "already been used" in _refused(again, caplog, "unknown_state")


def test_a_replayed_id_token_nonce_is_refused(
    client: Client, identity_sandbox: IdentitySandbox, caplog: pytest.LogCaptureFixture
) -> None:
    response, _path = sign_in(client)
    assert response.status_code == 302
    client.post(reverse("accounts:sign_out"))
    identity_sandbox.control(replay=True)  # answers the last ID token again, its nonce spent
    with caplog.at_level(logging.WARNING):
        response, _path = sign_in(client)
    _refused(response, caplog, "nonce_mismatch")


def test_a_refusal_is_told_in_dzongkha(client: Client, identity_sandbox: IdentitySandbox) -> None:
    client.cookies["dzong_language"] = "dz"
    response, _path = sign_in(client, allow=False)
    page = response.content.decode()
    assert response.status_code == 403
    assert "You cancelled signing in" not in page
    assert 'lang="dz"' in page


def test_an_account_made_with_a_password_is_linked_later(
    client: Client, identity_sandbox: IdentitySandbox
) -> None:
    user = User.objects.create_user("karma@example.bt", PASSWORD, full_name="Karma W.")
    accounts = User.objects.count()
    client.force_login(user)
    assert (
        "Link your national digital identity"
        in client.get(reverse("accounts:account")).content.decode()
    )
    started = client.post(reverse("accounts:national_identity"))
    back = urllib.parse.urlsplit(at_provider(started["Location"]))
    response = client.get(f"{back.path}?{back.query}")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:account")
    assert VerifiedIdentity.objects.get(user=user).citizenship_id == KARMA
    user.refresh_from_db()
    assert user.full_name == "Karma Wangmo"

    client.post(reverse("accounts:sign_out"))
    response, _path = sign_in(client)  # signing in with the identity reaches the same account
    assert response.wsgi_request.user == user
    assert User.objects.count() == accounts


def test_an_identity_already_holding_an_account_is_not_linked_to_another(
    client: Client, identity_sandbox: IdentitySandbox, caplog: pytest.LogCaptureFixture
) -> None:
    sign_in(client)
    client.post(reverse("accounts:sign_out"))
    other = User.objects.create_user("other@example.bt", PASSWORD)
    client.force_login(other)
    started = client.post(reverse("accounts:national_identity"))
    back = urllib.parse.urlsplit(at_provider(started["Location"]))
    with caplog.at_level(logging.WARNING):
        response = client.get(f"{back.path}?{back.query}")
    assert response.status_code == 403
    assert "already linked to another Dzong account" in response.content.decode()
    assert not VerifiedIdentity.objects.filter(user=other).exists()
