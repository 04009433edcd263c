"""Passkeys (WebAuthn) as a member of staff's second factor: registering one and signing in
with it. The ceremonies are py_webauthn's; the relying party is this site (DZONG_SITE_URL, or
DZONG_WEBAUTHN_RP_ID and DZONG_WEBAUTHN_ORIGIN when set). Each challenge is kept in the
person's session, used once, and lapses after a few minutes."""

from __future__ import annotations

import json
import time
from collections.abc import MutableMapping
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from dzong.accounts.models import Passkey, User
from dzong.accounts.services import clear_failures, is_locked_out, record_failure
from dzong.accounts.staff import LockedOut
from dzong.audit.services import actor_of, append

CHALLENGE_SECONDS = 300
CREDENTIAL_LIMIT = 20_000  # characters of a browser's answer: far more than any authenticator
NAME_LIMIT = 60
RP_NAME = "Dzong back office"
# Words in py_webauthn's refusals, and the reason a person is told.
REASONS = (
    ("challenge", "challenge"),
    ("origin", "origin"),
    ("rp id", "origin"),
    ("sign count", "signature"),
    ("signature", "signature"),
)


class Refused(Exception):
    """A passkey's answer was not accepted; `reason` says why, in a word the views translate."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def relying_party() -> tuple[str, str]:
    """This site's relying party id and origin, from the settings."""
    site = urlsplit(settings.DZONG_SITE_URL)
    origin = settings.DZONG_WEBAUTHN_ORIGIN or f"{site.scheme}://{site.netloc}"
    return settings.DZONG_WEBAUTHN_RP_ID or site.hostname or "localhost", origin


def _keep_challenge(session: MutableMapping[str, Any], purpose: str, challenge: bytes) -> None:
    session[f"passkey_{purpose}"] = [bytes_to_base64url(challenge), time.time()]


def take_challenge(session: MutableMapping[str, Any], purpose: str) -> bytes | None:
    """The challenge last issued for this purpose, once: it is forgotten as it is read."""
    kept = session.pop(f"passkey_{purpose}", None)
    if not isinstance(kept, list) or len(kept) != 2:
        return None
    challenge, issued = kept
    if time.time() - float(issued) > CHALLENGE_SECONDS:
        return None
    return base64url_to_bytes(str(challenge))


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    ids = user.passkeys.values_list("credential_id", flat=True)
    return [PublicKeyCredentialDescriptor(id=base64url_to_bytes(found)) for found in ids]


def registration_options(*, user: User, session: MutableMapping[str, Any]) -> dict[str, Any]:
    """The options (JSON) for the browser to make a new passkey; the challenge is kept."""
    rp_id, _ = relying_party()
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=RP_NAME,
        user_id=f"dzong-staff-{user.pk}".encode(),
        user_name=user.email or str(user.pk),
        user_display_name=user.full_name or user.email or "",
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    _keep_challenge(session, "registration", options.challenge)
    return dict(json.loads(options_to_json(options)))


def authentication_options(*, user: User, session: MutableMapping[str, Any]) -> dict[str, Any]:
    """The options (JSON) for the browser to sign in with one of the user's passkeys."""
    rp_id, _ = relying_party()
    options = generate_authentication_options(
        rp_id=rp_id,
        allow_credentials=_descriptors(user),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    _keep_challenge(session, "authentication", options.challenge)
    return dict(json.loads(options_to_json(options)))


def _credential(text: str) -> dict[str, Any]:
    if not text or len(text) > CREDENTIAL_LIMIT:
        raise Refused("malformed")
    try:
        found = json.loads(text)
    except ValueError:
        raise Refused("malformed") from None
    if not isinstance(found, dict) or not isinstance(found.get("id"), str):
        raise Refused("malformed")
    return found


def _reason(error: Exception) -> str:
    text = str(error).lower()
    for word, reason in REASONS:
        if word in text:
            return reason
    return "malformed"


@transaction.atomic
def register_passkey(
    *, user: User, session: MutableMapping[str, Any], credential: str, name: str
) -> Passkey:
    """Keep a new passkey the browser made for these options; Refused if it does not answer
    the challenge kept in the session, from this site."""
    challenge = take_challenge(session, "registration")
    found = _credential(credential)
    if challenge is None:
        raise Refused("challenge")
    rp_id, origin = relying_party()
    try:
        verified = verify_registration_response(
            credential=found,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError) as error:
        raise Refused(_reason(error)) from error
    credential_id = bytes_to_base64url(verified.credential_id)
    if Passkey.objects.filter(credential_id=credential_id).exists():
        raise Refused("known")
    passkey = Passkey.objects.create(
        user=user,
        credential_id=credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        name=(" ".join(name.split()) or "Passkey")[:NAME_LIMIT],
    )
    append(actor=actor_of(user), action="staff.passkey-added", subject=f"staff:{user.pk}", data={})
    return passkey


def check_passkey(
    *, user: User, session: MutableMapping[str, Any], credential: str, address: str = ""
) -> Passkey:
    """The user's passkey that signed the challenge kept in the session; Refused (a failure
    counted, as for a wrong code) otherwise, LockedOut after too many."""
    email = user.email or ""
    if is_locked_out(email, address=address):
        raise LockedOut(email)
    try:
        passkey = _verified(user, session, credential)
    except Refused:
        record_failure(email, address=address)
        raise
    clear_failures(email)
    return passkey


@transaction.atomic
def _verified(user: User, session: MutableMapping[str, Any], credential: str) -> Passkey:
    challenge = take_challenge(session, "authentication")
    found = _credential(credential)
    if challenge is None:
        raise Refused("challenge")
    passkey = Passkey.objects.select_for_update().filter(user=user, credential_id=found["id"])
    known = passkey.first()
    if known is None:
        raise Refused("unknown")
    rp_id, origin = relying_party()
    try:
        verified = verify_authentication_response(
            credential=found,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=bytes(known.public_key),
            credential_current_sign_count=known.sign_count,
        )
    except (WebAuthnException, ValueError, TypeError, KeyError) as error:
        raise Refused(_reason(error)) from error
    known.sign_count = verified.new_sign_count
    known.last_used_at = timezone.now()
    known.save(update_fields=["sign_count", "last_used_at"])
    return known
