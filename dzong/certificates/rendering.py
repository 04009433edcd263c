"""A certificate as a bilingual PDF: HTML and CSS from a template, printed by WeasyPrint."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from dzong.certificates.emblems import emblem_data_url

LANGUAGES = ("dz", "en")
# PDF/A-3b: an archival PDF 1.7, fonts embedded, with its identification in XMP metadata; the
# PAdES signature is added afterwards as an incremental update, which PDF/A allows. Tagged,
# so that a screen reader reads its headings, paragraphs and tables in order and language.
PDF_VARIANT = "pdf/a-3b"
PDF_VERSION = "1.7"


def qr_code_svg(url: str) -> str:
    """The verification address as a QR code, an SVG image in a data URL."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, omitsize=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def render_html(
    content: Mapping[str, Any], *, code: str, url: str, emblem: str | None = None
) -> str:
    """The certificate's HTML: the agency's emblem (an SVG already checked), each language's
    title, facts and letter, the QR code and code."""
    context = {
        "sections": [content[lang] | {"language": lang} for lang in LANGUAGES if lang in content],
        "code": code,
        "url": url,
        "qr": qr_code_svg(url),
        "emblem": emblem_data_url(emblem) if emblem else "",
        "tibetan_font": tibetan_font(),
    }
    return render_to_string("certificates/certificate.html", context)


def tibetan_font() -> str:
    """The address of the Tibetan-script font printed documents embed ('' if missing)."""
    font = Path(settings.DZONG_CERTIFICATE_TIBETAN_FONT)
    return font.as_uri() if font.is_file() else ""


def print_pdf(html: str) -> bytes:
    """A document of Dzong's printed to PDF/A, tagged, fonts embedded (subset)."""
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_version=PDF_VERSION, pdf_tags=True)
    return pdf


def render_pdf(
    content: Mapping[str, Any], *, code: str, url: str, emblem: str | None = None
) -> bytes:
    """The certificate printed to PDF/A, fonts embedded (subset), not yet signed."""
    return print_pdf(render_html(content, code=code, url=url, emblem=emblem))
