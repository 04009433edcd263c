"""Uploaded files: their type read from their content, never from their name, and the whole
file checked to be what its first bytes say (a PDF that parses, an image that decodes)."""

from __future__ import annotations

import hashlib
import warnings
from typing import IO, Any

from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader

SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
UNKNOWN = "application/octet-stream"
MAX_PIXELS = {"JPEG": 50_000_000, "PNG": 25_000_000}  # a JPEG decodes at a fraction of its size
FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


def sniff_content_type(head: bytes) -> str:
    """The type the first bytes of a file show it to be; UNKNOWN when none matches."""
    return next((kind for magic, kind in SIGNATURES if head.startswith(magic)), UNKNOWN)


def describe_upload(upload: Any) -> dict[str, Any]:
    """What the engine checks of an upload: its name, size and content-sniffed type."""
    stream: IO[bytes] = upload
    stream.seek(0)
    content_type = sniff_content_type(stream.read(16))
    stream.seek(0)
    described: dict[str, Any] = {
        "name": safe_name(str(upload.name)),
        "size": int(upload.size or 0),
        "content_type": content_type,
    }
    if content_type != UNKNOWN and not is_whole(stream, content_type):
        described["damaged"] = True
    stream.seek(0)
    return described


def is_whole(stream: IO[bytes], content_type: str) -> bool:
    """Whether the whole file is a readable `content_type`: a PDF whose structure parses to
    its pages, an image that decodes."""
    try:
        if content_type == "application/pdf":
            return _pdf_pages(stream) > 0
        return _image_decodes(stream, FORMATS[content_type])
    except Exception:  # any failure of a parser on a stranger's file means it is damaged
        return False
    finally:
        stream.seek(0)


def _pdf_pages(stream: IO[bytes]) -> int:
    stream.seek(0)
    reader = PdfFileReader(stream, strict=False)
    count = reader.root["/Pages"]["/Count"]
    return count if isinstance(count, int) else 0


def _image_decodes(stream: IO[bytes], image_format: str) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        stream.seek(0)
        with Image.open(stream) as image:
            image.verify()  # the structure: chunks and their checksums
        stream.seek(0)
        with Image.open(stream, formats=[image_format]) as image:
            if image.width * image.height > MAX_PIXELS[image_format]:
                return False
            image.draft("RGB", (256, 256))
            image.load()  # the pixels, to the last byte
    return True


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
