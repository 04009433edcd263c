"""Repeated rows in one form (facts, options), added, removed and moved by buttons, without script.

A row button posts the whole form with `op` set to `add`, `up-N`, `down-N` or `remove-N`; the
page comes back with the rows rearranged, nothing saved, and the focus on the same button.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django import forms

from dzong.designer.forms import CLASSES, DesignerForm

MOST_ROWS = 60
ROW_OPERATION = re.compile(r"^(up|down|remove)-(\d+)$")


class RowsForm(DesignerForm):
    """A form with rows of the same fields; a subclass names them in ROW_FIELDS."""

    ROW_FIELDS: dict[str, Callable[[], forms.Field]] = {}
    row_count = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MOST_ROWS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        count = self._count()
        for row in range(count):
            for name, make in self.ROW_FIELDS.items():
                field = make()
                css = CLASSES.get(type(field.widget))
                if css:
                    field.widget.attrs.setdefault("class", css)
                if name.endswith("_dz"):
                    field.widget.attrs.setdefault("lang", "dz")
                self.fields[f"{name}_{row}"] = field
        self.initial["row_count"] = count

    def _count(self) -> int:
        source = self.data if self.is_bound else self.initial
        try:
            return max(0, min(int(source.get("row_count", 0)), MOST_ROWS))
        except (TypeError, ValueError):
            return 0

    def rows(self) -> list[dict[str, Any]]:
        """The bound fields of each row, by name, for the template."""
        return [
            {name: self[f"{name}_{row}"] for name in self.ROW_FIELDS}
            for row in range(self._count())
        ]

    def row_values(self) -> list[dict[str, Any]]:
        """Each row's cleaned values, blank rows left out."""
        found = []
        for row in range(self._count()):
            values = {name: self.cleaned_data.get(f"{name}_{row}") for name in self.ROW_FIELDS}
            if any(value not in (None, "", []) for value in values.values()):
                found.append(values)
        return found


def rows_initial(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Starting values for the rows: `name_N` for each row's values."""
    initial: dict[str, Any] = {"row_count": len(rows)}
    for index, row in enumerate(rows):
        initial |= {f"{name}_{index}": value for name, value in row.items()}
    return initial


def rearranged(form: RowsForm, operation: str) -> tuple[dict[str, Any], str]:
    """What the form shows after a row button, as starting values, and the id to focus.

    Raises ValueError for an operation that is not a row button.
    """
    names = list(form.ROW_FIELDS)
    rows = [
        {name: _posted(form, f"{name}_{row}") for name in names} for row in range(form._count())
    ]
    fixed = {name: _posted(form, name) for name in form.fields if name not in _row_names(form)}
    if operation == "add":
        if len(rows) >= MOST_ROWS:
            raise ValueError(operation)
        rows.append({})
        return fixed | rows_initial(rows), f"id_{names[0]}_{len(rows) - 1}"
    found = ROW_OPERATION.match(operation)
    if not found or int(found[2]) >= len(rows):
        raise ValueError(operation)
    kind, row = found[1], int(found[2])
    if kind == "remove":
        del rows[row]
        return fixed | rows_initial(rows), "add-row"
    other = row - 1 if kind == "up" else row + 1
    if 0 <= other < len(rows):
        rows[row], rows[other] = rows[other], rows[row]
        row = other
    return fixed | rows_initial(rows), f"{kind}-{row}"


def _row_names(form: RowsForm) -> set[str]:
    return {f"{name}_{row}" for row in range(form._count()) for name in form.ROW_FIELDS}


def _posted(form: RowsForm, name: str) -> Any:
    if isinstance(form.fields[name].widget, forms.CheckboxSelectMultiple):
        return form.data.getlist(name)  # type: ignore[attr-defined]
    if isinstance(form.fields[name].widget, forms.CheckboxInput):
        return name in form.data
    return form.data.get(name, "")
