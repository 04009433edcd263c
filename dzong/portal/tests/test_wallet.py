"""Signing in by presenting the national identity credential from a wallet (OpenID for
Verifiable Presentations), against the sandbox's issuer and wallet over HTTP: on the same
phone and from a QR code on another screen, and each refusal told in the person's language
and logged without personal data."""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import logging
import re
import urllib.parse
import urllib.request
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import IdentitySandbox
from dzong.accounts import national_identity
from dzong.accounts.models import User, VerifiedIdentity, WalletRequest

pytestmark = pytest.mark.django_db
KARMA = "11512000123"


@pytest.fixture
def sandbox(identity_sandbox: IdentitySandbox, settings: Any) -> IdentitySandbox:
    settings.DZONG_SIGN_IN_METHODS = ["password", "national-identity", "wallet"]
    settings.DZONG_WALLET_TRUSTED_ISSUERS = [identity_sandbox.url]
    settings.DZONG_WALLET_LINK = identity_sandbox.url + "/wallet/"
    return identity_sandbox


def open_request(client: Client) -> tuple[str, str]:
    """Choose the wallet at Dzong: the request's page and the link that opens the wallet."""
    started = client.get(reverse("accounts:wallet"))
    assert started.status_code == 302
    page = client.get(started["Location"]).content.decode()
    link = re.search(r'id="open-wallet" href="([^"]+)"', page)
    assert link is not None and "<svg" in page  # the QR code, for a wallet on another phone
    return started["Location"], html.unescape(link.group(1))


def wallet_answer(sandbox: IdentitySandbox, link: str, *, decline: bool = False) -> dict[str, str]:
    """What the citizen's wallet posts back, asked of the sandbox wallet over HTTP."""
    body = json.dumps({"link": link, "citizen": KARMA, "decline": decline}).encode()
    asked = urllib.request.Request(sandbox.url + "/_wallet/presentation", data=body)  # noqa: S310
    with urllib.request.urlopen(asked, timeout=10) as answer:  # noqa: S310
        form: dict[str, str] = json.loads(answer.read())
    return form


def post_answer(form: dict[str, str]) -> Any:
    """The wallet posting to Dzong: from the phone, without the browser's session."""
    return Client().post(reverse("accounts:wallet_response"), form)


def test_a_citizen_signs_in_on_the_same_phone_into_the_one_account_of_their_id(
    client: Client, sandbox: IdentitySandbox
) -> None:
    earlier = national_identity.account_for(
        {"citizenship_id": KARMA, "name": "Karma Wangmo", "iss": "x", "sub": "y"}
    )
    _page, link = open_request(client)
    asked = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    assert asked["response_mode"] == ["direct_post"] and asked["nonce"] and asked["state"]
    answered = post_answer(wallet_answer(sandbox, link))
    assert answered.status_code == 200
    back = urllib.parse.urlsplit(answered.json()["redirect_uri"])
    assert "response_code=" in back.query

    elsewhere = Client()  # the response code alone does not sign in another browser
    assert elsewhere.get(f"{back.path}?{back.query}").status_code == 404
    signed_in = client.get(f"{back.path}?{back.query}")
    assert signed_in.status_code == 302
    assert int(client.session["_auth_user_id"]) == earlier.pk
    identity = VerifiedIdentity.objects.get(citizenship_id=KARMA)
    assert identity.provider == "wallet" and identity.issuer == sandbox.url
    assert str(identity.date_of_birth) == "1990-04-12"
    assert WalletRequest.objects.get().claims == {}  # kept only until the sign-in
    client.cookies["dzong_language"] = "dz"
    account = client.get(reverse("accounts:account")).content.decode()
    assert KARMA in account and re.search("[\u0f20-\u0f29]{2}:[\u0f20-\u0f29]{2}", account)
    assert "1990-04-12" not in account  # the date of birth, written in Dzongkha too
    client.post(reverse("accounts:sign_out"))
    assert client.get(f"{back.path}?{back.query}").status_code == 404  # good once


def test_a_citizen_scans_the_code_and_the_waiting_page_goes_on(
    client: Client, sandbox: IdentitySandbox
) -> None:
    page, link = open_request(client)
    status = page.rstrip("/") + "/status/"
    assert client.get(status).json()["pending"] is True
    assert post_answer(wallet_answer(sandbox, link)).status_code == 200
    waited = client.get(status).json()
    assert waited["pending"] is False and 'id="wallet-continue"' in waited["html"]
    finish = re.search(r'action="([^"]+)"', waited["html"])
    assert finish is not None
    assert Client().post(finish.group(1)).status_code == 404  # not the browser that asked
    assert client.post(finish.group(1)).status_code == 302
    assert User.objects.get(pk=client.session["_auth_user_id"]).full_name == "Karma Wangmo"


def _refused(client: Client, page: str, caplog: pytest.LogCaptureFixture, reason: str) -> str:
    records = [r.getMessage() for r in caplog.records if r.name.endswith("national_identity")]
    assert records == [f"national identity sign-in refused: {reason}"]
    assert KARMA not in caplog.text and "Karma" not in caplog.text
    assert "_auth_user_id" not in client.session
    assert not VerifiedIdentity.objects.exists()
    shown = client.get(page).content.decode()
    assert 'id="refusal"' in shown
    return shown


def _tampered(form: dict[str, str]) -> dict[str, str]:
    """The presentation with the name disclosure changed after the issuer signed it."""
    token = json.loads(form["vp_token"])
    parts = token["national_id"][0].split("~")
    for index, part in enumerate(parts[1:-1], 1):
        salt, name, _value = json.loads(base64.urlsafe_b64decode(part + "=="))
        if name == "name":
            forged = json.dumps([salt, name, "Someone Else"]).encode()
            parts[index] = base64.urlsafe_b64encode(forged).rstrip(b"=").decode()
    token["national_id"] = ["~".join(parts)]
    return {**form, "vp_token": json.dumps(token)}


@pytest.mark.parametrize(
    ("behaviour", "change", "reason", "says"),
    [
        ({}, "decline", "cancelled", "You cancelled signing in"),
        ({"credential_expired": True}, None, "credential_expired", "has expired"),
        ({"credential_signed_by_unknown_key": True}, None, "bad_signature", "could not confirm"),
        ({}, "tamper", "unsigned_disclosure", "could not confirm"),
        ({}, "untrusted", "untrusted_issuer", "could not confirm"),
    ],
)
def test_a_presentation_that_cannot_be_trusted_is_refused_and_told(
    client: Client,
    sandbox: IdentitySandbox,
    settings: Any,
    caplog: pytest.LogCaptureFixture,
    behaviour: dict[str, bool],
    change: str | None,
    reason: str,
    says: str,
) -> None:
    sandbox.control(**behaviour)
    page, link = open_request(client)
    form = wallet_answer(sandbox, link, decline=change == "decline")
    if change == "tamper":
        form = _tampered(form)
    if change == "untrusted":
        settings.DZONG_WALLET_TRUSTED_ISSUERS = ["https://issuer.example"]
    with caplog.at_level(logging.WARNING):
        answered = post_answer(form)
    assert answered.status_code == 200
    assert "response_code" not in answered.json()["redirect_uri"]
    assert says in _refused(client, page, caplog, reason)


def test_a_presentation_replayed_to_another_request_or_twice_is_refused(
    client: Client, sandbox: IdentitySandbox, caplog: pytest.LogCaptureFixture
) -> None:
    _page, link = open_request(client)
    form = wallet_answer(sandbox, link)
    assert post_answer(form).status_code == 200
    again = post_answer(form)
    assert again.status_code == 400 and again.json()["reason"] == "already_answered"

    other = Client()
    _page, other_link = open_request(other)
    state = urllib.parse.parse_qs(urllib.parse.urlsplit(other_link).query)["state"][0]
    with caplog.at_level(logging.WARNING):
        assert post_answer({**form, "state": state}).status_code == 200  # its nonce is spent
    records = [r.getMessage() for r in caplog.records if r.name.endswith("national_identity")]
    assert records == ["national identity sign-in refused: nonce_mismatch"]
    assert "_auth_user_id" not in other.session


def test_a_wallet_refusal_is_told_in_dzongkha_and_the_method_is_offered_when_enabled(
    client: Client, sandbox: IdentitySandbox, settings: Any
) -> None:
    assert "Sign in with the national identity wallet" in client.get("/account/sign-in/").text
    client.cookies["dzong_language"] = "dz"
    page, link = open_request(client)
    post_answer(wallet_answer(sandbox, link, decline=True))
    shown = client.get(page).content.decode()
    assert 'lang="dz"' in shown and 'id="refusal"' in shown
    assert "You cancelled" not in shown
    settings.DZONG_SIGN_IN_METHODS = ["password"]
    assert client.get(reverse("accounts:wallet")).status_code == 404


def test_the_sweeper_forgets_requests_that_ended_long_ago(client: Client, sandbox: Any) -> None:
    from dzong.applications.management.commands.sweep import sweep

    open_request(client)
    old = WalletRequest.objects.create(
        state="old", nonce="old", expires_at=timezone.now() - dt.timedelta(hours=2)
    )
    assert sweep()["ended wallet sign-in request(s) forgotten"] == 1
    assert not WalletRequest.objects.filter(pk=old.pk).exists()
    assert WalletRequest.objects.count() == 1  # the one still waiting is kept
