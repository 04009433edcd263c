import json

import pytest
from django.urls import reverse
from joserfc import jws

from dzong.certificates.credentials import bit_is_set
from dzong.certificates.keys import create_agency_key
from dzong.certificates.services import reissue_certificate, revoke_certificate

pytestmark = pytest.mark.django_db


def _credential(client, certificate) -> str:
    client.force_login(certificate.application.applicant)
    url = reverse("portal:credential", args=[certificate.application.reference, certificate.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/vc+jwt"
    return response.content.decode()


def _verify(client, token: str, *, as_json: bool = False) -> dict:
    url = reverse("credentials:verify")
    if as_json:
        response = client.post(url, {"credential": token}, content_type="application/json")
    else:
        response = client.post(url, token, content_type="application/vc+jwt")
    return response.json()


def test_a_credential_is_issued_verified_revoked_then_refused(client, issued):
    licence = issued[0]
    token = _credential(client, licence)
    header = jws.extract_compact(token.encode()).headers()
    assert header["alg"] == "ES256"
    assert header["typ"] == "vc+jwt"
    verified = _verify(client, token)
    assert verified["verified"] is True
    subject = verified["credential"]["credentialSubject"]
    assert subject["verificationCode"] == licence.verification_code
    assert subject["facts"]["Business name"] == "Wangmo Handicrafts"
    assert verified["credential"]["@context"] == ["https://www.w3.org/ns/credentials/v2"]
    revoke_certificate(certificate=licence, reason="Closed")
    refused = _verify(client, token, as_json=True)
    assert refused == {
        "verified": False,
        "status": "revoked",
        "reason": "The credential has been revoked.",
    }


def test_the_status_list_shows_revocation_to_any_verifier(client, issued):
    licence = issued[0]
    url = reverse("credentials:status_list", args=["trade"])
    before = _status_bits(client, url)
    assert not bit_is_set(before, licence.pk)
    reissue_certificate(certificate=licence)
    after = _status_bits(client, url)
    assert bit_is_set(after, licence.pk)
    assert client.get(reverse("credentials:status_list", args=["nobody"])).status_code == 404


def _status_bits(client, url) -> str:
    response = client.get(url)
    assert response.headers["Content-Type"] == "application/vc+jwt"
    payload = json.loads(jws.extract_compact(response.content).payload)
    assert "BitstringStatusListCredential" in payload["type"]
    return payload["credentialSubject"]["encodedList"]


def test_the_keys_are_published_and_a_rotated_key_still_verifies(client, issued):
    token = _credential(client, issued[0])
    old = issued[0].signing_key
    create_agency_key(authority=old.authority, agency="trade", agency_name="Department of Trade")
    keys = client.get("/.well-known/jwks.json").json()["keys"]
    assert old.key_id in {k["kid"] for k in keys}
    assert all("d" not in k for k in keys)  # public parts only
    assert _verify(client, token)["verified"] is True


def test_a_tampered_or_foreign_credential_is_refused(client, issued):
    token = _credential(client, issued[0])
    header, payload, signature = token.split(".")
    forged = payload[:-4] + ("AAAA" if payload[-4:] != "AAAA" else "BBBB")
    assert _verify(client, f"{header}.{forged}.{signature}")["verified"] is False
    assert _verify(client, "not a jwt")["status"] == "malformed"
    assert (
        client.post(reverse("credentials:verify"), "", content_type="text/plain").status_code == 400
    )


def test_only_the_applicant_gets_the_credential(client, issued):
    from dzong.accounts.models import User

    client.force_login(User.objects.create_user("other@example.bt", None))
    licence = issued[0]
    url = reverse("portal:credential", args=[licence.application.reference, licence.pk])
    assert client.get(url).status_code == 404


def test_json_nested_thousands_deep_is_refused_with_a_reason_not_a_server_error(client):
    deep = '{"credential": ' + "[" * 5000 + "]" * 5000 + "}"
    response = client.post(reverse("credentials:verify"), deep, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["status"] == "malformed"
    assert "nested too deep" in response.json()["reason"]
