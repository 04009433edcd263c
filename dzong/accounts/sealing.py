"""Staff TOTP secrets are kept encrypted (Fernet: AES with an HMAC) under a key from the
environment, DZONG_TOTP_SECRETS_KEY (the secret key when empty); changing it makes every
stored secret unreadable, so each member of staff would enrol again."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet
from django.conf import settings


def _fernet() -> Fernet:
    secret = settings.DZONG_TOTP_SECRETS_KEY or settings.SECRET_KEY
    digest = hashlib.sha256(b"dzong-totp-secrets:" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(text: str) -> str:
    """The text encrypted and authenticated, as ASCII for a text column."""
    return _fernet().encrypt(text.encode()).decode("ascii")


def unseal(token: str) -> str:
    """The text `seal` encrypted; cryptography's InvalidToken under another key."""
    return _fernet().decrypt(token.encode("ascii")).decode()
