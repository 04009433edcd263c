"""How each field of a page is shown: its inputs, its value, its hint and its error."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from dzong.engine.definition import Field, Page
from dzong.engine.form import Form, as_typed
from dzong.engine.formatting import format_file_size
from dzong.engine.jsonlogic import variables
from dzong.engine.texts import FILE_HINT, FILE_TYPE_NAMES, OR, SENTENCE_ENDS

# Longer lists than this are a drop-down rather than radio buttons.
RADIO_LIMIT = 8
AUTOCOMPLETE = {"email": "email", "phone": "tel"}
NAME_FIELDS = {"full_name": "name"}


@dataclass(frozen=True)
class Choice:
    """One option of a choice field as shown."""

    value: str
    label: str
    checked: bool
    id: str


@dataclass
class FieldView:
    """A field ready for its template."""

    code: str
    name: str
    id: str
    type: str
    label: str
    hint: str
    error: str
    value: Any = ""
    choices: tuple[Choice, ...] = ()
    as_select: bool = False
    file: str = ""
    entries: list[list[FieldView]] = field(default_factory=list)
    item_label: str = ""
    can_add: bool = False
    can_remove: bool = False
    show_if: str = ""
    autocomplete: str = ""
    inputmode: str = ""
    width: str = ""
    accept: str = ""
    locked: str = ""  # the verified answer shown read-only, for a locked field
    registered: bool = False  # locked as the registration of the business applied for holds it

    @property
    def template(self) -> str:
        if self.locked:
            return "portal/fields/locked.html"
        return f"portal/fields/{self.type}.html"

    @property
    def described_by(self) -> str:
        """The ids of the hint and the error, for aria-describedby."""
        ids = [f"{self.id}-hint" if self.hint else "", f"{self.id}-error" if self.error else ""]
        return " ".join(i for i in ids if i)

    @property
    def error_target(self) -> str:
        """Where the error summary's link takes the applicant."""
        if self.type == "date":
            return f"{self.id}-day"
        if self.type == "group" and self.entries:
            return self.entries[0][0].error_target
        return self.id


class PageView:
    """Every field of one page for one applicant, with values and errors."""

    def __init__(
        self,
        form: Form,
        page: Page,
        answers: Mapping[str, Any],
        *,
        raw: Mapping[str, Any] | None = None,
        errors: Mapping[str, str] | None = None,
    ) -> None:
        self.form = form
        self.page = page
        self.answers = answers
        self.raw = raw
        self.errors = errors or {}
        self.language = form.language
        self.codes = {f.code for f in page.fields}

    def fields(self) -> list[FieldView]:
        """The fields to render: those the server knows show, and those the page decides."""
        shown = {f.code for f in self.form.visible_fields(self.page, self.answers)}
        return [
            self._view(f, self._top_value(f), "")
            for f in self.page.fields
            if f.code in shown or self._decided_on_page(f)
        ]

    def _decided_on_page(self, field_: Field) -> bool:
        """Shown by the page's own answers (revealed in the browser; kept without it)."""
        return bool(variables(field_.show_if) & self.codes)

    def _top_value(self, field_: Field) -> Any:
        if self.raw is not None:
            return self.raw.get(field_.code)
        return as_typed(field_, self.answers.get(field_.code))

    def _view(self, field_: Field, value: Any, prefix: str) -> FieldView:
        code = field_.code
        name = f"{prefix}{code}"
        view = FieldView(
            code=code,
            name=name,
            id=f"f-{name}",
            type=field_.type,
            label=field_.label.get(self.language),
            hint=field_.hint.get(self.language) if field_.hint else "",
            error=self._error(name),
            show_if=json.dumps(field_.show_if) if field_.show_if is not None else "",
            autocomplete=AUTOCOMPLETE.get(field_.type, NAME_FIELDS.get(code, "")),
        )
        self._fill(view, field_, value)
        return view

    def _error(self, name: str) -> str:
        # Members of groups are `group-0-member` in HTML and `group.0.member` in the engine.
        return self.errors.get(name.replace("-", "."), "")

    def _fill(self, view: FieldView, field_: Field, value: Any) -> None:
        if field_.type in ("choice", "multiple_choice", "yes_no"):
            self._choices(view, field_, value)
        elif field_.type == "file":
            view.file = self._file(self.answers.get(field_.code))
            self._document(view, field_)
        elif field_.type == "group":
            self._entries(view, field_)
        else:
            view.value = value if value is not None else ""
            view.inputmode, view.width = _input_shape(field_)

    def _choices(self, view: FieldView, field_: Field, value: Any) -> None:
        if field_.type == "yes_no":
            options = [("yes", gettext("Yes")), ("no", gettext("No"))]
        else:
            choice_list = self.form.service.choice_lists[field_.choices or ""]
            options = [(o.code, o.label.get(self.language)) for o in choice_list.options]
        chosen = set(value) if isinstance(value, list) else {value}
        view.choices = tuple(
            Choice(code, label, code in chosen, view.id if i == 0 else f"{view.id}-{i + 1}")
            for i, (code, label) in enumerate(options)
        )
        view.as_select = field_.type == "choice" and len(options) > RADIO_LIMIT

    def _file(self, stored: Any) -> str:
        if not isinstance(stored, Mapping) or "name" not in stored:
            return ""
        return f"{stored['name']} ({format_file_size(int(stored.get('size', 0)), self.language)})"

    def _document(self, view: FieldView, field_: Field) -> None:
        document = self.form.service.documents.get(field_.document or "")
        if document is None:
            return
        view.accept = ",".join(document.accept)
        names = OR.get(self.language).join(
            dict.fromkeys(FILE_TYPE_NAMES[t].get(self.language) for t in document.accept)
        )
        limit = format_file_size(document.max_size, self.language)
        files = FILE_HINT.get(self.language).format(types=names, size=limit)
        view.hint = " ".join(filter(None, [_sentence(view.hint, self.language), files]))

    def _entries(self, view: FieldView, group: Field) -> None:
        entries = self._entry_values(group)
        view.item_label = group.item_label.get(self.language) if group.item_label else view.label
        view.entries = [
            [self._view(m, entry.get(m.code), f"{group.code}-{index}-") for m in group.fields]
            for index, entry in enumerate(entries)
        ]
        view.can_add = group.max_items is None or len(entries) < group.max_items
        view.can_remove = len(entries) > (group.min_items or 0)
        view.value = len(entries)

    def _entry_values(self, group: Field) -> list[Mapping[str, Any]]:
        if self.raw is not None:
            return list(self.raw.get(group.code) or [])
        stored = self.answers.get(group.code) or []
        entries: list[Mapping[str, Any]] = [
            {m.code: as_typed(m, e.get(m.code)) for m in group.fields} for e in stored
        ]
        return entries or [{} for _ in range(max(group.min_items or 0, 1))]

    def summary(self, views: Sequence[FieldView]) -> list[tuple[str, str]]:
        """(message, link target) for the error summary, in the order of the page."""
        found = []
        for view in views:
            if view.error:
                found.append((view.error, view.error_target))
            for entry in view.entries:
                found += [(member.error, member.error_target) for member in entry if member.error]
        return found


def _input_shape(field_: Field) -> tuple[str, str]:
    """The keyboard a phone should show, and the input's width class."""
    if field_.type in ("integer", "national_id"):
        return "numeric", "govuk-input--width-10"
    if field_.type in ("decimal", "money"):
        return "decimal", "govuk-input--width-10"
    if field_.type == "phone":
        return "tel", "govuk-input--width-20"
    return "", ""


def _sentence(text: str, language: str) -> str:
    """The text ending as a sentence does, so that another can follow it."""
    text = text.strip()
    ends = SENTENCE_ENDS.get(language, SENTENCE_ENDS["en"])
    return text if not text or text.endswith(ends) else text + ends[0]
