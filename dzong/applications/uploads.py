"""Uploaded files: their type read from their content, never from their name."""

from __future__ import annotations

import hashlib
from typing import IO, Any

SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
UNKNOWN = "application/octet-stream"


def sniff_content_type(head: bytes) -> str:
    """The type the first bytes of a file show it to be; UNKNOWN when none matches."""
    return next((kind for magic, kind in SIGNATURES if head.startswith(magic)), UNKNOWN)


def describe_upload(upload: Any) -> dict[str, Any]:
    """What the engine checks of an upload: its name, size and content-sniffed type."""
    stream: IO[bytes] = upload
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    return {
        "name": safe_name(str(upload.name)),
        "size": int(upload.size or 0),
        "content_type": sniff_content_type(head),
    }


def sha256_of(upload: Any) -> str:
    """The file's SHA-256, read in chunks."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def safe_name(name: str) -> str:
    """The file's own name without any folder, control characters or excess length."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*').strip()
    return (cleaned or "file")[-120:]
