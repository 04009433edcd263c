"""A stored file handed to one person as a download: never cached, never run in the browser."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse


def private_download(stored: FieldFile, filename: str, content_type: str) -> FileResponse:
    """The file as an attachment; a sandboxing policy stops a browser running it as a page."""
    response = FileResponse(
        stored.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
