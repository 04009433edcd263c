"""A verifier of OpenID for Verifiable Presentations: the request a wallet is shown (response
mode direct_post, a DCQL query for the foundational ID credential), and the check of what the
wallet answers: an SD-JWT VC from a trusted issuer, signed with a key the issuer publishes,
not expired, each disclosed attribute one the issuer signed, and a key-binding proof made by
the credential's holder for this request's nonce and for Dzong, just now.

Like `dzong.accounts.oidc` it knows nothing of accounts: `verify` turns the wallet's form into
verified claims or raises `oidc.Refused` with a short reason code (never personal data).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
import time
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from joserfc import jwt
from joserfc.errors import ExpiredTokenError, InvalidClaimError, JoseError, MissingClaimError
from joserfc.jwk import ECKey, KeySet

from dzong.accounts.oidc import LEEWAY_SECONDS, Refused, fetch_json

CREDENTIAL_QUERY = "national_id"
CLAIMS = ("citizenship_id", "name", "birthdate")
ALGORITHMS = ["ES256"]
PROOF_SECONDS = 300  # how old a key-binding proof may be
LARGEST_ANSWER = 16_000  # characters of vp_token a wallet may send


@dataclass(frozen=True)
class Verifier:
    """Who Dzong is to the wallet, and whom it trusts to issue the credential."""

    response_uri: str
    credential_type: str
    trusted_issuers: tuple[str, ...]

    @property
    def client_id(self) -> str:
        return f"redirect_uri:{self.response_uri}"


def request_link(verifier: Verifier, *, base: str, nonce: str, state: str) -> str:
    """The address (QR code, or a link on the same phone) that opens the wallet on the request."""
    query = {
        "credentials": [
            {
                "id": CREDENTIAL_QUERY,
                "format": "dc+sd-jwt",
                "meta": {"vct_values": [verifier.credential_type]},
                "claims": [{"path": [name]} for name in CLAIMS],
            }
        ]
    }
    parameters = {
        "client_id": verifier.client_id,
        "response_type": "vp_token",
        "response_mode": "direct_post",
        "response_uri": verifier.response_uri,
        "nonce": nonce,
        "state": state,
        "dcql_query": json.dumps(query, separators=(",", ":")),
    }
    return f"{base}?{urllib.parse.urlencode(parameters)}"


def _b64decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise Refused("malformed") from error


def _digest(text: str) -> str:
    digest = hashlib.sha256(text.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A JWT's header and payload, read before its signature is checked (to find the key)."""
    try:
        header, payload, _signature = token.split(".")
        found = json.loads(_b64decode(header)), json.loads(_b64decode(payload))
    except (ValueError, UnicodeDecodeError) as error:
        raise Refused("malformed") from error
    if not all(isinstance(part, dict) for part in found):
        raise Refused("malformed")
    return found


def _issuer_keys(issuer: str, *, fresh: bool) -> KeySet:
    document = fetch_json(issuer.rstrip("/") + "/.well-known/jwt-vc-issuer", fresh=fresh)
    if document.get("issuer") != issuer:
        raise Refused("issuer_mismatch")
    try:
        return KeySet.import_key_set(document["jwks"])
    except (JoseError, KeyError, ValueError, TypeError) as error:
        raise Refused("bad_keys") from error


def _issuer_claims(signed: str, verifier: Verifier) -> dict[str, Any]:
    header, unverified = _unverified(signed)
    if header.get("typ") not in {"dc+sd-jwt", "vc+sd-jwt"}:
        raise Refused("not_a_credential")
    issuer = unverified.get("iss")
    if issuer not in verifier.trusted_issuers:
        raise Refused("untrusted_issuer")
    token = None
    for fresh in (False, True):  # the issuer may have turned to a key published since
        try:
            token = jwt.decode(signed, _issuer_keys(issuer, fresh=fresh), algorithms=ALGORITHMS)
            break
        except (ValueError, JoseError) as error:
            if fresh:
                raise Refused("bad_signature") from error
    assert token is not None
    registry = jwt.JWTClaimsRegistry(
        leeway=LEEWAY_SECONDS,
        exp={"essential": True},
        vct={"essential": True, "value": verifier.credential_type},
    )
    try:
        registry.validate(token.claims)
    except ExpiredTokenError as error:
        raise Refused("credential_expired") from error
    except (InvalidClaimError, MissingClaimError) as error:
        raise Refused(f"bad_claim_{error.claim}") from error
    except JoseError as error:
        raise Refused("bad_claims") from error
    if token.claims.get("_sd_alg", "sha-256") != "sha-256":
        raise Refused("unknown_digest")
    return dict(token.claims)


def _disclosed(claims: Mapping[str, Any], disclosures: list[str]) -> dict[str, Any]:
    """The attributes the holder disclosed, each one the issuer signed a digest of."""
    signed = set(claims.get("_sd") or [])
    found: dict[str, Any] = {}
    for disclosure in disclosures:
        if _digest(disclosure) not in signed:
            raise Refused("unsigned_disclosure")
        try:
            _salt, name, value = json.loads(_b64decode(disclosure))
        except (ValueError, TypeError, UnicodeDecodeError) as error:
            raise Refused("malformed") from error
        if not isinstance(name, str) or name in found or name in claims:
            raise Refused("malformed")
        found[name] = value
    return found


def _check_proof(
    proof: str, presented: str, claims: Mapping[str, Any], verifier: Verifier, nonce: str
) -> None:
    """The key-binding JWT: made with the credential's holder key, for us, now, this nonce."""
    header, _payload = _unverified(proof)
    if header.get("typ") != "kb+jwt":
        raise Refused("no_key_binding")
    try:
        holder = ECKey.import_key(claims["cnf"]["jwk"])
        token = jwt.decode(proof, holder, algorithms=ALGORITHMS)
    except (KeyError, TypeError, ValueError, JoseError) as error:
        raise Refused("bad_key_binding") from error
    bound = token.claims
    if bound.get("aud") != verifier.client_id:
        raise Refused("wrong_audience")
    if not secrets.compare_digest(str(bound.get("nonce", "")), nonce):
        raise Refused("nonce_mismatch")
    made = bound.get("iat")
    if not isinstance(made, int) or not -LEEWAY_SECONDS <= time.time() - made <= PROOF_SECONDS:
        raise Refused("stale_proof")
    if bound.get("sd_hash") != _digest(presented):
        raise Refused("bad_key_binding")


def verify(form: Mapping[str, str], *, verifier: Verifier, nonce: str) -> dict[str, Any]:
    """The verified claims (iss, sub and the disclosed attributes) of a wallet's answer."""
    if form.get("error"):
        raise Refused("cancelled" if form.get("error") == "access_denied" else "wallet_error")
    answer = form.get("vp_token", "")
    if not answer or len(answer) > LARGEST_ANSWER:
        raise Refused("malformed")
    try:
        tokens = json.loads(answer)
        presentation = tokens[CREDENTIAL_QUERY]
        presentation = presentation[0] if isinstance(presentation, list) else presentation
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise Refused("malformed") from error
    if not isinstance(presentation, str) or presentation.count("~") < 1:
        raise Refused("malformed")
    parts = presentation.split("~")
    signed, disclosures, proof = parts[0], parts[1:-1], parts[-1]
    if not proof:
        raise Refused("no_key_binding")
    claims = _issuer_claims(signed, verifier)
    attributes = _disclosed(claims, [d for d in disclosures if d])
    _check_proof(proof, presentation[: -len(proof)], claims, verifier, nonce)
    return {
        "iss": claims["iss"],
        "sub": str(claims.get("sub") or attributes.get("citizenship_id") or ""),
        **{name: attributes[name] for name in CLAIMS if name in attributes},
    }
