"""An application's answers, fees and registrations as the applicant reads them back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from dzong.applications.models import Application
from dzong.engine.definition import Field, Page
from dzong.engine.errors import EngineError
from dzong.engine.fees import compute_fees
from dzong.engine.form import Form
from dzong.engine.formatting import format_money
from dzong.engine.placeholders import display_answer
from dzong.engine.registrations import applicable_registrations


@dataclass(frozen=True)
class Row:
    """One answer: its question, the answer's lines, and where to change it."""

    label: str
    lines: tuple[str, ...]
    change_url: str
    verified: bool = False  # the national identity's verified attribute, not typed
    registered: bool = False  # what the registration of the business applied for holds


def is_from_business(field_: Field | None) -> bool:
    """Whether the field is prefilled from the registration of the business applied for."""
    return field_ is not None and (field_.prefill or "").startswith("business.")


@dataclass(frozen=True)
class Section:
    """The answers of one page."""

    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Fees:
    """The fees owed, each with its amount, and the total."""

    lines: tuple[tuple[str, str], ...]
    total: str


class AnswerSummary:
    """The answers of the pages that show, page by page."""

    def __init__(self, form: Form, application: Application, *, editable: bool) -> None:
        self.form = form
        self.application = application
        self.editable = editable
        self.answers = form.effective_answers(application.answers)
        from dzong.applications.services import locked_answers

        self.verified = locked_answers(
            definition=form.service,
            applicant=application.applicant,
            language=form.language,
            organisation=application.organisation,
        )

    def sections(self) -> list[Section]:
        return [
            Section(
                page.title.get(self.form.language),
                tuple(self._row(page, f) for f in self.form.visible_fields(page, self.answers)),
            )
            for page in self.form.visible_pages(self.answers)
        ]

    def _row(self, page: Page, field_: Field) -> Row:
        value = self.answers.get(field_.code)
        lines = self._lines(field_, value)
        locked = field_.code in self.verified and self.verified[field_.code] == value
        registered = locked and is_from_business(field_)
        return Row(
            field_.label.get(self.form.language),
            lines,
            self._change_url(page, field_),
            verified=locked and not registered,
            registered=registered,
        )

    def _lines(self, field_: Field, value: Any) -> tuple[str, ...]:
        return answer_lines(self.form, field_, value)

    def _change_url(self, page: Page, field_: Field) -> str:
        if not self.editable:
            return ""
        url = reverse("portal:page", args=[self.application.reference, page.code])
        return f"{url}?return=check#f-{field_.code}"

    def problems(self, errors: Mapping[str, str]) -> list[tuple[str, str]]:
        """(message, link) for each answer still missing or wrong, in form order."""
        found = []
        for page in self.form.visible_pages(self.answers):
            for field_ in page.fields:
                for code, message in errors.items():
                    if code == field_.code or code.startswith(field_.code + "."):
                        url = reverse("portal:page", args=[self.application.reference, page.code])
                        found.append((message, f"{url}#f-{code.replace('.', '-')}"))
        return found


def answer_lines(form: Form, field_: Field, value: Any) -> tuple[str, ...]:
    """An answer as its lines read: choice labels, formatted dates, one line per group entry."""
    language, service = form.language, form.service
    if field_.is_group and isinstance(value, list):
        return tuple(
            ", ".join(
                display_answer(service, member, entry.get(member.code), language)
                for member in field_.fields
                if entry.get(member.code) not in (None, "")
            )
            for entry in value
        )
    shown = display_answer(service, field_, value, language)
    return tuple(shown.split("\n")) if shown else ()


def fee_lines(form: Form, answers: Mapping[str, Any]) -> Fees | None:
    """The fees these answers owe; None while they cannot be worked out."""
    try:
        fees = compute_fees(form.service, form.effective_answers(answers))
    except EngineError:
        return None

    def money(amount: int) -> str:
        return format_money(amount, fees.currency, form.language)

    return Fees(
        tuple((line.label.get(form.language), money(line.amount)) for line in fees.lines),
        money(fees.total),
    )


def stored_fee_lines(application: Application, language: str) -> Fees:
    """The fees recorded when the application was submitted."""
    if not application.fees:
        return Fees((), "")
    currency = application.fees[0]["currency"]
    lines = tuple(
        (
            (line["label"].get(language) or line["label"]["en"]),
            format_money(line["amount"], currency, language),
        )
        for line in application.fees
    )
    total = sum(line["amount"] for line in application.fees)
    return Fees(lines, format_money(total, currency, language))


def registration_names(form: Form, answers: Mapping[str, Any]) -> list[str]:
    """What the applicant will receive if approved."""
    return [r.name.get(form.language) for r in applicable_registrations(form, answers)]
