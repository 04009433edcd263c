"""Signing in with the national identity wallet: the page with the QR code (and the link that
opens the wallet on the same phone), the address the wallet answers, and the sign-in's end."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dzong.accounts import wallet
from dzong.accounts.identity import is_enabled
from dzong.accounts.models import WalletRequest
from dzong.accounts.oidc import Refused
from dzong.portal.account_views import _next_url, _signed_in
from dzong.portal.identity_views import _message, _refused
from dzong.web.wallet_codes import wallet_qr

OPENED = "wallet_request"


def _enabled() -> None:
    if not is_enabled(wallet.CODE):
        raise Http404


def _response_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("accounts:wallet_response"))


def _opened(request: HttpRequest, request_id: str) -> WalletRequest:
    """The request this browser opened (no other: the id is kept in its session)."""
    if request.session.get(OPENED, {}).get("id") != str(request_id):
        raise Http404
    found = WalletRequest.objects.filter(
        pk=request_id, purpose=WalletRequest.Purpose.SIGN_IN
    ).first()
    if found is None:
        raise Http404
    return found


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Open a request for the wallet (one per browser at a time) and show it."""
    _enabled()
    kept = request.session.get(OPENED, {})
    current = WalletRequest.objects.filter(
        pk=kept.get("id"), status=WalletRequest.Status.WAITING, expires_at__gt=timezone.now()
    ).first()
    if current is None:
        current = wallet.open_request()
    request.session[OPENED] = {"id": str(current.pk), "next": _next_url(request)}
    return redirect("accounts:wallet_request", current.pk)


def _progress(opened: WalletRequest) -> dict[str, Any]:
    expired = opened.status == WalletRequest.Status.WAITING and opened.expires_at <= timezone.now()
    return {
        "opened": opened,
        "waiting": opened.status == WalletRequest.Status.WAITING and not expired,
        "presented": opened.status == WalletRequest.Status.PRESENTED,
        "refusal": _message(opened.reason or "wallet_error")
        if opened.status == WalletRequest.Status.REFUSED or expired
        else "",
        "status_url": reverse("accounts:wallet_status", args=[opened.pk]),
        "page_url": reverse("accounts:wallet_request", args=[opened.pk]),
        "finish_url": reverse("accounts:wallet_finish", args=[opened.pk]),
    }


@require_GET
def show(request: HttpRequest, request_id: str) -> HttpResponse:
    """The QR code to scan with the wallet, and the link for a wallet on this phone."""
    _enabled()
    opened = _opened(request, request_id)
    address = wallet.link(opened, _response_uri(request))
    context = {
        **_progress(opened),
        "link": address,
        "qr": wallet_qr(address),
    }
    return render(request, "portal/account/wallet.html", context)


@require_GET
def status(request: HttpRequest, request_id: str) -> JsonResponse:
    """For the page waiting for the wallet: whether it answered, and the part to show."""
    _enabled()
    context = _progress(_opened(request, request_id))
    html = render_to_string("portal/account/_wallet_progress.html", context, request=request)
    return JsonResponse({"pending": context["waiting"], "html": html})


@csrf_exempt  # the wallet posts here; the request's state, nonce and proofs authenticate it
@require_POST
def response(request: HttpRequest) -> JsonResponse:
    """Where the wallet sends its presentation (OpenID4VP direct_post)."""
    _enabled()
    try:
        opened, code = wallet.answer(request.POST.dict(), response_uri=_response_uri(request))
    except Refused as refusal:
        return JsonResponse({"error": "invalid_request", "reason": refusal.reason}, status=400)
    if opened.purpose != WalletRequest.Purpose.SIGN_IN:
        return JsonResponse({})  # the page that asked (a centre's) goes on by itself
    back = (
        wallet.finish_url(opened, code)
        if code
        else reverse("accounts:wallet_request", args=[opened.pk])
    )
    return JsonResponse({"redirect_uri": request.build_absolute_uri(back)})


@require_http_methods(["GET", "POST"])
def finish(request: HttpRequest, request_id: str) -> HttpResponse:
    """Sign in with what the wallet presented: back on the same phone with the wallet's
    response code, or from the page that waited (Continue)."""
    _enabled()
    opened = _opened(request, request_id)
    if request.method == "GET" and "response_code" not in request.GET:
        return redirect("accounts:wallet_request", opened.pk)
    try:
        user = wallet.take(str(opened.pk), response_code=request.GET.get("response_code"))
    except Refused as refusal:
        again = _("Sign in with the wallet again")
        return _refused(request, refusal.reason, reverse("accounts:wallet"), again)
    kept = request.session.pop(OPENED, {})
    response = _signed_in(request, user)
    response["Location"] = kept.get("next") or reverse("portal:home")
    return response
