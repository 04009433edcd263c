"""Signing in with the national digital identity, linking it to an account, and the account
page that shows what it verified."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dzong.accounts import national_identity, oidc
from dzong.accounts.identity import is_enabled
from dzong.accounts.models import User, VerifiedIdentity
from dzong.engine.formatting import format_date, format_moment
from dzong.portal.account_views import _next_url, _signed_in
from dzong.portal.apply_views import language
from dzong.portal.sms_code_views import shown

PENDING = "national_identity_pending"


def _message(reason: str) -> str:
    """What a refusal means to the person, in their language (the reason code is logged)."""
    if reason == "cancelled":
        return _(
            "You cancelled signing in with the national digital identity, so you are not "
            "signed in. You can try again, or sign in with your email address and password."
        )
    if reason == "credential_expired":
        return _(
            "The identity card in your wallet has expired, so you are not signed in. Renew it "
            "in the wallet, then start signing in again."
        )
    if reason in {"request_expired", "not_answered"}:
        return _(
            "Your wallet did not answer in time, so you are not signed in. Start signing in again."
        )
    if reason in {"unknown_state", "state_mismatch", "already_answered"}:
        return _(
            "This sign-in has already been used or was started somewhere else. "
            "Start signing in again."
        )
    if reason == "expired":
        return _(
            "The national digital identity's answer was too old to trust, so you are not "
            "signed in. Start signing in again."
        )
    if reason == "provider_unreachable":
        return _("The national digital identity cannot be reached just now. Try again later.")
    if reason == "identity_holds_another_account":
        return _(
            "Your national digital identity is already linked to another Dzong account. "
            "Sign in with the national digital identity to use that account."
        )
    return _(
        "We could not confirm the national digital identity's answer, so you are not signed "
        "in. Start signing in again; if it happens again, sign in with your email address "
        "and password."
    )


def _refused(
    request: HttpRequest, reason: str, retry: str = "", retry_label: str = ""
) -> HttpResponse:
    national_identity.record_refusal(reason)
    context = {
        "message": _message(reason),
        "retry": retry or reverse("accounts:national_identity"),
        "retry_label": retry_label,
    }
    return render(request, "portal/account/national_identity_refused.html", context, status=403)


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Send the person to the national identity, remembering why (sign in, or link)."""
    if not is_enabled(national_identity.CODE):
        raise Http404
    linking = request.method == "POST" and request.user.is_authenticated
    redirect_uri = request.build_absolute_uri(reverse("accounts:national_identity_return"))
    try:
        url, pending = oidc.begin(national_identity.provider(), redirect_uri=redirect_uri)
    except oidc.Refused as refusal:
        return _refused(request, refusal.reason)
    waiting: dict[str, Any] = dict(request.session.get(PENDING, {}))
    waiting = dict(list(waiting.items())[-4:])  # a few tabs at most
    waiting[pending.state] = {
        **pending.as_dict(),
        "next": reverse("accounts:account") if linking else _next_url(request),
        "link": request.user.pk if linking else None,
    }
    request.session[PENDING] = waiting
    return redirect(url)


@require_GET
def finish(request: HttpRequest) -> HttpResponse:
    """The person is back from the national identity: check its answer and sign them in (or
    link the identity to the account they are signed in to). Each start is good once."""
    if not is_enabled(national_identity.CODE):
        raise Http404
    waiting: dict[str, Any] = dict(request.session.get(PENDING, {}))
    kept = waiting.pop(request.GET.get("state", ""), None)
    request.session[PENDING] = waiting
    if kept is None:
        return _refused(request, "cancelled" if request.GET.get("error") else "unknown_state")
    pending = oidc.Pending(
        state=kept["state"],
        nonce=kept["nonce"],
        verifier=kept["verifier"],
        redirect_uri=kept["redirect_uri"],
    )
    try:
        claims = oidc.finish(national_identity.provider(), pending, request.GET.dict())
        if kept["link"] is not None:
            if request.user.pk != kept["link"]:
                raise oidc.Refused("link_by_another_session")
            assert isinstance(request.user, User)
            national_identity.link(request.user, claims)
            return redirect(kept["next"])
        user = national_identity.account_for(claims)
    except oidc.Refused as refusal:
        return _refused(request, refusal.reason)
    request.session.pop(PENDING, None)
    response = _signed_in(request, user)
    response["Location"] = kept["next"]
    return response


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """Your account: who you are, and whether the national identity has vouched for it."""
    assert isinstance(request.user, User)
    identity = VerifiedIdentity.objects.filter(user=request.user).first()
    context = {
        "identity": identity,
        "verified_at": format_moment(timezone.localtime(identity.verified_at), language())
        if identity
        else "",
        "born": format_date(identity.date_of_birth, language())
        if identity and identity.date_of_birth
        else "",
        "can_link": identity is None and is_enabled(national_identity.CODE),
        "mobile_number": shown(request.user.mobile_number) if request.user.mobile_number else "",
    }
    return render(request, "portal/account/account.html", context)
