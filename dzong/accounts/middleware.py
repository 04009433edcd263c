"""Signed-in pages: never kept by a browser or proxy, and staff sessions that end when idle."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.crypto import salted_hmac

LAST_SEEN = "dzong_last_seen"
STAMP_EVERY_SECONDS = 60  # the session is written at most once a minute to note activity

Handler = Callable[[HttpRequest], HttpResponseBase]


class SignedInPagesMiddleware:
    """End a member of staff's session after DZONG_STAFF_IDLE_MINUTES without a request, and
    mark every page shown to someone signed in `Cache-Control: no-store` and with the name
    the device keeps its offline copies of the account's pages under."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated and request.user.is_staff:
            _end_if_idle(request)
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        if request.user.is_authenticated:
            response.headers["Dzong-Account"] = device_scope(request.user)
        return response


def device_scope(user: object) -> str:
    """Who the page was shown to, as the browser's offline copies are keyed: a name for the
    account that says nothing of it (copies on the device are kept per account, and a page
    shown to another account clears them)."""
    return salted_hmac("dzong.device", str(getattr(user, "pk", ""))).hexdigest()[:20]


def _end_if_idle(request: HttpRequest) -> None:
    now = time.time()
    last_seen = float(request.session.get(LAST_SEEN, now))
    if now - last_seen > settings.DZONG_STAFF_IDLE_MINUTES * 60:
        logout(request)
    elif LAST_SEEN not in request.session or now - last_seen >= STAMP_EVERY_SECONDS:
        request.session[LAST_SEEN] = now
