"""Problem documents (RFC 9457) for the API's errors, in the requested language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _

MEDIA_TYPE = "application/problem+json"


def problem(
    status: int,
    kind: str,
    title: str,
    detail: str,
    errors: Mapping[str, str] | None = None,
    portal: str | None = None,
) -> JsonResponse:
    """A problem document; `errors` lists a message per field (its code, or "" for none);
    `portal` is where a person can do on the portal what the API refused."""
    body: dict[str, object] = {
        "type": f"urn:dzong:problem:{kind}",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = [{"field": code, "message": text} for code, text in errors.items()]
    if portal is not None:
        body["portal"] = portal
    response = JsonResponse(body, status=status, content_type=MEDIA_TYPE)
    response.headers["Cache-Control"] = "no-store"
    return response


def allow(
    method: str,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Let a view take only `method` (and HEAD with GET); a 405 problem document otherwise."""
    allowed = ["GET", "HEAD"] if method == "GET" else [method]

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in allowed:
                refused = problem(
                    405,
                    "method-not-allowed",
                    _("Method not allowed"),
                    _("This address takes only: %(methods)s.") % {"methods": ", ".join(allowed)},
                )
                refused.headers["Allow"] = ", ".join(allowed)
                return refused
            return view(request, *args, **kwargs)

        return checked

    return decorator
