"""The sandbox provider's claims about the citizen, and the misbehaviours tests ask of it."""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass
from typing import Any

from jwcrypto import jwk, jwt
from oauth2_provider.oauth2_validators import OAuth2Validator

from dzong.identity_sandbox.citizens import BY_ID


@dataclass
class Behaviour:
    """How the provider behaves; tests change it through POST /_control (loopback only)."""

    unpublished_key: bool = False  # sign ID tokens with a key the JWKS does not publish
    expired: bool = False  # issue ID tokens that expired ten minutes ago
    replay: bool = False  # put the nonce of the last ID token in the next ones again
    credential_expired: bool = False  # the wallet presents a credential past its expiry
    credential_signed_by_unknown_key: bool = False  # ... signed with a key nobody published


BEHAVIOUR = Behaviour()
_lock = threading.Lock()
_last_nonce: list[str] = []
_rogue_key: list[jwk.JWK] = []


def rogue_key() -> jwk.JWK:
    """A key of the provider's kind that nobody published: a forger's."""
    with _lock:
        if not _rogue_key:
            _rogue_key.append(jwk.JWK.generate(kty="RSA", size=2048))
        return _rogue_key[0]


def _b64json(part: str) -> dict[str, Any]:
    decoded: dict[str, Any] = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    return decoded


class CitizenValidator(OAuth2Validator):  # type: ignore[misc]
    """django-oauth-toolkit's validator, with the national register's claims in the ID token."""

    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "citizenship_id": "profile",
        "name": "profile",
        "birthdate": "profile",
        "phone_number": "profile",
    }

    def get_additional_claims(self, request: Any) -> dict[str, str]:
        citizen = BY_ID.get(request.user.username)
        return citizen.claims() if citizen else {}

    def get_id_token_dictionary(self, token: Any, token_handler: Any, request: Any) -> Any:
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        if BEHAVIOUR.expired:
            claims["exp"] = int(time.time()) - 600
        return claims, expiration_time

    def finalize_id_token(self, id_token: Any, token: Any, token_handler: Any, request: Any) -> str:
        if BEHAVIOUR.replay and _last_nonce:
            id_token["nonce"] = _last_nonce[-1]
            request.nonce = _last_nonce[-1]
        elif id_token.get("nonce") or request.nonce:
            _last_nonce[:] = [id_token.get("nonce") or request.nonce]
        signed = str(super().finalize_id_token(id_token, token, token_handler, request))
        if BEHAVIOUR.unpublished_key:
            header_part, claims_part, _signature = signed.split(".")
            forged = jwt.JWT(header=_b64json(header_part), claims=_b64json(claims_part))
            forged.make_signed_token(rogue_key())
            signed = forged.serialize()
        return signed
