"""Private keys at rest: PKCS#8 PEM encrypted with a password derived from a secret from the
environment (DZONG_SIGNING_KEYS_SECRET, else SECRET_KEY). Decrypted in memory only, to sign;
never logged. Used by the certificates' signing keys and the audit log's key, which both sign
JSON Web Signatures with the keys as `jwk_of` gives them."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from joserfc.jwk import ECKey


def _password() -> bytes:
    secret = settings.DZONG_SIGNING_KEYS_SECRET or settings.SECRET_KEY
    return hashlib.sha256(b"dzong-signing-keys:" + secret.encode()).hexdigest().encode()


def seal_key(key: ec.EllipticCurvePrivateKey) -> str:
    """The private key as encrypted PEM, to store."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(_password()),
    ).decode()


def unseal_key(pem: str) -> ec.EllipticCurvePrivateKey:
    """The private key a stored, encrypted PEM holds."""
    key = serialization.load_pem_private_key(pem.encode(), password=_password())
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise TypeError("Signing keys are elliptic-curve keys.")
    return key


def jwk_of(key: ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey) -> ECKey:
    """The key (private: to sign; public: to check) as a JSON Web Key."""
    if isinstance(key, ec.EllipticCurvePrivateKey):
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    else:
        pem = key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    return ECKey.import_key(pem)
