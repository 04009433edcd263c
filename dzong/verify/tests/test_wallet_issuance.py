"""Certificates into the holder's wallet (OpenID for Verifiable Credential Issuance, pre-authorised
code): the offer, the token, the credential bound to the wallet's key, each step once; what a
wallet does wrong is refused; and the sandbox's wallet, over HTTP, takes a certificate that the
verifier here then accepts."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import time
import urllib.parse
import urllib.request
from typing import Any

import pytest
import requests
from django.test import Client
from django.urls import reverse
from joserfc import jwt
from joserfc.jwk import ECKey

from dzong.certificates import wallet_offers
from dzong.certificates.models import CredentialOffer
from dzong.certificates.services import revoke_certificate

pytestmark = pytest.mark.django_db
PRE = "urn:ietf:params:oauth:grant-type:pre-authorized_code"


def offer_link(client: Client, certificate: Any) -> tuple[str, str]:
    """The holder asks for an offer on their application's page: its page and its link."""
    client.force_login(certificate.application.applicant)
    args = [certificate.application.reference, certificate.pk]
    made = client.post(reverse("portal:wallet_offer_make", args=args))
    assert made.status_code == 302
    page = client.get(made["Location"]).content.decode()
    found = re.search(r'id="open-wallet" href="([^"]+)"', page)
    assert found is not None and "<svg" in page
    return made["Location"], html.unescape(found.group(1))


def code_of(link: str) -> str:
    offer = json.loads(
        urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["credential_offer"][0]
    )
    assert offer["credential_configuration_ids"] == ["DzongCertificate"]
    return str(offer["grants"][PRE]["pre-authorized_code"])


def proof(key: ECKey, nonce: str, *, audience: str = "", signer: ECKey | None = None) -> str:
    from django.conf import settings

    header = {"alg": "ES256", "typ": "openid4vci-proof+jwt", "jwk": key.as_dict(private=False)}
    claims = {"aud": audience or settings.DZONG_SITE_URL, "nonce": nonce, "iat": int(time.time())}
    return jwt.encode(header, claims, signer or key, algorithms=["ES256"])


def token_for(client: Client, code: str) -> Any:
    return client.post(
        reverse("credentials:wallet_token"), {"grant_type": PRE, "pre-authorized_code": code}
    )


def ask_credential(client: Client, token: str, signed: str) -> Any:
    body = {"credential_configuration_id": "DzongCertificate", "proofs": {"jwt": [signed]}}
    return client.post(
        reverse("credentials:wallet_credential"),
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_a_wallet_takes_the_certificate_bound_to_its_key_once(client: Client, issued) -> None:
    licence = issued[0]
    page, link = offer_link(client, licence)
    wallet = Client()  # the wallet has no cookie of the holder's
    metadata = wallet.get("/.well-known/openid-credential-issuer").json()
    assert metadata["credential_endpoint"].endswith("/credentials/issue/")
    assert "token_endpoint" in wallet.get("/.well-known/oauth-authorization-server").json()

    code = code_of(link)
    granted = token_for(wallet, code)
    assert granted.status_code == 200 and granted["Cache-Control"] == "no-store"
    assert token_for(wallet, code).json() == {"error": "invalid_grant"}  # the code is good once
    key = ECKey.generate_key("P-256")
    answer = ask_credential(
        wallet, granted.json()["access_token"], proof(key, granted.json()["c_nonce"])
    )
    assert answer.status_code == 200
    credential = answer.json()["credentials"][0]["credential"]
    again = ask_credential(
        wallet, granted.json()["access_token"], proof(key, granted.json()["c_nonce"])
    )
    assert again.status_code == 401  # and the token too

    verified = wallet.post(
        reverse("credentials:verify"), credential, content_type="application/vc+jwt"
    )
    assert verified.json()["verified"] is True
    held = verified.json()["credential"]
    assert held["cnf"]["jwk"] == key.as_dict(private=False)
    assert held["credentialSubject"]["verificationCode"] == licence.verification_code
    status = client.get(page.rstrip("/") + "/status/").json()
    assert status["pending"] is False and 'id="offer-taken"' in status["html"]


@pytest.mark.parametrize(
    ("mistake", "error"),
    [
        ("wrong_nonce", "invalid_nonce"),
        ("wrong_audience", "invalid_proof"),
        ("signed_by_another_key", "invalid_proof"),
        ("no_bearer", "invalid_token"),
        ("revoked_meanwhile", "credential_request_denied"),
    ],
)
def test_a_wallet_that_gets_a_step_wrong_is_refused(
    client: Client, issued, mistake: str, error: str
) -> None:
    licence = issued[0]
    _page, link = offer_link(client, licence)
    wallet = Client()
    granted = token_for(wallet, code_of(link)).json()
    key, nonce = ECKey.generate_key("P-256"), granted["c_nonce"]
    signed = {
        "wrong_nonce": lambda: proof(key, "another"),
        "wrong_audience": lambda: proof(key, nonce, audience="https://elsewhere.example"),
        "signed_by_another_key": lambda: proof(key, nonce, signer=ECKey.generate_key("P-256")),
    }.get(mistake, lambda: proof(key, nonce))()
    if mistake == "revoked_meanwhile":
        revoke_certificate(certificate=licence, reason="Closed")
    token = "" if mistake == "no_bearer" else granted["access_token"]
    refused = ask_credential(wallet, token, signed)
    assert refused.status_code in {400, 401}
    assert refused.json() == {"error": error}
    assert CredentialOffer.objects.get().issued_at is None


def test_only_the_holder_of_a_certificate_in_force_gets_an_offer_and_offers_expire(
    client: Client, issued, django_user_model
) -> None:
    licence = issued[0]
    args = [licence.application.reference, licence.pk]
    client.force_login(django_user_model.objects.create_user("other@example.bt", None))
    assert client.post(reverse("portal:wallet_offer_make", args=args)).status_code == 404
    _page, link = offer_link(client, licence)
    CredentialOffer.objects.update(expires_at=CredentialOffer.objects.get().created_at)
    assert token_for(Client(), code_of(link)).json() == {"error": "invalid_grant"}
    revoke_certificate(certificate=licence, reason="Closed")
    client.force_login(licence.application.applicant)
    assert client.post(reverse("portal:wallet_offer_make", args=args)).status_code == 404
    CredentialOffer.objects.update(
        expires_at=CredentialOffer.objects.get().created_at - dt.timedelta(days=2)
    )
    assert wallet_offers.remove_ended() == 1


def test_the_sandbox_wallet_takes_a_certificate_the_verifier_then_accepts(
    site: str, identity_sandbox: Any, issued
) -> None:
    _made, link = wallet_offers.offer(issued[0])
    body = json.dumps({"link": link, "citizen": "11512000123"}).encode()
    asked = urllib.request.Request(identity_sandbox.url + "/_wallet/offer", data=body)  # noqa: S310
    with urllib.request.urlopen(asked, timeout=20) as answer:  # noqa: S310
        credential = json.loads(answer.read())["credential"]
    verified = requests.post(
        site + reverse("credentials:verify"),
        data=credential,
        headers={"Content-Type": "application/vc+jwt"},
        timeout=20,
    ).json()
    assert verified["verified"] is True
    assert verified["credential"]["cnf"]["jwk"]["kty"] == "EC"
