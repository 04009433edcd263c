"""Forms for the documents applicants upload, and the service's own choice lists."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dzong.designer.forms import DesignerForm, _text, text_initial, texts
from dzong.designer.rows import RowsForm, rows_initial
from dzong.engine.edits import code_from

CONTENT_TYPES = [
    ("application/pdf", _("PDF")),
    ("image/jpeg", _("JPEG photo")),
    ("image/png", _("PNG image")),
]
MEGABYTE = 1024 * 1024
LARGEST_MB = 50


class RequiredDocumentForm(DesignerForm):
    """A document applicants upload: its names, description, kinds of file and largest size."""

    name_en = _text(_("Name of the document (English)"), required=True)
    name_dz = _text(_("Name of the document (Dzongkha)"))
    description_en = _text(_("What it is, for the applicant (English)"), long=True)
    description_dz = _text(_("What it is, for the applicant (Dzongkha)"), long=True)
    accept = forms.MultipleChoiceField(
        label=_("Kinds of file accepted"),
        choices=CONTENT_TYPES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of file")},
    )
    max_size_mb = forms.DecimalField(
        label=_("Largest file, in MB"),
        help_text=_("From 0.1 to 50"),
        min_value=Decimal("0.1"),
        max_value=LARGEST_MB,
        decimal_places=2,
    )


def megabytes(size: int) -> Decimal:
    """A size in bytes as MB, to two decimals at most."""
    return (Decimal(size) / MEGABYTE).quantize(Decimal("0.01")).normalize()


def required_document_initial(entry: Mapping[str, Any], revision: int) -> dict[str, Any]:
    """The document form's starting values."""
    return {
        "revision": revision,
        **text_initial(entry, "name", "description"),
        "accept": list(entry.get("accept", [])),
        "max_size_mb": megabytes(int(entry.get("max_size", 5 * MEGABYTE))),
    }


def required_document_from(
    form: RequiredDocumentForm, *, code: str, kept: Mapping[str, Any]
) -> dict[str, Any]:
    """A document's definition from the form; a size shown unchanged keeps its exact bytes."""
    data = form.cleaned_data
    size = int(kept.get("max_size", 0))
    if not size or megabytes(size) != data["max_size_mb"]:
        size = int(data["max_size_mb"] * MEGABYTE)
    entry: dict[str, Any] = {"code": code, "name": texts(data, "name")}
    description = texts(data, "description")
    if description:
        entry["description"] = description
    order = [value for value, _label in CONTENT_TYPES]
    entry["accept"] = sorted(data["accept"], key=order.index)
    entry["max_size"] = size
    return entry


def _option_code() -> forms.Field:
    return forms.RegexField(
        label=_("Code"),
        regex=r"^[a-z][a-z0-9-]{0,62}$",
        required=False,
        error_messages={"invalid": _("Small letters, numbers and hyphens, starting with a letter")},
    )


def _option_value() -> forms.Field:
    return forms.DecimalField(label=_("Value (a number, if rules use one)"), required=False)


class ChoiceListForm(RowsForm):
    """A choice list of the service: its name and its options, each with a code and labels."""

    label_en = _text(_("Name of the list (English)"), required=True)
    label_dz = _text(_("Name of the list (Dzongkha)"))
    ROW_FIELDS = {
        "code": _option_code,
        "label_en": lambda: _text(_("Option (English)")),
        "label_dz": lambda: _text(_("Option (Dzongkha)")),
        "value": _option_value,
    }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        codes: set[str] = set()
        for row in range(self._count()):
            label, code = data.get(f"label_en_{row}"), data.get(f"code_{row}")
            if (code or data.get(f"label_dz_{row}")) and not label:
                self.add_error(f"label_en_{row}", _("Give the option in English"))
            if code and code in codes:
                self.add_error(f"code_{row}", _("Two options have this code"))
            codes.add(code or "")
        if not self.errors and not self.row_values():
            self.add_error(None, _("Give at least one option"))
        return data


def choice_list_initial(entry: Mapping[str, Any], revision: int) -> dict[str, Any]:
    """The choice list form's starting values, with an empty row to add an option."""
    rows = [
        {"code": o["code"], **text_initial(o, "label"), "value": o.get("value")}
        for o in entry.get("options", [])
    ]
    return {"revision": revision, **text_initial(entry, "label"), **rows_initial([*rows, {}])}


def choice_list_from(form: ChoiceListForm, *, code: str) -> dict[str, Any]:
    """A choice list's definition from the form; options without a code get one."""
    rows = form.row_values()
    taken = {row["code"] for row in rows if row["code"]}
    options = []
    for row in rows:
        option_code = row["code"] or code_from(row["label_en"], taken, separator="-")
        taken.add(option_code)
        option: dict[str, Any] = {"code": option_code, "label": texts(row, "label")}
        if row["value"] is not None:
            value = row["value"]
            option["value"] = int(value) if value == value.to_integral_value() else float(value)
        options.append(option)
    entry: dict[str, Any] = {"code": code}
    label = texts(form.cleaned_data, "label")
    if label:
        entry["label"] = label
    return {**entry, "options": options}


class RoleForm(DesignerForm):
    """A role of the service's workflow: who may act on a step, in which agency."""

    name_en = _text(_("Name of the role (English)"), required=True)
    name_dz = _text(_("Name of the role (Dzongkha)"))
    agency = forms.ChoiceField(label=_("Agency of the people who hold it"))

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._choices("agency").choices = agencies
