"""What the public verification page shows: the certificate's own facts and its status."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import get_language

from dzong.certificates.models import Certificate
from dzong.engine.formatting import format_date


def certificate_page(code: str) -> dict[str, Any] | None:
    """The page's context, or None when no issued certificate has this code."""
    found: Certificate | None = (
        Certificate.objects.by_code(code).select_related("replaced_by").first()
    )
    if found is None:
        return None
    language = "dz" if get_language() == "dz" else "en"
    shown = found.content.get(language, {})
    return {
        "certificate": found,
        "standing": found.standing(),
        "title": shown.get("title", ""),
        "agency": shown.get("agency", ""),
        "facts": shown.get("facts", []),
        "revoked_on": _date(found.revoked_at and timezone.localdate(found.revoked_at), language),
        "valid_until": _date(found.valid_until, language),
        "replaced_by": found.replaced_by,
    }


def _date(value: Any, language: str) -> str:
    return format_date(value, language) if value else ""
