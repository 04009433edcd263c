"""HMAC signatures of the messages Dzong and a gateway exchange (standard library only)."""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Sandbox-Signature"


def sign(secret: str, message: bytes) -> str:
    """The hex HMAC-SHA256 of `message` under `secret`."""
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def is_signed(secret: str, message: bytes, signature: str | None) -> bool:
    """Whether `signature` is the signature of `message`, compared in constant time.

    Nothing is signed under an empty secret: anyone could compute that signature."""
    return (
        bool(secret)
        and bool(signature)
        and hmac.compare_digest(sign(secret, message), str(signature))
    )
