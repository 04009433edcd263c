"""Certificates into the holder's wallet: OpenID for Verifiable Credential Issuance with a
pre-authorised code.

The holder, signed in, asks for an offer of a certificate in force; the offer (a QR code, or a
link that opens the wallet on the same phone) carries a one-time code. The wallet exchanges the
code at the token endpoint for an access token and a nonce, then asks the credential endpoint
with a proof, signed with its own key, over that nonce; it gets the certificate's verifiable
credential (the same vc+jwt as the download, which the verifier here checks), bound to that key.
Every step is good once and for a few minutes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import time
import urllib.parse
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey

from dzong.certificates.credentials import issue_credential
from dzong.certificates.models import Certificate, CredentialOffer

CONFIGURATION = "DzongCertificate"
PRE_AUTHORIZED = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
OFFER_SECONDS = 600
TOKEN_SECONDS = 300
PROOF_SECONDS = 300
PROOF_TYPE = "openid4vci-proof+jwt"


class IssuanceError(Exception):
    """A refused step; `error` is the protocol's error code, `reason` ours (for the record)."""

    def __init__(self, error: str, reason: str) -> None:
        super().__init__(reason)
        self.error = error
        self.reason = reason


def _site(path: str = "") -> str:
    return settings.DZONG_SITE_URL.rstrip("/") + path


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issuer_metadata() -> dict[str, Any]:
    """/.well-known/openid-credential-issuer: what Dzong issues and where."""
    return {
        "credential_issuer": _site(),
        "credential_endpoint": _site(reverse("credentials:wallet_credential")),
        "display": [{"name": "Dzong", "locale": "en"}, {"name": "རྫོང་", "locale": "dz"}],
        "credential_configurations_supported": {
            CONFIGURATION: {
                "format": "jwt_vc_json",
                "credential_definition": {"type": ["VerifiableCredential", CONFIGURATION]},
                "cryptographic_binding_methods_supported": ["jwk"],
                "credential_signing_alg_values_supported": ["ES256"],
                "proof_types_supported": {"jwt": {"proof_signing_alg_values_supported": ["ES256"]}},
                "display": [
                    {"name": "Certificate", "locale": "en"},
                    {"name": "ལག་ཁྱེར་", "locale": "dz"},
                ],
            }
        },
    }


def authorization_metadata() -> dict[str, Any]:
    """/.well-known/oauth-authorization-server: the token endpoint, pre-authorised codes only."""
    return {
        "issuer": _site(),
        "token_endpoint": _site(reverse("credentials:wallet_token")),
        "grant_types_supported": [PRE_AUTHORIZED],
        "pre-authorized_grant_anonymous_access_supported": True,
    }


def offer(certificate: Certificate) -> tuple[CredentialOffer, str]:
    """A new offer of a certificate in force, and the link that opens the wallet on it."""
    if certificate.status != Certificate.Status.ISSUED or certificate.application.is_test:
        raise IssuanceError("invalid_request", "not_in_force")
    code = secrets.token_urlsafe(32)
    made = CredentialOffer.objects.create(
        certificate=certificate,
        code_hash=_hash(code),
        expires_at=timezone.now() + dt.timedelta(seconds=OFFER_SECONDS),
    )
    document = {
        "credential_issuer": _site(),
        "credential_configuration_ids": [CONFIGURATION],
        "grants": {PRE_AUTHORIZED: {"pre-authorized_code": code}},
    }
    query = urllib.parse.urlencode({"credential_offer": json.dumps(document)})
    return made, f"{settings.DZONG_WALLET_OFFER_LINK}?{query}"


def exchange(form: dict[str, str]) -> dict[str, Any]:
    """The token endpoint: a pre-authorised code, once, for an access token and a nonce."""
    if form.get("grant_type") != PRE_AUTHORIZED:
        raise IssuanceError("unsupported_grant_type", "grant_type")
    code = form.get("pre-authorized_code", "")
    with transaction.atomic():
        found = CredentialOffer.objects.select_for_update().filter(code_hash=_hash(code)).first()
        if found is None or found.status != CredentialOffer.Status.OFFERED:
            raise IssuanceError("invalid_grant", "unknown_or_used_code")
        if found.expires_at <= timezone.now():
            raise IssuanceError("invalid_grant", "offer_expired")
        token, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        found.status, found.token_hash, found.nonce = (
            CredentialOffer.Status.EXCHANGED,
            _hash(token),
            nonce,
        )
        found.expires_at = timezone.now() + dt.timedelta(seconds=TOKEN_SECONDS)
        found.save(update_fields=["status", "token_hash", "nonce", "expires_at"])
    return {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": TOKEN_SECONDS,
        "c_nonce": nonce,
        "c_nonce_expires_in": TOKEN_SECONDS,
    }


def _holder_key(proof: str, nonce: str) -> ECKey:
    """The key the wallet proves it holds: the proof is signed by it, for us, over our nonce."""
    try:
        header = jws.extract_compact(proof.encode()).headers()
        key = ECKey.import_key(header["jwk"])
        token = jwt.decode(proof, key, algorithms=["ES256"])
    except (KeyError, TypeError, ValueError, JoseError) as error:
        raise IssuanceError("invalid_proof", "bad_proof") from error
    if header.get("typ") != PROOF_TYPE or "d" in header["jwk"]:
        raise IssuanceError("invalid_proof", "bad_proof")
    claims = token.claims
    if claims.get("aud") != _site():
        raise IssuanceError("invalid_proof", "wrong_audience")
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise IssuanceError("invalid_nonce", "nonce_mismatch")
    made = claims.get("iat")
    if not isinstance(made, int) or not -60 <= time.time() - made <= PROOF_SECONDS:
        raise IssuanceError("invalid_proof", "stale_proof")
    return key


def credential(access_token: str, body: dict[str, Any]) -> dict[str, Any]:
    """The credential endpoint: the certificate's credential, bound to the wallet's key, once."""
    if body.get("credential_configuration_id") != CONFIGURATION:
        raise IssuanceError("unsupported_credential_type", "configuration")
    proofs = body.get("proofs", {}).get("jwt") if isinstance(body.get("proofs"), dict) else None
    proof = proofs[0] if isinstance(proofs, list) and proofs else body.get("proof", {}).get("jwt")
    if not isinstance(proof, str):
        raise IssuanceError("invalid_proof", "no_proof")
    with transaction.atomic():
        found = (
            CredentialOffer.objects.select_for_update()
            .select_related("certificate", "certificate__application")
            .filter(token_hash=_hash(access_token))
            .first()
        )
        if found is None or found.status != CredentialOffer.Status.EXCHANGED:
            raise IssuanceError("invalid_token", "unknown_or_used_token")
        if found.expires_at <= timezone.now():
            raise IssuanceError("invalid_token", "token_expired")
        key = _holder_key(proof, found.nonce)
        certificate = found.certificate
        if certificate.status != Certificate.Status.ISSUED:
            raise IssuanceError("credential_request_denied", "not_in_force")
        issued = issue_credential(certificate=certificate, holder=key.as_dict(private=False))
        found.status, found.issued_at = CredentialOffer.Status.ISSUED, timezone.now()
        found.save(update_fields=["status", "issued_at"])
    return {"credentials": [{"credential": issued}]}


def remove_ended(*, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Forget offers that ended a day ago (the sweeper calls this)."""
    removed, _kinds = CredentialOffer.objects.filter(
        expires_at__lt=timezone.now() - older_than
    ).delete()
    return removed
