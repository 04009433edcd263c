"""The sandbox provider's own pages: who the demo citizens are, choosing one, and control."""

from __future__ import annotations

import json
from dataclasses import asdict

from django.contrib.auth import login
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt

from dzong.identity_sandbox.citizens import BY_ID, CITIZENS
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


@csrf_exempt
def control(request: HttpRequest) -> HttpResponse:
    """POST {"unpublished_key": true, ...} changes how the provider behaves (loopback only)."""
    if request.META.get("REMOTE_ADDR") not in {"127.0.0.1", "::1"}:
        return HttpResponse(status=403)
    if request.method == "POST":
        changes = json.loads(request.body or b"{}")
        fresh = Behaviour() if changes.pop("reset", False) else BEHAVIOUR
        for name, value in {**asdict(fresh), **changes}.items():
            if hasattr(BEHAVIOUR, name):
                setattr(BEHAVIOUR, name, bool(value))
    return JsonResponse(asdict(BEHAVIOUR))
