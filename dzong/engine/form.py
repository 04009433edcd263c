"""The applicant's form: which pages and fields show, and validation of what was typed.

A rule of a repeating group's field (its `required`, `show_if` or `checks`) is evaluated once
per entry. In it the group's code stands for that entry: in a group `items`,
`{"var": "items.quantity"}` is this entry's quantity, while every other field keeps its own
code. Outside the group, `{"var": "items"}` is the list of entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from dzong.engine.definition import Field, Page, Service
from dzong.engine.errors import RuleError
from dzong.engine.fields import FieldCleaner, Invalid, empty_message, is_empty
from dzong.engine.jsonlogic import Evaluator, truthy
from dzong.engine.texts import message

Answers = Mapping[str, Any]


class IssuedValues(Protocol):
    """What a service has already issued, for answers that must be unique."""

    def is_taken(self, *, service: str, registration: str, value: str) -> bool:
        """True if `value` (normalised) is already held under `registration`."""


def normalise_unique(value: object) -> str:
    """The form in which unique answers are compared: case and spacing ignored."""
    return " ".join(str(value).split()).casefold()


@dataclass
class PageResult:
    """The outcome of one page: every answer kept, and a message per field in error."""

    answers: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    typed: dict[str, Any] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def as_typed(field_: Field, stored: Any) -> Any:
    """A stored answer written back as the applicant would type it."""
    if stored is None:
        return {} if field_.type == "date" else ""
    if field_.is_group and isinstance(stored, list):
        return [{m.code: as_typed(m, e.get(m.code)) for m in field_.fields} for e in stored]
    if field_.type == "date" and isinstance(stored, str) and stored.count("-") == 2:
        year, month, day = stored.split("-")
        return {"day": str(int(day)), "month": str(int(month)), "year": year}
    if field_.type == "money" and isinstance(stored, int):
        amount = Decimal(stored) / 100
        return f"{amount:.0f}" if stored % 100 == 0 else f"{amount:.2f}"
    if field_.type == "yes_no" and isinstance(stored, bool):
        return "yes" if stored else "no"
    return stored


class Form:
    """Runs the form of one service for one applicant's language."""

    def __init__(
        self,
        service: Service,
        *,
        language: str = "en",
        today: dt.date | None = None,
        issued: IssuedValues | None = None,
    ) -> None:
        self.service = service
        self.language = language
        self.evaluator = Evaluator(today=today)
        self.issued = issued

    def holds(self, rule: Any, answers: Answers) -> bool:
        """Whether a condition holds; a rule that cannot be evaluated does not hold."""
        if rule is None or rule is True:
            return True
        try:
            return truthy(self.evaluator.apply(rule, dict(answers)))
        except (RuleError, ArithmeticError, ValueError, TypeError):
            return False

    def effective_answers(self, answers: Answers) -> dict[str, Any]:
        """Only the answers to fields that are showing: hidden answers never count."""
        current = dict(answers)
        for _ in range(len(self.service.pages) + 2):
            visible = {
                f.code for p in self._visible_pages(current) for f in self._shown(p, current)
            }
            kept = self._without_hidden_members(
                {code: value for code, value in answers.items() if code in visible}
            )
            if kept == current:
                break
            current = kept
        return current

    @staticmethod
    def entry_context(group: Field, entry: Answers, answers: Answers) -> dict[str, Any]:
        """What the rules of one entry's fields read: the group's code names this entry."""
        return {**answers, group.code: dict(entry)}

    def _without_hidden_members(self, answers: dict[str, Any]) -> dict[str, Any]:
        for _, group in self.service.fields():
            entries = answers.get(group.code)
            if group.is_group and isinstance(entries, list):
                answers[group.code] = [self._shown_entry(group, e, answers) for e in entries]
        return answers

    def _shown_entry(self, group: Field, entry: object, answers: Answers) -> object:
        """An entry without the answers to its fields that do not show for it."""
        if not isinstance(entry, Mapping):
            return entry
        current = dict(entry)
        for _ in range(len(group.fields) + 1):
            context = self.entry_context(group, current, answers)
            shown = {m.code for m in group.fields if self.holds(m.show_if, context)}
            kept = {code: value for code, value in entry.items() if code in shown}
            if kept == current:
                break
            current = kept
        return current

    def _visible_pages(self, answers: Answers) -> list[Page]:
        return [p for p in self.service.pages if self.holds(p.show_if, answers)]

    def _shown(self, page: Page, answers: Answers) -> list[Field]:
        return [f for f in page.fields if self.holds(f.show_if, answers)]

    def visible_pages(self, answers: Answers) -> list[Page]:
        """The pages this applicant will see, in order."""
        return self._visible_pages(self.effective_answers(answers))

    def visible_fields(self, page: Page, answers: Answers) -> list[Field]:
        """The fields of `page` that show for these answers."""
        return self._shown(page, self.effective_answers(answers))

    def next_page(self, after: str | None, answers: Answers) -> Page | None:
        """The page that follows `after` (the first page for None); None at the end."""
        pages = self.visible_pages(answers)
        codes = [p.code for p in pages]
        if after is None:
            return pages[0] if pages else None
        if after not in codes:
            return self._next_in_definition(after, codes, pages)
        index = codes.index(after) + 1
        return pages[index] if index < len(pages) else None

    def _next_in_definition(self, after: str, codes: list[str], pages: list[Page]) -> Page | None:
        order = [p.code for p in self.service.pages]
        later = order[order.index(after) + 1 :] if after in order else []
        return next((p for p in pages if p.code in later), None)

    def progress(self, page_code: str, answers: Answers) -> tuple[int, int]:
        """(page number, number of pages) for 'Page 2 of 4'."""
        codes = [p.code for p in self.visible_pages(answers)]
        number = codes.index(page_code) + 1 if page_code in codes else 1
        return number, len(codes)

    def validate_page(
        self, page_code: str, submitted: Mapping[str, object], answers: Answers
    ) -> PageResult:
        """Check one page's input: valid answers merged in, and what was typed where in error."""
        page = self.service.page(page_code)
        if page is None:
            raise Invalid(f"Unknown page {page_code}")
        cleaned, errors = self._clean_all(page.fields, submitted)
        merged = {**answers, **cleaned}
        for code in (f.code for f in page.fields if f.code not in cleaned and f.code in merged):
            del merged[code]
        visible = self._shown(page, self.effective_answers(merged))
        for field_ in visible:
            if field_.code not in errors:
                self._check_field(field_, merged, errors)
        shown = {f.code for f in visible}
        kept = {code: error for code, error in errors.items() if code.split(".")[0] in shown}
        typed = self._raw_kept(page.fields, submitted, kept)
        return PageResult(answers=merged, errors=kept, typed=typed)

    def prefilled(self, account: Mapping[str, str]) -> dict[str, Any]:
        """The answers the applicant's account already gives (`applicant.name`,
        `applicant.email`), for the fields that ask to be prefilled from it; a value the
        field would refuse is left for the applicant to type."""
        answers: dict[str, Any] = {}
        for _page, field_ in self.service.fields():
            value = account.get(field_.prefill or "")
            if field_.is_group or is_empty(value):
                continue
            try:
                answers[field_.code] = self._cleaner(field_).clean(value)
            except Invalid:
                continue
        return answers

    def validate_marked(
        self, codes: Collection[str], submitted: Mapping[str, object], answers: Answers
    ) -> PageResult:
        """Check the fields sent back for corrections: each page holding one is checked whole,
        its other fields as stored. The answers are the marked ones only, each from its own
        page; the errors are the marked fields'."""
        result = PageResult(answers={})
        for page in self.service.pages:
            marked = [f.code for f in page.fields if f.code in codes]
            if not marked:
                continue
            entered = {
                f.code: submitted.get(f.code)
                if f.code in codes
                else as_typed(f, answers.get(f.code))
                for f in page.fields
            }
            checked = self.validate_page(page.code, entered, answers)
            result.errors.update(
                {k: v for k, v in checked.errors.items() if k.split(".")[0] in codes}
            )
            result.answers.update({c: checked.answers[c] for c in marked if c in checked.answers})
        return result

    def _clean_all(
        self, fields: Sequence[Field], submitted: Mapping[str, object]
    ) -> tuple[dict[str, Any], dict[str, str]]:
        cleaned: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for field_ in fields:
            raw = submitted.get(field_.code)
            if field_.is_group:
                self._clean_group(field_, raw, cleaned, errors)
            elif not is_empty(raw):
                try:
                    cleaned[field_.code] = self._cleaner(field_).clean(raw)
                except Invalid as error:
                    errors[field_.code] = str(error)
        return cleaned, errors

    def _clean_group(
        self, group: Field, raw: object, cleaned: dict[str, Any], errors: dict[str, str]
    ) -> None:
        entries = raw if isinstance(raw, list | tuple) else []
        values = []
        for index, entry in enumerate(entries):
            entry = entry if isinstance(entry, Mapping) else {}
            entry_values, entry_errors = self._clean_all(group.fields, entry)
            errors.update({f"{group.code}.{index}.{k}": v for k, v in entry_errors.items()})
            values.append(entry_values)
        if values:
            cleaned[group.code] = values

    def _cleaner(self, field_: Field) -> FieldCleaner:
        return FieldCleaner(
            field_, self.language, lists=self.service.choice_lists, documents=self.service.documents
        )

    def is_required(self, field_: Field, answers: Answers) -> bool:
        """Whether a field must be answered, given the answers so far."""
        if isinstance(field_.required, bool):
            return field_.required
        return self.holds(field_.required, answers)

    def _check_field(self, field_: Field, answers: dict[str, Any], errors: dict[str, str]) -> None:
        value = answers.get(field_.code)
        if is_empty(value):
            if self.is_required(field_, answers):
                errors[field_.code] = empty_message(field_, self.language)
            return
        label = field_.label.get(self.language)
        if field_.is_group:
            count = len(value or ())
            if field_.min_items is not None and count < field_.min_items:
                errors[field_.code] = message(
                    "too_few_items", self.language, label=label, limit=field_.min_items
                )
            elif field_.max_items is not None and count > field_.max_items:
                errors[field_.code] = message(
                    "too_many_items", self.language, label=label, limit=field_.max_items
                )
            self._check_entries(field_, answers, errors)
        for check in field_.checks:
            if not self.holds(check.rule, self.effective_answers(answers)):
                errors[field_.code] = check.message.get(self.language)
                return
        if field_.unique and self._is_taken(field_, value):
            errors[field_.code] = field_.unique.message.get(self.language)

    def _check_entries(self, group: Field, answers: Answers, errors: dict[str, str]) -> None:
        """Each entry's fields: required, shown and checked by rules read for that entry."""
        effective = self.effective_answers(answers)
        for index, entry in enumerate(effective.get(group.code) or ()):
            if not isinstance(entry, Mapping):
                continue
            context = self.entry_context(group, entry, effective)
            for member in group.fields:
                key = f"{group.code}.{index}.{member.code}"
                if not self.holds(member.show_if, context):
                    errors.pop(key, None)
                elif key not in errors:
                    self._check_member(member, entry.get(member.code), context, key, errors)

    def _check_member(
        self, member: Field, value: object, context: Answers, key: str, errors: dict[str, str]
    ) -> None:
        if is_empty(value):
            if self.is_required(member, context):
                errors[key] = empty_message(member, self.language)
            return
        failed = next((c for c in member.checks if not self.holds(c.rule, context)), None)
        if failed is not None:
            errors[key] = failed.message.get(self.language)

    def _is_taken(self, field_: Field, value: object) -> bool:
        if self.issued is None or field_.unique is None:
            return False
        return self.issued.is_taken(
            service=self.service.slug,
            registration=field_.unique.registration,
            value=normalise_unique(value),
        )

    @staticmethod
    def _raw_kept(
        fields: Sequence[Field], submitted: Mapping[str, object], errors: Mapping[str, str]
    ) -> dict[str, Any]:
        """What was typed into fields in error, so the applicant never has to type it again."""
        return {
            f.code: submitted.get(f.code)
            for f in fields
            if f.code in errors and not f.is_group and f.type != "file"
        }

    def validate_all(self, answers: Answers) -> dict[str, str]:
        """Every error across the pages that show: the last check before submission."""
        errors: dict[str, str] = {}
        effective = self.effective_answers(answers)
        for page in self._visible_pages(effective):
            for field_ in self._shown(page, effective):
                self._check_field(field_, effective, errors)
        return errors
