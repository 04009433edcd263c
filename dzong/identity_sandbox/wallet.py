"""The sandbox's issuer and wallet: each demo citizen holds a foundational ID credential (an
SD-JWT VC signed by the sandbox as issuer, bound to a key only their wallet holds), and the
wallet presents chosen attributes of it to a verifier that asks by OpenID for Verifiable
Presentations (response mode direct_post, a DCQL query).

A real national wallet does the same on the citizen's phone; this one runs beside Dzong so that
Dzong's verifier is tested against a credential it did not make itself.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from joserfc import jwt
from joserfc.jwk import ECKey

from dzong.identity_sandbox.citizens import Citizen

CREDENTIAL_TYPE = "urn:bt:ndi:foundational-id:1"
CREDENTIAL_DAYS = 365
_issuer_key = ECKey.generate_key("P-256", parameters={"kid": secrets.token_hex(8)})
_stranger_key = ECKey.generate_key("P-256", parameters={"kid": _issuer_key.kid or "k"})
_holder_keys: dict[str, ECKey] = {}  # citizenship ID -> the key in that citizen's wallet


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _digest(text: str) -> str:
    return _b64(hashlib.sha256(text.encode("ascii")).digest())


def issuer_metadata(issuer: str) -> dict[str, Any]:
    """What a verifier fetches from /.well-known/jwt-vc-issuer: who signs, with which keys."""
    return {"issuer": issuer, "jwks": {"keys": [_issuer_key.as_dict(private=False)]}}


def _holder_key(citizen: Citizen) -> ECKey:
    key = _holder_keys.get(citizen.citizenship_id)
    if key is None:
        key = _holder_keys.setdefault(citizen.citizenship_id, ECKey.generate_key("P-256"))
    return key


def credential(
    citizen: Citizen, issuer: str, *, expired: bool = False, forged: bool = False
) -> str:
    """The citizen's credential: the issuer's signed part, then one disclosure per attribute."""
    disclosures = {
        name: _b64(json.dumps([_b64(secrets.token_bytes(16)), name, value]).encode())
        for name, value in citizen.claims().items()
    }
    now = int(time.time())
    lifetime = CREDENTIAL_DAYS * 86400
    payload = {
        "iss": issuer,
        "vct": CREDENTIAL_TYPE,
        "iat": now - (2 * lifetime if expired else 0),
        "exp": now - lifetime if expired else now + lifetime,
        "sub": citizen.citizenship_id,
        "_sd_alg": "sha-256",
        "_sd": sorted(_digest(d) for d in disclosures.values()),
        "cnf": {"jwk": _holder_key(citizen).as_dict(private=False)},
    }
    key = _stranger_key if forged else _issuer_key
    header = {"alg": "ES256", "typ": "dc+sd-jwt", "kid": key.kid}
    signed = jwt.encode(header, payload, key, algorithms=["ES256"])
    return "~".join([signed, *disclosures.values()]) + "~"


def asked_claims(query: dict[str, Any]) -> list[str]:
    """The attribute names a DCQL query asks of the credential."""
    found = []
    for wanted in query.get("credentials", []):
        for claim in wanted.get("claims", []):
            path = claim.get("path") or []
            if path and isinstance(path[0], str):
                found.append(path[0])
    return found


def request_of(link: str) -> dict[str, str]:
    """The parameters of a verifier's request link (openid4vp://?... or this wallet's page)."""
    query = urllib.parse.urlsplit(link).query
    return {name: values[0] for name, values in urllib.parse.parse_qs(query).items()}


def presentation(
    citizen: Citizen, request: dict[str, str], issuer: str, *, behaviour: Any
) -> dict[str, str]:
    """The form the wallet posts to the verifier's response_uri: the credential with only the
    asked attributes disclosed, and a key-binding proof over the verifier's nonce."""
    query = json.loads(request.get("dcql_query") or "{}")
    asked = set(asked_claims(query))
    full = credential(
        citizen,
        issuer,
        expired=behaviour.credential_expired,
        forged=behaviour.credential_signed_by_unknown_key,
    )
    signed, *disclosures = full.rstrip("~").split("~")
    kept = [d for d in disclosures if json.loads(base64.urlsafe_b64decode(d + "=="))[1] in asked]
    shared = "~".join([signed, *kept]) + "~"
    proof = jwt.encode(
        {"alg": "ES256", "typ": "kb+jwt"},
        {
            "aud": request.get("client_id", ""),
            "nonce": request.get("nonce", ""),
            "iat": int(time.time()),
            "sd_hash": _digest(shared),
        },
        _holder_key(citizen),
        algorithms=["ES256"],
    )
    ids = [wanted.get("id", "") for wanted in query.get("credentials", [])] or ["credential"]
    return {"vp_token": json.dumps({ids[0]: [shared + proof]}), "state": request.get("state", "")}


def refusal(request: dict[str, str]) -> dict[str, str]:
    """The form the wallet posts when the citizen declines to share."""
    return {"error": "access_denied", "state": request.get("state", "")}


PRE_AUTHORIZED = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
_held: dict[str, list[str]] = {}  # citizenship ID -> the credentials their wallet holds


class CallFailed(Exception):
    """The verifier or issuer refused a call of the wallet's, or could not be reached."""


def call(url: str, *, form: dict[str, str] | None = None, body: Any = None, token: str = "") -> Any:
    """What a verifier or issuer answers (JSON) to the wallet's form, JSON body, or GET."""
    headers = {"Accept": "application/json"}
    data = None
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    sent = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310  # the issuer's
    try:
        with urllib.request.urlopen(sent, timeout=10) as response:  # noqa: S310
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        raise CallFailed(f"{url}: {error.code} {error.read()[:200]!r}") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise CallFailed(f"{url}: {error}") from error


def offer_of(link: str) -> dict[str, Any]:
    """The credential offer a link carries (by value)."""
    try:
        found = json.loads(request_of(link).get("credential_offer") or "{}")
    except ValueError:
        found = {}
    return found if isinstance(found, dict) else {}


def accept_offer(citizen: Citizen, link: str) -> str:
    """Take the offered credential into the citizen's wallet (pre-authorised code flow): the
    code for a token and a nonce, then the credential for a proof of the wallet's key."""
    offer = offer_of(link)
    issuer = str(offer.get("credential_issuer", "")).rstrip("/")
    code = offer.get("grants", {}).get(PRE_AUTHORIZED, {}).get("pre-authorized_code", "")
    if not issuer or not code:
        raise CallFailed("not a credential offer")
    metadata = call(issuer + "/.well-known/openid-credential-issuer")
    server = call(issuer + "/.well-known/oauth-authorization-server")
    token = call(
        server["token_endpoint"], form={"grant_type": PRE_AUTHORIZED, "pre-authorized_code": code}
    )
    holder = _holder_key(citizen)
    proof = jwt.encode(
        {"alg": "ES256", "typ": "openid4vci-proof+jwt", "jwk": holder.as_dict(private=False)},
        {"aud": issuer, "nonce": token.get("c_nonce", ""), "iat": int(time.time())},
        holder,
        algorithms=["ES256"],
    )
    wanted = (offer.get("credential_configuration_ids") or [""])[0]
    answer = call(
        metadata["credential_endpoint"],
        body={"credential_configuration_id": wanted, "proofs": {"jwt": [proof]}},
        token=token["access_token"],
    )
    credential_ = str(answer["credentials"][0]["credential"])
    _held.setdefault(citizen.citizenship_id, []).append(credential_)
    return credential_


def held(citizen: Citizen) -> list[dict[str, Any]]:
    """What the citizen's wallet holds: each credential's name, issuer and the credential."""
    shown = []
    for token in _held.get(citizen.citizenship_id, []):
        payload = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
        subject = payload.get("credentialSubject", {})
        issuer = payload.get("issuer", {})
        shown.append(
            {
                "name": subject.get("name", ""),
                "issuer": issuer.get("name", "") if isinstance(issuer, dict) else issuer,
                "credential": token,
            }
        )
    return shown
