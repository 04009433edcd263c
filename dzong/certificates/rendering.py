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

LANGUAGES = ("dz", "en")


def qr_code_svg(url: str) -> str:
    """The verification address as a QR code, an SVG image in a data URL."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, omitsize=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def render_html(content: Mapping[str, Any], *, code: str, url: str) -> str:
    """The certificate's HTML: each language's title, facts and letter, the QR code and code."""
    font = Path(settings.DZONG_CERTIFICATE_TIBETAN_FONT)
    context = {
        "sections": [content[lang] | {"language": lang} for lang in LANGUAGES if lang in content],
        "code": code,
        "url": url,
        "qr": qr_code_svg(url),
        "tibetan_font": font.as_uri() if font.is_file() else "",
    }
    return render_to_string("certificates/certificate.html", context)


def render_pdf(content: Mapping[str, Any], *, code: str, url: str) -> bytes:
    """The certificate printed to PDF, fonts embedded (subset), not yet signed."""
    html = render_html(content, code=code, url=url)
    pdf: bytes = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    return pdf
