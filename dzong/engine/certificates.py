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
from dzong.engine.placeholders import Placeholders, display_answer


@dataclass(frozen=True)
class Issue:
    """What the platform knows when it issues a certificate."""

    reference: str
    number: str
    issue_date: dt.date


@dataclass(frozen=True)
class TableData:
    """A table ready to print: its heading, column headings and a row per entry."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class CertificateData:
    """A certificate ready to print: title, facts, its letter (if any), table and validity."""

    title: str
    facts: tuple[tuple[str, str], ...]
    valid_from: dt.date
    valid_until: dt.date | None
    paragraphs: tuple[str, ...] = ()
    table: TableData | None = None

    def printed(self) -> dict[str, Any]:
        """What one language's part of the certificate says, as stored and rendered."""
        shown: dict[str, Any] = {
            "title": self.title,
            "facts": [list(fact) for fact in self.facts],
            "paragraphs": list(self.paragraphs),
        }
        if self.table is not None:
            shown["table"] = {
                "title": self.table.title,
                "headers": list(self.table.headers),
                "rows": [list(row) for row in self.table.rows],
            }
        return shown


def certificate_data(
    service: Service,
    certificate: Certificate,
    answers: Mapping[str, Any],
    issue: Issue,
    language: str,
    charged: Mapping[str, int] | None = None,
) -> CertificateData:
    """Fill a certificate's placeholders from the answers and the issue; its fees are those
    `charged` (by fee code) when given."""
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
    renderer = Placeholders(service, answers, language, values, charged)
    facts = tuple((f.label.get(language), renderer.render(f.value)) for f in certificate.facts)
    letter = renderer.render(certificate.template.get(language)) if certificate.template else ""
    paragraphs = tuple(p.strip() for p in letter.split("\n\n") if p.strip())
    table = _table_of(service, certificate, answers, language)
    return CertificateData(
        certificate.title.get(language), facts, valid_from, valid_until, paragraphs, table
    )


def _table_of(
    service: Service, certificate: Certificate, answers: Mapping[str, Any], language: str
) -> TableData | None:
    """The entries of the certificate's group, one row each, answers as a person reads them."""
    table = certificate.table
    group = service.field(table.group) if table else None
    if table is None or group is None:
        return None
    members = {m.code: m for m in group.fields}
    columns = [members[code] for code in table.columns if code in members]
    stored = answers.get(group.code)
    entries = [e for e in stored if isinstance(e, Mapping)] if isinstance(stored, list) else []
    rows = tuple(
        tuple(display_answer(service, m, entry.get(m.code), language) for m in columns)
        for entry in entries
    )
    title = (table.title or group.label).get(language)
    return TableData(title, tuple(m.label.get(language) for m in columns), rows)


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
