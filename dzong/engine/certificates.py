"""The facts a certificate shows, filled in from the application, in one language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dzong.engine.checks import PLACEHOLDER
from dzong.engine.definition import Certificate, Service
from dzong.engine.formatting import format_date
from dzong.engine.jsonlogic import parse_date
from dzong.engine.placeholders import Placeholders


@dataclass(frozen=True)
class Issue:
    """What the platform knows when it issues a certificate."""

    reference: str
    number: str
    issue_date: dt.date


@dataclass(frozen=True)
class CertificateData:
    """A certificate ready to print: title, facts, its letter (if any) and validity."""

    title: str
    facts: tuple[tuple[str, str], ...]
    valid_from: dt.date
    valid_until: dt.date | None
    paragraphs: tuple[str, ...] = ()


def certificate_data(
    service: Service,
    certificate: Certificate,
    answers: Mapping[str, Any],
    issue: Issue,
    language: str,
) -> CertificateData:
    """Fill a certificate's placeholders from the answers and the issue."""
    valid_from = _date_of(certificate.valid_from, service, answers, issue) or issue.issue_date
    valid_until = _date_of(certificate.valid_until, service, answers, issue)
    if valid_until is None:
        valid_until = certificate.validity_end(valid_from)
    values = {
        "registration.number": issue.number,
        "reference": issue.reference,
        "issue_date": format_date(issue.issue_date, language),
        "expiry_date": format_date(valid_until, language) if valid_until else "",
    }
    renderer = Placeholders(service, answers, language, values)
    facts = tuple((f.label.get(language), renderer.render(f.value)) for f in certificate.facts)
    letter = renderer.render(certificate.template.get(language)) if certificate.template else ""
    paragraphs = tuple(p.strip() for p in letter.split("\n\n") if p.strip())
    return CertificateData(
        certificate.title.get(language), facts, valid_from, valid_until, paragraphs
    )


def _date_of(
    template: str | None, service: Service, answers: Mapping[str, Any], issue: Issue
) -> dt.date | None:
    if not template:
        return None
    match = PLACEHOLDER.fullmatch(template.strip())
    name = match.group(1) if match else ""
    if name == "issue_date":
        return issue.issue_date
    return parse_date(answers.get(name.removeprefix("answers.")))
