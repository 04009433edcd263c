"""The platform's error pages, as problem documents under the API's prefix and as HTML elsewhere."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views import defaults

from dzong.api.problems import problem

API_PREFIX = "/api/"


def _for_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400: a request Django cannot take (a bad host, too many fields)."""
    if _for_api(request):
        return problem(400, "bad-request", _("The request cannot be read"), _("Bad request."))
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403: refused."""
    if _for_api(request):
        return problem(403, "forbidden", _("Not allowed"), _("This request is not allowed."))
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: no such address."""
    if _for_api(request):
        return problem(404, "not-found", _("Not found"), _("The API has no such address."))
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: something went wrong on the server; nothing about it is shown."""
    if _for_api(request):
        return problem(
            500,
            "server-error",
            _("Something went wrong"),
            _("The server could not answer this request. Try again later."),
        )
    return defaults.server_error(request)
