"""The sandbox provider's own pages: who the demo citizens are, choosing one, and control."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict
from typing import Any

from django.contrib.auth import login
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt

from dzong.identity_sandbox import wallet
from dzong.identity_sandbox.citizens import BY_ID, CITIZENS, Citizen
from dzong.identity_sandbox.validator import BEHAVIOUR, Behaviour


def home(request: HttpRequest) -> HttpResponse:
    """What this server is, and the demo citizens it vouches for."""
    issuer = request.build_absolute_uri("/o")
    return render(request, "identity_sandbox/home.html", {"citizens": CITIZENS, "issuer": issuer})


def choose_citizen(request: HttpRequest) -> HttpResponse:
    """Stands in for the national identity's own sign-in: pick the demo citizen you are."""
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    if request.method == "POST":
        citizen = BY_ID.get(request.POST.get("citizen", ""))
        if citizen is not None:
            user, _created = User.objects.get_or_create(username=citizen.citizenship_id)
            login(request, user)  # type: ignore[arg-type]  # this project's own User
            return redirect(next_url)
    return render(request, "identity_sandbox/choose.html", {"citizens": CITIZENS, "next": next_url})


def _from_loopback(request: HttpRequest) -> bool:
    """Whether the request comes from this machine (the tests' and the demo's own calls)."""
    return request.META.get("REMOTE_ADDR") in {"127.0.0.1", "::1"}


@csrf_exempt
def control(request: HttpRequest) -> HttpResponse:
    """POST {"unpublished_key": true, ...} changes how the provider behaves (loopback only)."""
    if not _from_loopback(request):
        return HttpResponse(status=403)
    if request.method == "POST":
        changes = json.loads(request.body or b"{}")
        fresh = Behaviour() if changes.pop("reset", False) else BEHAVIOUR
        for name, value in {**asdict(fresh), **changes}.items():
            if hasattr(BEHAVIOUR, name):
                setattr(BEHAVIOUR, name, bool(value))
    return JsonResponse(asdict(BEHAVIOUR))


def _issuer(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def issuer_metadata(request: HttpRequest) -> HttpResponse:
    """The issuer's published keys (SD-JWT VC issuer metadata)."""
    return JsonResponse(wallet.issuer_metadata(_issuer(request)))


def wallet_page(request: HttpRequest) -> HttpResponse:
    """The wallet on the citizen's phone: opened by a verifier's request link, it shows who
    asks for what; Share sends the presentation to the verifier, Decline says no."""
    asked = wallet.request_of(request.get_full_path())
    citizen = BY_ID.get(request.user.get_username()) if request.user.is_authenticated else None
    if not asked.get("response_uri") and not asked.get("credential_offer"):
        held = wallet.held(citizen) if citizen else []
        context = {"citizens": CITIZENS, "held": held, "holder": citizen}
        return render(request, "identity_sandbox/wallet.html", context)
    if citizen is None:
        return redirect(f"/citizen/?next={urllib.parse.quote(request.get_full_path())}")
    if asked.get("credential_offer"):
        return _offer_page(request, citizen, request.get_full_path())
    if request.method != "POST":
        context = {
            "citizen": citizen,
            "verifier": urllib.parse.urlsplit(asked["response_uri"]).netloc,
            "asked": wallet.asked_claims(json.loads(asked.get("dcql_query") or "{}")),
        }
        return render(request, "identity_sandbox/wallet.html", context)
    if "share" in request.POST:
        form = wallet.presentation(citizen, asked, _issuer(request), behaviour=BEHAVIOUR)
    else:
        form = wallet.refusal(asked)
    try:
        answer = wallet.call(asked["response_uri"], form=form)
    except wallet.CallFailed:
        answer = None
    back = answer.get("redirect_uri") if isinstance(answer, dict) else None
    if isinstance(back, str) and back.startswith(("http://", "https://")):
        return redirect(back)
    return render(request, "identity_sandbox/wallet.html", {"sent": True, "citizen": citizen})


@csrf_exempt
def wallet_presentation(request: HttpRequest) -> HttpResponse:
    """For the tests (loopback only): POST {"link", "citizen", "decline"} answers the form the
    wallet would post to the verifier, without posting it."""
    if not _from_loopback(request) or request.method != "POST":
        return HttpResponse(status=403)
    asked_for = json.loads(request.body or b"{}")
    citizen = BY_ID.get(str(asked_for.get("citizen", "")))
    if citizen is None:
        return HttpResponse(status=404)
    asked = wallet.request_of(str(asked_for.get("link", "")))
    if asked_for.get("decline"):
        return JsonResponse(wallet.refusal(asked))
    return JsonResponse(wallet.presentation(citizen, asked, _issuer(request), behaviour=BEHAVIOUR))


def _offer_page(request: HttpRequest, citizen: Citizen, link: str) -> HttpResponse:
    """An issuer offers the citizen a credential: accept it into the wallet, or decline."""
    offer = wallet.offer_of(link)
    context: dict[str, Any] = {
        "citizen": citizen,
        "issuer": urllib.parse.urlsplit(str(offer.get("credential_issuer", ""))).netloc,
        "offered": offer.get("credential_configuration_ids", []),
    }
    if request.method == "POST":
        if "accept" in request.POST:
            try:
                wallet.accept_offer(citizen, link)
            except wallet.CallFailed as error:
                context["failed"] = str(error)
        context["done"] = True
        context["held"] = wallet.held(citizen)
    return render(request, "identity_sandbox/offer.html", context)


@csrf_exempt
def wallet_offer(request: HttpRequest) -> HttpResponse:
    """For the tests (loopback only): POST {"link", "citizen"} accepts an offer into the
    citizen's wallet and answers the credential it received."""
    if not _from_loopback(request) or request.method != "POST":
        return HttpResponse(status=403)
    asked_for = json.loads(request.body or b"{}")
    citizen = BY_ID.get(str(asked_for.get("citizen", "")))
    if citizen is None:
        return HttpResponse(status=404)
    try:
        credential = wallet.accept_offer(citizen, str(asked_for.get("link", "")))
    except wallet.CallFailed as error:
        return JsonResponse({"error": str(error)}, status=502)
    return JsonResponse({"credential": credential})
