"""Files sent in parts that survive a dropped connection: begun with their length, each part
appended at the offset the server holds (asked again after a drop), and, once whole, handed
to `save_page` with the page, which checks them exactly as a file sent at once."""

from __future__ import annotations

import datetime as dt
import secrets
import tempfile
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from dzong.applications.models import Application, PartialUpload, UploadPart
from dzong.applications.uploads import safe_name
from dzong.engine.definition import Page

MAX_OPEN_PER_APPLICATION = 5
UNFINISHED_FOR = dt.timedelta(days=1)


class UploadRefused(Exception):
    """The upload cannot begin or the part cannot be taken; `reason` says why (for the API
    of the parts, not shown to a person: the page's own check gives the message)."""

    def __init__(self, reason: str, received: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.received = received


def begin_upload(*, application: Application, field: str, name: str, length: int) -> PartialUpload:
    """A new partial upload of `length` bytes for a file field of the draft."""
    if not application.is_draft:
        raise UploadRefused("not a draft")
    fields = {
        f.code for page in application.definition.pages for f in page.fields if f.type == "file"
    }
    if field not in fields:
        raise UploadRefused("no such file field")
    if length <= 0:
        raise UploadRefused("no length")
    if length > settings.DZONG_MAX_REQUEST_BYTES:
        raise UploadRefused("too large")
    if application.partial_uploads.count() >= MAX_OPEN_PER_APPLICATION:
        raise UploadRefused("too many uploads at once")
    return PartialUpload.objects.create(
        application=application,
        field=field,
        token=secrets.token_urlsafe(24),
        name=safe_name(name),
        length=length,
    )


@transaction.atomic
def append_part(*, upload: PartialUpload, offset: int, data: bytes) -> int:
    """Append a part at `offset`, which must be what the server holds; the new offset. A part
    sent again after a drop (its offset already passed) is refused with the offset now."""
    locked = PartialUpload.objects.select_for_update().get(pk=upload.pk)
    if offset != locked.received:
        raise UploadRefused("offset", locked.received)
    if not data or len(data) > settings.DZONG_UPLOAD_PART_BYTES:
        raise UploadRefused("part size", locked.received)
    if locked.received + len(data) > locked.length:
        raise UploadRefused("past the end", locked.received)
    UploadPart.objects.create(upload=locked, offset=offset, data=data)
    locked.received += len(data)
    locked.save(update_fields=["received"])
    upload.received = locked.received
    return locked.received


def whole_file(upload: PartialUpload) -> UploadedFile[bytes]:
    """The whole file, as an upload the page's check reads like any other (in memory while
    small, on disk beyond)."""
    # closed by `forget_resumed` once its page took it
    spool = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
    for part in upload.parts.order_by("offset").iterator(chunk_size=8):
        spool.write(bytes(part.data))
    spool.seek(0)
    return UploadedFile(spool, upload.name, "application/octet-stream", upload.length)


def remove_stale_uploads(*, now: dt.datetime | None = None) -> int:
    """Remove uploads left unfinished or unused for a day; safe to run twice, also at once."""
    before = (now or timezone.now()) - UNFINISHED_FOR
    _, removed = PartialUpload.objects.filter(created_at__lt=before).delete()
    return removed.get("applications.PartialUpload", 0)


def resumed_files(application: Application, page: Page, post: Mapping[str, str]) -> dict[str, Any]:
    """The whole files a page's POST names by their upload's token (`resumed-<field>`), each
    for its own field; an unfinished or unknown token is as if no file was sent."""
    files: dict[str, Any] = {}
    for field in (f for f in page.fields if f.type == "file"):
        token = post.get(f"resumed-{field.code}", "")[:64]
        found = application.partial_uploads.filter(token=token, field=field.code).first()
        if token and found is not None and found.is_whole:
            files[field.code] = whole_file(found)
    return files


def forget_resumed(application: Application, files: Mapping[str, Any]) -> None:
    """Close these whole files and remove their partial uploads, once their page took them."""
    for assembled in files.values():
        assembled.close()
    application.partial_uploads.filter(field__in=list(files)).delete()
