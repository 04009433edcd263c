"""An OpenID Connect client: authorization code with PKCE (S256), `state` and `nonce`, and
the ID token's signature checked against the provider's published keys (joserfc).

It knows nothing of Dzong's accounts: `begin` gives the address to send the person to and
what to keep until they return; `finish` turns their return into verified claims, or raises
`Refused` with a short reason code (never personal data) to record.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwk import KeySet

ALGORITHMS = ["RS256", "ES256"]
LEEWAY_SECONDS = 60
TIMEOUT_SECONDS = 10
_cache_lock = threading.Lock()
_documents: dict[str, tuple[float, dict[str, Any]]] = {}  # url -> (fetched at, JSON)
CACHE_SECONDS = 600


class Refused(Exception):
    """The sign-in cannot be trusted; `reason` is a short code for the record."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Provider:
    """Where the provider is (its issuer) and who Dzong is to it."""

    issuer: str
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class Pending:
    """What the client keeps while the person is away at the provider."""

    state: str
    nonce: str
    verifier: str
    redirect_uri: str

    def as_dict(self) -> dict[str, str]:
        return {
            "state": self.state,
            "nonce": self.nonce,
            "verifier": self.verifier,
            "redirect_uri": self.redirect_uri,
        }


def fetch_json(url: str, *, fresh: bool = False) -> dict[str, Any]:
    now = time.monotonic()
    with _cache_lock:
        cached = _documents.get(url)
    if cached is not None and not fresh and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            document = json.loads(response.read())
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise Refused("provider_unreachable") from error
    if not isinstance(document, dict):
        raise Refused("provider_unreachable")
    with _cache_lock:
        _documents[url] = (now, document)
    return document


def discovery(provider: Provider) -> dict[str, Any]:
    """The provider's discovery document; its issuer must be the one configured."""
    document = fetch_json(provider.issuer.rstrip("/") + "/.well-known/openid-configuration")
    if document.get("issuer") != provider.issuer.rstrip("/"):
        raise Refused("issuer_mismatch")
    return document


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def begin(
    provider: Provider, *, redirect_uri: str, scope: str = "openid profile"
) -> tuple[str, Pending]:
    """The provider's authorization address to send the person to, and what to keep."""
    pending = Pending(
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        verifier=secrets.token_urlsafe(48),
        redirect_uri=redirect_uri,
    )
    query = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": provider.client_id,
            "redirect_uri": redirect_uri,
            "scope": scope,
            "state": pending.state,
            "nonce": pending.nonce,
            "code_challenge": _challenge(pending.verifier),
            "code_challenge_method": "S256",
        }
    )
    return f"{discovery(provider)['authorization_endpoint']}?{query}", pending


def _exchange(provider: Provider, document: Mapping[str, Any], code: str, pending: Pending) -> str:
    body = urllib.parse.urlencode(
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": pending.redirect_uri,
            "code_verifier": pending.verifier,
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310  # the configured provider's https address
        document["token_endpoint"],
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = json.loads(response.read())
    except urllib.error.HTTPError as error:
        raise Refused("code_refused") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise Refused("provider_unreachable") from error
    id_token = answer.get("id_token") if isinstance(answer, dict) else None
    if not isinstance(id_token, str):
        raise Refused("no_id_token")
    return id_token


def _keys(document: Mapping[str, Any], *, fresh: bool) -> KeySet:
    try:
        return KeySet.import_key_set(fetch_json(document["jwks_uri"], fresh=fresh))  # type: ignore[arg-type]
    except (JoseError, KeyError, ValueError, TypeError) as error:
        raise Refused("bad_keys") from error


def verify_id_token(
    provider: Provider, document: Mapping[str, Any], id_token: str, *, nonce: str
) -> dict[str, Any]:
    """The ID token's claims, once its signature, issuer, audience, expiry and nonce hold."""
    token = None
    for fresh in (False, True):  # the provider may have turned to a key published since
        try:
            token = jwt.decode(id_token, _keys(document, fresh=fresh), algorithms=ALGORITHMS)
            break
        except (BadSignatureError, ValueError, JoseError) as error:
            if fresh:
                raise Refused("bad_signature") from error
    assert token is not None
    registry = jwt.JWTClaimsRegistry(
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": provider.issuer.rstrip("/")},
        aud={"essential": True, "value": provider.client_id},
        exp={"essential": True},
        sub={"essential": True},
    )
    try:
        registry.validate(token.claims)
    except ExpiredTokenError as error:
        raise Refused("expired") from error
    except (InvalidClaimError, MissingClaimError) as error:
        raise Refused(f"bad_claim_{error.claim}") from error
    except JoseError as error:
        raise Refused("bad_claims") from error
    if not secrets.compare_digest(str(token.claims.get("nonce", "")), nonce):
        raise Refused("nonce_mismatch")
    return dict(token.claims)


def finish(provider: Provider, pending: Pending, query: Mapping[str, str]) -> dict[str, Any]:
    """The verified claims of the person who came back with `query` (code, state)."""
    if query.get("error"):
        raise Refused("cancelled" if query.get("error") == "access_denied" else "provider_error")
    if not secrets.compare_digest(query.get("state", ""), pending.state):
        raise Refused("state_mismatch")
    code = query.get("code", "")
    if not code:
        raise Refused("no_code")
    document = discovery(provider)
    id_token = _exchange(provider, document, code, pending)
    return verify_id_token(provider, document, id_token, nonce=pending.nonce)
