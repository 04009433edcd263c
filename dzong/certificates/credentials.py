"""Certificates as W3C Verifiable Credentials 2.0 secured as JWTs (ES256, agency keys).

Revocation is published in a Bitstring Status List per agency; the public keys are a JWKS.
A verifier here reads revocation as an outside one would: from the status list credential at
the URL the credential names (see status_lists.py), its signature checked.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey

from dzong.certificates.keys import key_pair, load_certificate, signing_key_for
from dzong.certificates.models import Certificate, SigningKey
from dzong.certificates.status_lists import SiteResolver, StatusListResolver, StatusListUnavailable
from dzong.keyring import jwk_of

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
MEDIA_TYPE = "application/vc+jwt"
STATUS_LIST_BITS = 131072  # the smallest list the specification allows (16 KB)
OUT_OF_FORCE = (Certificate.Status.REVOKED, Certificate.Status.REPLACED)


def _site(path: str) -> str:
    return settings.DZONG_SITE_URL.rstrip("/") + path


def _private_key(signing_key: SigningKey) -> ECKey:
    return jwk_of(key_pair(signing_key).key)


def _public_key(signing_key: SigningKey) -> ECKey:
    public = load_certificate(signing_key.certificate_pem).public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey):
        raise TypeError("Signing keys are elliptic-curve keys.")
    return jwk_of(public)


def _sign(payload: dict[str, Any], signing_key: SigningKey) -> str:
    header = {"alg": "ES256", "typ": "vc+jwt", "kid": signing_key.key_id}
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return jws.serialize_compact(header, body, _private_key(signing_key))


def issuer_id(agency: str) -> str:
    """The issuer of an agency's credentials: its status list's address names it."""
    return _site(reverse("credentials:status_list", args=[agency])).removesuffix("status/")


def credential(certificate: Certificate) -> dict[str, Any]:
    """The certificate as a W3C Verifiable Credential 2.0 (unsecured form)."""
    shown = certificate.content.get("en", {})
    status_list = _site(reverse("credentials:status_list", args=[certificate.agency]))
    document: dict[str, Any] = {
        "@context": [VC_CONTEXT],
        "id": _site(reverse("verify:certificate", args=[certificate.verification_code])),
        "type": ["VerifiableCredential", "DzongCertificate"],
        "issuer": {"id": issuer_id(certificate.agency), "name": shown.get("agency", "")},
        "validFrom": _stamp(_local_day_start(certificate.valid_from)),
        "credentialSubject": {
            "type": certificate.code,
            "name": shown.get("title", ""),
            "verificationCode": certificate.verification_code,
            "facts": {label: value for label, value in shown.get("facts", [])},
        },
        "credentialStatus": {
            "id": f"{status_list}#{certificate.pk}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(certificate.pk),
            "statusListCredential": status_list,
        },
    }
    if certificate.valid_until:
        end = _local_day_start(certificate.valid_until + dt.timedelta(days=1))
        document["validUntil"] = _stamp(end - dt.timedelta(seconds=1))
    return document


def issue_credential(*, certificate: Certificate, holder: dict[str, Any] | None = None) -> str:
    """The certificate as a JWT (vc+jwt) signed with its agency's current key; bound to the
    holder's public key (`cnf`) when it goes into a wallet that proved it holds that key."""
    key = signing_key_for(certificate.agency, certificate.agency)
    document = credential(certificate)
    if holder is not None:
        document["cnf"] = {"jwk": holder}
    return _sign(document, key)


def jwks() -> dict[str, Any]:
    """Every agency key, current and retired, as a JSON Web Key Set."""
    keys = []
    for signing_key in SigningKey.objects.order_by("pk"):
        public = _public_key(signing_key).as_dict(private=False)
        keys.append({**public, "kid": signing_key.key_id, "use": "sig", "alg": "ES256"})
    return {"keys": keys}


def encoded_status_list(agency: str) -> str:
    """The agency's revocation bits (one per certificate, by id), gzipped and base64url."""
    revoked = Certificate.objects.filter(
        agency=agency, status__in=OUT_OF_FORCE, application__is_test=False
    )
    indexes = list(revoked.values_list("pk", flat=True))
    size = max(
        STATUS_LIST_BITS, ((max(indexes, default=0) // STATUS_LIST_BITS) + 1) * STATUS_LIST_BITS
    )
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)  # the first index is the leftmost bit
    return base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).decode().rstrip("=")


def status_list_credential(agency: str) -> str:
    """The agency's BitstringStatusListCredential, as a JWT signed with its current key."""
    url = _site(reverse("credentials:status_list", args=[agency]))
    document = {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(agency),
        "validFrom": _stamp(timezone.now()),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_status_list(agency),
        },
    }
    return _sign(document, signing_key_for(agency, agency))


def bit_is_set(encoded: str, index: int) -> bool:
    """Whether a status list's bit at `index` is set."""
    try:
        raw = gzip.decompress(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    except (ValueError, OSError, EOFError) as error:
        raise StatusListUnavailable("The status list cannot be decoded.") from error
    return index // 8 < len(raw) and bool(raw[index // 8] & (0x80 >> (index % 8)))


def verify_credential(*, token: str, resolver: StatusListResolver | None = None) -> dict[str, Any]:
    """Check a presented vc+jwt: its signature by one of our keys, its dates, and its status
    in the status list found at its `statusListCredential` URL (fetched through `resolver`)."""
    payload = _signed_payload(token)
    if "refused" in payload:
        return payload["refused"]  # type: ignore[no-any-return]
    return _judge(payload, resolver or SiteResolver())


def _signed_payload(token: str) -> dict[str, Any]:
    """The JWT's payload when one of our keys (current or retired) signed it; else a refusal."""
    try:
        unverified = jws.extract_compact(token.strip().encode())
        kid = str(unverified.headers().get("kid", ""))
    except (JoseError, ValueError, TypeError):
        return {"refused": _refused("malformed", "This is not a JWT.")}
    signing_key: SigningKey | None = SigningKey.objects.filter(key_id=kid).first()
    if signing_key is None:
        return {
            "refused": _refused("unknown_key", "The credential is not signed by a key of ours.")
        }
    try:
        payload = json.loads(
            jws.deserialize_compact(token.strip(), _public_key(signing_key)).payload
        )
    except (JoseError, ValueError):
        return {
            "refused": _refused("bad_signature", "The signature does not match the credential.")
        }
    if not isinstance(payload, dict):
        return {"refused": _refused("not_a_credential", "This is not a verifiable credential.")}
    return payload


def _judge(payload: dict[str, Any], resolver: StatusListResolver) -> dict[str, Any]:
    if "VerifiableCredential" not in payload.get("type", []):
        return _refused("not_a_credential", "This is not a verifiable credential.")
    now = timezone.now()
    if _moment(payload.get("validFrom")) > now:
        return _refused("not_yet_valid", "The credential is not valid yet.")
    until = payload.get("validUntil")
    if until and _moment(until) < now:
        return _refused("expired", "The credential has expired.")
    try:
        revoked = _is_revoked(payload, resolver)
    except StatusListUnavailable:
        return _refused("status_unavailable", "The credential's status list could not be read.")
    if revoked:
        return _refused("revoked", "The credential has been revoked.")
    return {"verified": True, "status": "valid", "credential": payload}


def _is_revoked(payload: dict[str, Any], resolver: StatusListResolver) -> bool:
    """Whether the credential's bit is set in the revocation list at its status list URL."""
    entry = payload.get("credentialStatus") or {}
    try:
        index = int(entry.get("statusListIndex", -1))
        url = str(entry["statusListCredential"])
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise StatusListUnavailable("The credential names no status list.") from error
    if index < 0 or entry.get("statusPurpose") != "revocation":
        raise StatusListUnavailable("The credential names no revocation status.")
    issuer = payload.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    return bit_is_set(_status_list_bits(resolver.fetch(url), url=url, issuer=issuer_id), index)


def _status_list_bits(token: str, *, url: str, issuer: Any) -> str:
    """The encoded list of a fetched status list credential, once it is shown to be ours."""
    document = _signed_payload(token)
    subject = document.get("credentialSubject") or {}
    if (
        "refused" in document
        or "BitstringStatusListCredential" not in document.get("type", [])
        or document.get("id") != url
        or document.get("issuer") != issuer
        or not isinstance(subject, dict)
        or subject.get("statusPurpose") != "revocation"
        or not isinstance(subject.get("encodedList"), str)
    ):
        raise StatusListUnavailable(f"{url} is not the issuer's revocation list.")
    encoded: str = subject["encodedList"]
    return encoded


def _local_day_start(day: dt.date) -> dt.datetime:
    """The first moment of a day as the country counts it (a certificate valid from 3 December
    in Thimphu is valid from 18:00 UTC on 2 December, not six hours later)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _stamp(moment: dt.datetime) -> str:
    """A moment as an XML Schema dateTimeStamp in UTC."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _moment(value: Any) -> dt.datetime:
    return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def _refused(status: str, reason: str) -> dict[str, Any]:
    return {"verified": False, "status": status, "reason": reason}
