"""Sign in by presenting the national identity credential from a wallet on one's phone.

The protocol is in `dzong.accounts.openid4vp`. A request is opened by the browser that wants
to sign in, answered by the wallet (on the same phone, or on another one that scanned the QR
code), and taken once, by that browser only, to sign in the account that holds the verified
citizenship ID: the same account as the national identity's OpenID Connect sign-in gives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import urllib.parse

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dzong.accounts import national_identity, openid4vp
from dzong.accounts.identity import SignInMethod, register
from dzong.accounts.models import User, WalletRequest
from dzong.accounts.oidc import Refused

CODE = "wallet"


@register(CODE)
class WalletSignIn(SignInMethod):
    """The national identity wallet (OpenID for Verifiable Presentations, SD-JWT VC)."""

    label = _("the national identity wallet on your phone")

    def start_url(self) -> str:
        return reverse("accounts:wallet")


def verifier(response_uri: str) -> openid4vp.Verifier:
    """Dzong as a verifier, from the settings; `response_uri` is where the wallet answers."""
    return openid4vp.Verifier(
        response_uri=response_uri,
        credential_type=settings.DZONG_WALLET_CREDENTIAL_TYPE,
        trusted_issuers=tuple(settings.DZONG_WALLET_TRUSTED_ISSUERS),
    )


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def open_request(purpose: str = WalletRequest.Purpose.SIGN_IN) -> WalletRequest:
    """A new request, waiting for the wallet for DZONG_WALLET_REQUEST_SECONDS."""
    return WalletRequest.objects.create(
        purpose=purpose,
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        expires_at=timezone.now() + dt.timedelta(seconds=settings.DZONG_WALLET_REQUEST_SECONDS),
    )


def link(request: WalletRequest, response_uri: str) -> str:
    """The address that opens the wallet on this request (shown as a QR code and a link)."""
    return openid4vp.request_link(
        verifier(response_uri),
        base=settings.DZONG_WALLET_LINK,
        nonce=request.nonce,
        state=request.state,
    )


def answer(form: dict[str, str], *, response_uri: str) -> tuple[WalletRequest, str]:
    """Take the wallet's answer to the request its `state` names: the request, and a one-time
    code for the browser that opened it (empty when refused). Each request is answered once;
    a refusal is kept, with its reason, for the browser to tell."""
    with transaction.atomic():
        request = (
            WalletRequest.objects.select_for_update().filter(state=form.get("state", "")).first()
        )
        if request is None:
            raise Refused("unknown_state")
        if request.status != WalletRequest.Status.WAITING:
            raise Refused("already_answered")
        code = ""
        try:
            if request.expires_at <= timezone.now():
                raise Refused("request_expired")
            claims = openid4vp.verify(form, verifier=verifier(response_uri), nonce=request.nonce)
        except Refused as refusal:
            request.status, request.reason = WalletRequest.Status.REFUSED, refusal.reason
        else:
            code = secrets.token_urlsafe(32)
            request.status, request.claims = WalletRequest.Status.PRESENTED, claims
            request.response_code = _hash(code)
        request.save(update_fields=["status", "reason", "claims", "response_code"])
    if request.reason:
        national_identity.record_refusal(request.reason)
    return request, code


def finish_url(request: WalletRequest, code: str) -> str:
    """Where the wallet sends the person back to on the same phone."""
    path = reverse("accounts:wallet_finish", args=[request.pk])
    return f"{path}?{urllib.parse.urlencode({'response_code': code})}"


def take(
    request_id: str,
    *,
    response_code: str | None,
    purpose: str = WalletRequest.Purpose.SIGN_IN,
) -> User:
    """The account the presented claims verify, once (sign-in's end, or a consent's). The
    browser that opened the request takes it; on the same phone it also brings the wallet's
    response code."""
    with transaction.atomic():
        request = (
            WalletRequest.objects.select_for_update().filter(pk=request_id, purpose=purpose).first()
        )
        if request is None or request.status == WalletRequest.Status.USED:
            raise Refused("unknown_state")
        if request.status == WalletRequest.Status.REFUSED:
            raise Refused(request.reason or "wallet_error")
        if request.status != WalletRequest.Status.PRESENTED:
            raise Refused("not_answered")
        if response_code is not None and not secrets.compare_digest(
            _hash(response_code), request.response_code
        ):
            raise Refused("state_mismatch")
        claims = request.claims
        request.status, request.claims = WalletRequest.Status.USED, {}
        request.save(update_fields=["status", "claims"])
    return national_identity.account_for(claims, provider=CODE)


def remove_expired(*, older_than: dt.timedelta = dt.timedelta(hours=1)) -> int:
    """Forget requests that ended long enough ago (the sweeper calls this)."""
    removed, _kinds = WalletRequest.objects.filter(
        expires_at__lt=timezone.now() - older_than
    ).delete()
    return removed
