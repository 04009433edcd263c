"""The site's error pages, in the site's layout and the reader's language, each saying what to
do next; under the API's prefix, problem documents instead."""

from __future__ import annotations

import logging
import secrets
import sys
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import defaults

from dzong.api.problems import error_problem, for_api
from dzong.web.staff_areas import STAFF_PATHS

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NextStep:
    """A link to what the reader can do next."""

    text: str
    url: str


def _page(
    request: HttpRequest,
    status: int,
    *,
    title: str,
    explanation: str,
    steps: list[NextStep],
    reference: str = "",
) -> HttpResponse:
    context = {
        "status": status,
        "error_title": title,
        "explanation": explanation,
        "steps": steps,
        "reference": reference,
    }
    return render(request, "web/error.html", context, status=status)


def _sign_in_again(request: HttpRequest) -> NextStep:
    """The staff's sign-in on a staff page, the applicant's elsewhere."""
    staff = request.path_info.startswith(STAFF_PATHS)
    return NextStep(_("Sign in again"), reverse("office:sign_in" if staff else "accounts:sign_in"))


def _start() -> NextStep:
    return NextStep(_("Go to the start page"), reverse("portal:home"))


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400: a request Django cannot take (a bad host, too many fields)."""
    if for_api(request):
        return error_problem(400)
    return _page(
        request,
        400,
        title=_("The request cannot be read"),
        explanation=_("Your browser sent something this site cannot read."),
        steps=[_start()],
    )


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """403: refused."""
    if for_api(request):
        return error_problem(403)
    return _page(
        request,
        403,
        title=_("You cannot see this page"),
        explanation=_(
            "This page is not open to you. If you work for an agency, sign in with the "
            "account that holds the role this page needs."
        ),
        steps=[_sign_in_again(request), _start()],
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: no such address."""
    if for_api(request):
        return error_problem(404)
    return _page(
        request,
        404,
        title=_("Page not found"),
        explanation=_(
            "If you typed the address, check it is correct. If you followed a link, the page "
            "may have moved."
        ),
        steps=[
            _start(),
            NextStep(_("Find a government service"), reverse("portal:catalogue")),
        ],
    )


RETRY_AFTER = 30  # seconds: a database restart or a failover takes about this long


def server_error(request: HttpRequest) -> HttpResponse:
    """500: something went wrong on the server; the page gives a reference to quote, the log
    the details under the same reference. 503 when the database cannot be reached."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return database_unavailable(request)
    if for_api(request):
        return error_problem(500)
    reference = secrets.token_hex(4).upper()
    logger.error("Server error %s at %s", reference, request.path, exc_info=True)
    try:
        return _page(
            request,
            500,
            title=_("Sorry, there is a problem with the service"),
            explanation=_(
                "The page could not be shown. Try again later. If it happens again, contact "
                "the agency and quote this reference:"
            ),
            steps=[_start()],
            reference=reference,
        )
    except Exception:  # the layout itself may need what failed (the database)
        logger.exception("The error page could not be shown for %s", reference)
        return defaults.server_error(request)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: the database cannot be reached (restarting, failing over). Shown
    without anything that needs the database: the reader as signed out, no session."""
    logger.warning("Database unavailable at %s", request.path)
    if for_api(request):
        response: HttpResponse = error_problem(503)
    else:
        request.user = AnonymousUser()
        try:
            response = _page(
                request,
                503,
                title=_("The service is unavailable for a moment"),
                explanation=_(
                    "We cannot reach our records just now. Nothing you saved is lost. Wait a "
                    "minute, then go back and send the page again."
                ),
                steps=[_start()],
            )
        except Exception:  # the layout needs what is unavailable
            logger.exception("The unavailable page could not be shown")
            response = HttpResponse(
                _("The service is unavailable for a moment. Try again in a minute."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """403 for a form sent without its security token, most often after the page stayed open
    too long or the session ended (CSRF_FAILURE_VIEW)."""
    if for_api(request):
        return error_problem(403)
    return _page(
        request,
        403,
        title=_("This form has expired"),
        explanation=_(
            "For your security, forms stop working after a while or when you sign out. "
            "Go back, reload the page and send it again. If you were signed out, sign in again."
        ),
        steps=[_sign_in_again(request), _start()],
    )
