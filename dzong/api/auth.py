"""Token authentication of API clients: a bearer token, never a cookie."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from dzong.api.models import ApiClient
from dzong.api.problems import problem
from dzong.api.services import client_for, within_rate

ClientView = Callable[..., HttpResponseBase]


def token_required(view: ClientView) -> Callable[..., HttpResponseBase]:
    """Call `view(request, client, ...)` for a request bearing a live client's token.

    CSRF does not apply: such a request carries its credential in a header that another site
    cannot make a browser send, and the view reads no session or cookie.
    """

    @csrf_exempt
    @wraps(view)
    def authenticated(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        client = _client(request)
        if isinstance(client, HttpResponse):
            return client
        if not within_rate(client):
            refused = problem(
                429,
                "too-many-requests",
                _("Too many requests"),
                _("This client made too many requests this minute. Try again in a minute."),
            )
            refused.headers["Retry-After"] = "60"
            return refused
        return view(request, client, *args, **kwargs)

    return authenticated


def _client(request: HttpRequest) -> ApiClient | HttpResponse:
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return _unauthorised("missing-token", _("Send the client's token as: Bearer TOKEN."))
    client = client_for(token.strip())
    if client is None:
        return _unauthorised("invalid-token", _("This token is not a client's token."))
    if client.revoked_at is not None:
        return _unauthorised("revoked-token", _("This client's token was revoked."))
    return client


def _unauthorised(kind: str, detail: str) -> HttpResponse:
    response = problem(401, kind, _("Not authenticated"), detail)
    error = "" if kind == "missing-token" else ', error="invalid_token"'
    response.headers["WWW-Authenticate"] = f'Bearer realm="dzong"{error}'
    return response
