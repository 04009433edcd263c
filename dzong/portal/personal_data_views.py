"""My data: the signed-in person takes away everything Dzong holds about them (their own
only), as JSON, as a zip of the JSON and their files, or as a readable PDF."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from dzong.accounts.limits import count_hit
from dzong.applications.personal_data import personal_data, personal_data_zip
from dzong.engine.formatting import format_moment

ResponseT = TypeVar("ResponseT", HttpResponse, FileResponse)
DOWNLOADS_PER_HOUR = 30  # each download reads everything the person has: a few an hour


def _limited(request: HttpRequest) -> HttpResponse | None:
    """A page saying to wait, once the person has downloaded too often this hour."""
    if count_hit(f"my-data:{request.user.pk}", period=3600) <= DOWNLOADS_PER_HOUR:
        return None
    return render(request, "portal/account/my_data.html", {"too_often": True}, status=429)


def _private(response: ResponseT) -> ResponseT:
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _filename(extension: str) -> str:
    return f"dzong-my-data-{timezone.localdate().isoformat()}.{extension}"


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    """What the downloads hold, and the links to them."""
    return render(request, "portal/account/my_data.html", {})


@login_required
@require_GET
def my_data_json(request: HttpRequest) -> HttpResponse:
    """Everything held about the person, as one JSON document."""
    if refused := _limited(request):
        return refused
    body = json.dumps(personal_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    return _private(response)


@login_required
@require_GET
def my_data_zip(request: HttpRequest) -> HttpResponse | FileResponse:
    """The JSON document and the files it lists (uploads, certificates), in one zip."""
    if refused := _limited(request):
        return refused
    archive = personal_data_zip(request.user)
    response = FileResponse(
        archive, as_attachment=True, filename=_filename("zip"), content_type="application/zip"
    )
    return _private(response)


@login_required
@require_GET
def my_data_pdf(request: HttpRequest) -> HttpResponse:
    """The same, printed as a readable document in the reader's language."""
    if refused := _limited(request):
        return refused
    from dzong.certificates.rendering import print_pdf, tibetan_font  # loads the PDF libraries

    data = _readable_moments(personal_data(request.user), get_language() or "en")
    context: dict[str, Any] = {"data": data, "tibetan_font": tibetan_font()}
    context["applications"] = [_readable(a) for a in data.get("applications", [])]
    html = render_to_string("portal/account/my_data_pdf.html", context, request=request)
    response = HttpResponse(print_pdf(html), content_type="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{_filename("pdf")}"'
    return _private(response)


def _readable_moments(value: Any, language: str, key: str = "") -> Any:
    """The data with every moment (`..._at`, `at`) written in the reader's language and
    local time, for the printed copy (the JSON keeps ISO 8601)."""
    if isinstance(value, dict):
        return {k: _readable_moments(v, language, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_readable_moments(item, language) for item in value]
    if isinstance(value, str) and (key == "at" or key.endswith("_at")):
        moment = dt.datetime.fromisoformat(value)
        return format_moment(timezone.localtime(moment), language)
    return value


def _readable(application: dict[str, Any]) -> dict[str, Any]:
    """An application's answers as lines of text, for the printed copy."""
    answers = application.get("answers") or {}
    return {**application, "answer_lines": [(code, _lines(v)) for code, v in answers.items()]}


def _lines(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
