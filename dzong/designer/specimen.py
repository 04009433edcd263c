"""A draft's certificate printed as a specimen: unsigned, marked, never stored or verifiable."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from dzong.certificates.rendering import LANGUAGES, render_pdf
from dzong.engine.certificates import Issue, certificate_data
from dzong.engine.definition import Field, Service

MARK = "SPECIMEN"
NOTE = f"{MARK}: not issued, not signed, cannot be verified."
SAMPLES: dict[str, Any] = {
    "integer": 12,
    "decimal": 12.5,
    "money": 50000,
    "yes_no": True,
    "email": "tashi@example.bt",
    "phone": "17123456",
    "national_id": "11111111111",
}


def sample_answers(service: Service, typed: Mapping[str, Any]) -> dict[str, Any]:
    """The answers typed in the preview, and a made-up one for every other question."""
    answers = {field.code: _sample(service, field) for _page, field in service.fields()}
    return answers | dict(typed)


def _sample(service: Service, field: Field) -> Any:
    """A made-up answer to one question; a group gets one entry of made-up answers."""
    if field.is_group:
        return [{member.code: _sample(service, member) for member in field.fields}]
    if field.type == "date":
        return timezone.localdate().isoformat()
    if field.type in ("choice", "multiple_choice") and field.choices:
        chosen = service.choice_lists.get(field.choices)
        first = chosen.options[0].code if chosen and chosen.options else ""
        return [first] if field.type == "multiple_choice" else first
    return SAMPLES.get(field.type, field.label.get("en").upper())


def specimen_content(service: Service, code: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    """What the certificate would say, each language's title and letter marked SPECIMEN."""
    definition = service.certificates[code]
    issue = Issue(reference=MARK, number=MARK, issue_date=timezone.localdate())
    registration = next((r for r in service.registrations if r.certificate == code), None)
    agency = registration.agency if registration else service.agency
    content: dict[str, Any] = {}
    for language in LANGUAGES:
        data = certificate_data(service, definition, answers, issue, language)
        content[language] = {
            "agency": service.agency_name(agency).get(language),
            **data.printed(),
            "title": f"{MARK} · {data.title}",
            "paragraphs": [
                f"{MARK}: not issued, not signed, cannot be verified.",
                *data.paragraphs,
            ],
        }
        content["valid_from"] = data.valid_from.isoformat()
        content["valid_until"] = data.valid_until.isoformat() if data.valid_until else None
    return content


def specimen_pdf(service: Service, code: str, answers: Mapping[str, Any]) -> bytes:
    """The specimen printed by the certificates' own renderer, and not signed."""
    content = specimen_content(service, code, sample_answers(service, answers))
    return render_pdf(content, code=MARK, url="https://specimen.invalid/" + code)
