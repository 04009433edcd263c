"""Large files sent in parts (tus-like): POST begins an upload with its Upload-Length, PATCH
appends a part at its Upload-Offset, HEAD tells the offset the server holds, so a dropped
connection resumes where it stopped. The whole file is then sent with its page, by its token
(`dzong.applications.resumable.resumed_files`), and checked there exactly as a file sent at once."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from dzong.applications.models import PartialUpload
from dzong.applications.resumable import UploadRefused, append_part, begin_upload
from dzong.portal.apply_views import own_draft

PART_TYPE = "application/offset+octet-stream"


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 16 else None


@login_required
@require_POST
def begin(request: HttpRequest, reference: str) -> HttpResponse:
    """Begin an upload of a file for one of the draft's file fields: 201 and its address."""
    application = own_draft(request, reference)
    length = _number(request.headers.get("Upload-Length"))
    field = request.POST.get("field", "")[:200]
    try:
        upload = begin_upload(
            application=application,
            field=field,
            name=request.POST.get("name", "")[:255],
            length=length or 0,
        )
    except UploadRefused as refused:
        status = 413 if refused.reason == "too large" else 400
        return HttpResponse(refused.reason, status=status, content_type="text/plain")
    response = HttpResponse(status=201)
    response.headers["Location"] = reverse("portal:upload", args=[reference, upload.token])
    response.headers["Upload-Offset"] = "0"
    return response


@login_required
@require_http_methods(["HEAD", "PATCH"])
def upload(request: HttpRequest, reference: str, token: str) -> HttpResponse:
    """HEAD: the offset the server holds. PATCH: append a part sent at that offset."""
    found = _own_upload(request, reference, token)
    if request.method == "PATCH":
        return _append(request, found)
    return _offset(HttpResponse(status=200), found)


def _append(request: HttpRequest, found: PartialUpload) -> HttpResponse:
    offset = _number(request.headers.get("Upload-Offset"))
    if request.content_type != PART_TYPE or offset is None:
        return HttpResponse("Upload-Offset and its type are needed", status=400)
    length = _number(request.META.get("CONTENT_LENGTH")) or 0
    if length > settings.DZONG_UPLOAD_PART_BYTES:
        return _offset(HttpResponse("part too large", status=413), found)
    try:
        append_part(upload=found, offset=offset, data=request.body)
    except UploadRefused as refused:
        status = 409 if refused.reason == "offset" else 400
        found.received = refused.received
        return _offset(HttpResponse(refused.reason, status=status), found)
    return _offset(HttpResponse(status=204), found)


def _offset(response: HttpResponse, found: PartialUpload) -> HttpResponse:
    response.headers["Upload-Offset"] = str(found.received)
    response.headers["Upload-Length"] = str(found.length)
    response.headers["Cache-Control"] = "no-store"
    return response


def _own_upload(request: HttpRequest, reference: str, token: str) -> PartialUpload:
    application = own_draft(request, reference)
    found: PartialUpload | None = application.partial_uploads.filter(token=token[:64]).first()
    if found is None:
        raise Http404("No such upload.")
    return found
