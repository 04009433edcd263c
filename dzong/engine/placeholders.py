"""Placeholders in a definition's texts ({answers.x}, {reference}, {fees.CODE}) filled in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dzong.engine.checks import PLACEHOLDER
from dzong.engine.definition import Field, Service
from dzong.engine.errors import EngineError
from dzong.engine.fees import compute_fees
from dzong.engine.formatting import format_date, format_money, format_number
from dzong.engine.jsonlogic import parse_date


class Placeholders:
    """Fills a text's placeholders from answers and known values, in one language."""

    def __init__(
        self,
        service: Service,
        answers: Mapping[str, Any],
        language: str,
        values: Mapping[str, str],
        charged: Mapping[str, int] | None = None,
    ) -> None:
        self.service = service
        self.answers = answers
        self.language = language
        self.charged = charged
        self.values = {"service": service.title.get(language), **values}

    def render(self, template: str) -> str:
        """The text with every placeholder replaced (unknown ones by nothing)."""
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
        """A fee's amount as charged, when known (never worked out again from the answers);
        otherwise for these answers (a preview). Empty when it does not apply."""
        charged = self.charged
        amount = charged.get(code) if charged is not None else self._worked_out(code)
        return "" if amount is None else format_money(amount, self.service.currency, self.language)

    def _worked_out(self, code: str) -> int | None:
        try:
            lines = compute_fees(self.service, self.answers).lines
        except EngineError:
            return None
        return next((line.amount for line in lines if line.code == code), None)


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
