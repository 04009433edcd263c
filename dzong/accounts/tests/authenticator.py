"""A software authenticator for tests: a P-256 key that answers WebAuthn challenges as a real
one does (attestation "none" when registering; an ECDSA signature over authenticatorData and
the digest of clientDataJSON when signing in), in the JSON a browser sends."""

from __future__ import annotations

import hashlib
import json
import os
import struct
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import bytes_to_base64url

PRESENT, VERIFIED, ATTESTED = 0x01, 0x04, 0x40


class Authenticator:
    """One passkey on one device, with its own signature counter."""

    def __init__(self, origin: str, rp_id: str) -> None:
        self.origin = origin
        self.rp_id = rp_id
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.sign_count = 0

    @property
    def id(self) -> str:
        return bytes_to_base64url(self.credential_id)

    def _client_data(self, kind: str, options: dict[str, Any], origin: str | None) -> bytes:
        data = {"type": kind, "challenge": options["challenge"], "origin": origin or self.origin}
        return json.dumps({**data, "crossOrigin": False}).encode()

    def _authenticator_data(self, flags: int, attested: bytes = b"") -> bytes:
        self.sign_count += 1
        rp_hash = hashlib.sha256(self.rp_id.encode()).digest()
        return rp_hash + bytes([flags]) + struct.pack(">I", self.sign_count) + attested

    def _cose_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        x, y = numbers.x.to_bytes(32, "big"), numbers.y.to_bytes(32, "big")
        return bytes(cbor2.dumps({1: 2, 3: -7, -1: 1, -2: x, -3: y}))

    def register(self, options: dict[str, Any], *, origin: str | None = None) -> str:
        """The browser's answer to navigator.credentials.create() with these options."""
        client_data = self._client_data("webauthn.create", options, origin)
        attested = bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id
        auth_data = self._authenticator_data(
            PRESENT | VERIFIED | ATTESTED, attested + self._cose_key()
        )
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        response = {"clientDataJSON": client_data, "attestationObject": attestation}
        return self._answer(response)

    def sign_in(
        self,
        options: dict[str, Any],
        *,
        origin: str | None = None,
        key: ec.EllipticCurvePrivateKey | None = None,
    ) -> str:
        """The browser's answer to navigator.credentials.get() with these options."""
        client_data = self._client_data("webauthn.get", options, origin)
        auth_data = self._authenticator_data(PRESENT | VERIFIED)
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = (key or self.key).sign(signed, ec.ECDSA(hashes.SHA256()))
        response = {
            "clientDataJSON": client_data,
            "authenticatorData": auth_data,
            "signature": signature,
        }
        return self._answer(response)

    def _answer(self, response: dict[str, bytes]) -> str:
        encoded = {name: bytes_to_base64url(value) for name, value in response.items()}
        return json.dumps(
            {
                "id": self.id,
                "rawId": self.id,
                "type": "public-key",
                "response": encoded,
                "clientExtensionResults": {},
            }
        )
