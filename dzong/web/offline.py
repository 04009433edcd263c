"""The offline layer's server side: the service worker, served from the site's root so that
it may keep copies of the applicant's pages, and the offline banner's words for each page."""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.http import etag, require_GET

from dzong.accounts.middleware import device_scope
from dzong.engine.formatting import format_moment

SCRIPT = "dzong/js/service-worker.js"


@cache
def _script() -> bytes:
    found = finders.find(SCRIPT)
    if not found:
        raise Http404("No service worker.")
    with open(str(found), "rb") as script:
        return script.read()


def _script_digest(request: HttpRequest) -> str:
    return hashlib.sha256(_script()).hexdigest()[:32]


@require_GET
@etag(_script_digest)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the root so that its scope covers every applicant page; always
    checked again (a new release reaches devices on their next visit), which costs a device
    that has it no more than a 304."""
    response = HttpResponse(_script(), content_type="text/javascript; charset=utf-8")
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    return response


def offline_context(request: HttpRequest) -> dict[str, Any]:
    """For the offline banner of a signed-in person's page: when this copy was made, in the
    reader's words, and the name the device keeps the account's copies under."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    language = "dz" if get_language() == "dz" else "en"
    return {
        "device_scope": SimpleLazyObject(lambda: device_scope(request.user)),
        "copy_made_at": SimpleLazyObject(lambda: format_moment(timezone.localtime(), language)),
    }
