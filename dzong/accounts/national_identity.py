"""Sign in with the national digital identity, through its OpenID Connect provider.

The protocol is in `dzong.accounts.oidc`; this module is what Dzong makes of a verified
person: the account that holds their citizenship ID (made on first sign-in, or an existing
account linked to it), with the attributes the identity verified and where they came from.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dzong.accounts import oidc
from dzong.accounts.identity import SignInMethod, register
from dzong.accounts.models import User, VerifiedIdentity

CODE = "national-identity"
logger = logging.getLogger("dzong.accounts.national_identity")


@register(CODE)
class NationalIdentitySignIn(SignInMethod):
    """The national digital identity (OpenID Connect: code flow with PKCE, signed ID token)."""

    label = _("the national digital identity")

    def start_url(self) -> str:
        return reverse("accounts:national_identity")


def provider() -> oidc.Provider:
    """The provider and Dzong's credentials there, from the settings."""
    return oidc.Provider(
        issuer=settings.DZONG_OIDC_PROVIDER_URL,
        client_id=settings.DZONG_OIDC_CLIENT_ID,
        client_secret=settings.DZONG_OIDC_CLIENT_SECRET,
    )


def record_refusal(reason: str) -> None:
    """Keep a refused sign-in in the log: the reason only, nothing about the person."""
    logger.warning("national identity sign-in refused: %s", reason)


def _attributes(claims: dict[str, Any], provider: str = CODE) -> dict[str, Any]:
    citizenship_id = str(claims.get("citizenship_id") or "").strip()
    if not citizenship_id:
        raise oidc.Refused("no_citizenship_id")
    try:
        born = dt.date.fromisoformat(str(claims.get("birthdate") or ""))
    except ValueError:
        born = None
    return {
        "citizenship_id": citizenship_id,
        "name": str(claims.get("name") or "")[:200],
        "date_of_birth": born,
        "provider": provider,
        "issuer": str(claims["iss"]),
        "subject": str(claims["sub"]),
        "verified_at": timezone.now(),
    }


def account_for(claims: dict[str, Any], provider: str = CODE) -> User:
    """The account of the person the claims verify (through the sign-in method `provider`):
    theirs if they have one (its attributes refreshed), else a new one holding them."""
    attributes = _attributes(claims, provider)
    try:
        with transaction.atomic():
            held = (
                VerifiedIdentity.objects.select_for_update()
                .filter(citizenship_id=attributes["citizenship_id"])
                .select_related("user")
                .first()
            )
            if held is not None:
                for name, value in attributes.items():
                    setattr(held, name, value)
                held.save()
                user = held.user
            else:
                user = User(email=None, full_name=attributes["name"])
                user.set_unusable_password()
                user.save()
                VerifiedIdentity.objects.create(user=user, **attributes)
    except IntegrityError as error:  # the same person signing in twice at once
        raise oidc.Refused("concurrent_sign_in") from error
    if user.is_staff or not user.is_active:  # staff sign in to the back office only
        raise oidc.Refused("account_not_for_applicants")
    return user


def link(user: User, claims: dict[str, Any]) -> VerifiedIdentity:
    """Link an account made with email and password to the identity the claims verify,
    unless that identity already holds another account."""
    attributes = _attributes(claims)
    try:
        with transaction.atomic():
            held = VerifiedIdentity.objects.filter(
                citizenship_id=attributes["citizenship_id"]
            ).first()
            if held is not None and held.user_id != user.pk:
                raise oidc.Refused("identity_holds_another_account")
            identity, _created = VerifiedIdentity.objects.update_or_create(
                user=user, defaults=attributes
            )
    except IntegrityError as error:
        raise oidc.Refused("identity_holds_another_account") from error
    if attributes["name"]:
        User.objects.filter(pk=user.pk).update(full_name=attributes["name"])
    return identity
