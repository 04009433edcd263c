"""The draft's certificates as specimens: printed live from sample answers, never stored."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from dzong.designer.access import designers_only
from dzong.designer.edit_views import draft_of
from dzong.designer.preview_views import _key
from dzong.designer.specimen import specimen_pdf


@designers_only
def specimen(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """A certificate of the draft as an unsigned PDF marked SPECIMEN, from sample answers.

    The answers typed in the preview are used where there are some.
    """
    version = draft_of(request, slug)
    service = version.definition
    if code not in service.certificates:
        raise Http404("No such certificate.")
    typed: dict[str, Any] = request.session.get(_key(version), {})
    pdf = specimen_pdf(service, code, typed)
    response = HttpResponse(pdf, content_type="application/pdf")
    how = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{how}; filename="{slug}-{code}-specimen.pdf"'
    response["Cache-Control"] = "no-store"
    return response
