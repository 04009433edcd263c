"""The facts a certificate shows, filled in from the application, in one language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dzong.engine.checks import PLACEHOLDER
from dzong.engine.definition import Certificate, Field, Service
from dzong.engine.errors import EngineError
from dzong.engine.fees import compute_fees
from dzong.engine.formatting import format_date, format_money, format_number
from dzong.engine.jsonlogic import parse_date


@dataclass(frozen=True)
class Issue:
    """What the platform knows when it issues a certificate."""

    reference: str
    number: str
    issue_date: dt.date


@dataclass(frozen=True)
class CertificateData:
    """A certificate ready to print: title, facts and the period it is valid for."""

    title: str
    facts: tuple[tuple[str, str], ...]
    valid_from: dt.date
    valid_until: dt.date | None


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
    if valid_until is None and certificate.valid_for_days:
        valid_until = valid_from + dt.timedelta(days=certificate.valid_for_days)
    renderer = _Renderer(service, answers, issue, language, valid_until)
    facts = tuple((f.label.get(language), renderer.render(f.value)) for f in certificate.facts)
    return CertificateData(certificate.title.get(language), facts, valid_from, valid_until)


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


class _Renderer:
    def __init__(
        self,
        service: Service,
        answers: Mapping[str, Any],
        issue: Issue,
        language: str,
        expiry: dt.date | None,
    ) -> None:
        self.service = service
        self.answers = answers
        self.language = language
        self.values = {
            "registration.number": issue.number,
            "reference": issue.reference,
            "issue_date": format_date(issue.issue_date, language),
            "expiry_date": format_date(expiry, language) if expiry else "",
            "service": service.title.get(language),
        }

    def render(self, template: str) -> str:
        return PLACEHOLDER.sub(lambda m: self.value(m.group(1)), template)

    def value(self, name: str) -> str:
        if name in self.values:
            return self.values[name]
        if name.startswith("fees."):
            return self.fee(name.removeprefix("fees."))
        code = name.removeprefix("answers.")
        field = self.service.field(code)
        return (
            ""
            if field is None
            else display_answer(self.service, field, self.answers.get(code), self.language)
        )

    def fee(self, code: str) -> str:
        """A fee's amount for these answers; empty when it does not apply."""
        try:
            lines = compute_fees(self.service, self.answers).lines
        except EngineError:
            return ""
        amount = next((line.amount for line in lines if line.code == code), None)
        return "" if amount is None else format_money(amount, self.service.currency, self.language)


def display_answer(service: Service, field: Field, value: Any, language: str) -> str:
    """An answer as a person reads it: choice labels, formatted dates, numbers and money."""
    if value is None or value == "":
        return ""
    options = service.choice_lists.get(field.choices or "")
    if field.type in ("choice", "multiple_choice") and options is not None:
        codes = value if isinstance(value, list) else [value]
        return ", ".join(o.label.get(language) for c in codes if (o := options.option(c)))
    if field.type == "yes_no":
        return {True: {"en": "Yes", "dz": "ཨིན།"}, False: {"en": "No", "dz": "མེན།"}}[bool(value)][
            language if language == "dz" else "en"
        ]
    if field.type == "date" and (date := parse_date(value)):
        return format_date(date, language)
    if field.type == "money" and isinstance(value, int):
        return format_money(value, service.currency, language)
    if field.type in ("integer", "decimal"):
        return format_number(value if isinstance(value, int) else float(value), language)
    if field.type == "file" and isinstance(value, Mapping):
        return str(value.get("name", ""))
    if field.type == "group" and isinstance(value, list):
        return format_number(len(value), language)
    return str(value)
