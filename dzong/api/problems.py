"""Problem documents (RFC 9457) for the API's errors, in the requested language."""

from __future__ import annotations

from collections.abc import Mapping

from django.http import JsonResponse

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
