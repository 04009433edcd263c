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


API_PREFIX = "/api/"


def for_api(request: HttpRequest) -> bool:
    """Whether the request is to the API, which answers errors with problem documents."""
    return request.path_info.startswith(API_PREFIX)


def error_problem(status: int) -> JsonResponse:
    """The problem document for an error the site raises before or around a view."""
    if status == 400:
        return problem(400, "bad-request", _("The request cannot be read"), _("Bad request."))
    if status == 403:
        return problem(403, "forbidden", _("Not allowed"), _("This request is not allowed."))
    if status == 404:
        return problem(404, "not-found", _("Not found"), _("The API has no such address."))
    if status == 503:
        return problem(
            503,
            "unavailable",
            _("Unavailable for a moment"),
            _(
                "The service cannot reach its records just now. Send the same request again "
                "in a minute, with the same Idempotency-Key: it will be taken once."
            ),
        )
    return problem(
        500,
        "server-error",
        _("Something went wrong"),
        _("The server could not answer this request. Try again later."),
    )
