"""The form for a certificate: its title, how long it is valid, and the facts it shows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dzong.designer.forms import _text, text_initial, texts
from dzong.designer.rows import RowsForm, rows_initial
from dzong.engine.checks import PLACEHOLDER

OTHER_TEXT = "text"
KNOWN_SOURCES = [
    ("registration.number", _("Registration number")),
    ("reference", _("Application reference")),
    ("issue_date", _("Date of issue")),
    ("expiry_date", _("Date it expires")),
    ("service", _("Name of the service")),
]


def certificate_sources(document: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Where a fact's value may come from: the platform's values, fees and answers."""
    fees = [
        (f"fees.{fee['code']}", _("Fee: %(fee)s") % {"fee": fee["label"]["en"]})
        for fee in document.get("fees", [])
    ]
    answers = [
        (f"answers.{field['code']}", _("Answer: %(field)s") % {"field": field["label"]["en"]})
        for page in document.get("pages", [])
        for field in page.get("fields", [])
    ]
    other = (OTHER_TEXT, _("Other: the text with placeholders beside it"))
    return [*KNOWN_SOURCES, *fees, *answers, other]


class CertificateForm(RowsForm):
    """A certificate's title in both languages, its validity and its facts."""

    title_en = _text(_("Title (English)"), required=True)
    title_dz = _text(_("Title (Dzongkha)"))
    valid_for_days = forms.IntegerField(
        label=_("Valid for, in days"),
        help_text=_("Leave empty when it does not expire"),
        required=False,
        min_value=1,
        max_value=36500,
    )
    ROW_FIELDS = {
        "label_en": lambda: _text(_("Fact (English)")),
        "label_dz": lambda: _text(_("Fact (Dzongkha)")),
        "source": lambda: forms.ChoiceField(label=_("Comes from"), required=False),
        "text": lambda: _text(_("Text with placeholders, like {answers.origin_town}")),
    }

    def __init__(
        self,
        *args: Any,
        sources: list[tuple[str, Any]],
        names: Mapping[str, Mapping[str, str]] | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self.names = names or {}
        for row in range(self._count()):
            self._choices(f"source_{row}").choices = [("", _("(choose)")), *sources]
            self.fields[f"text_{row}"].widget.attrs["spellcheck"] = "false"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in range(self._count()):
            source, label = data.get(f"source_{row}"), data.get(f"label_en_{row}")
            named = self.names.get(str(source))
            if named and not label:  # a fact unnamed takes its question's words
                label = data[f"label_en_{row}"] = named["en"]
                data[f"label_dz_{row}"] = data.get(f"label_dz_{row}") or named.get("dz", "")
            if (source or data.get(f"text_{row}")) and not label:
                self.add_error(f"label_en_{row}", _("Give the fact a name in English"))
            elif label and not source:
                self.add_error(f"source_{row}", _("Choose where the fact comes from"))
            elif source == OTHER_TEXT and not data.get(f"text_{row}"):
                self.add_error(f"text_{row}", _("Type the text, or choose where it comes from"))
        if not self.errors and not self.row_values():
            self.add_error(None, _("Give at least one fact"))
        return data


def fact_names(document: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """The words of each answer a fact may show, which name the fact when it has no name."""
    return {
        f"answers.{field['code']}": dict(field["label"])
        for page in document.get("pages", [])
        for field in page.get("fields", [])
    }


NEW_ROWS = 4
NEW_VALIDITY = 365


def new_certificate_initial(document: Mapping[str, Any], revision: int) -> dict[str, Any]:
    """A new certificate starts as the service is called, valid a year, with rows to fill."""
    return {
        "revision": revision,
        **text_initial(document, "title"),
        "valid_for_days": NEW_VALIDITY,
        **rows_initial([{} for _row in range(NEW_ROWS)]),
    }


def focus_first_fact(form: CertificateForm) -> None:
    """On a new certificate, whose title is already the service's, the first fact is next."""
    if not form.is_bound and "label_en_0" in form.fields:
        form.fields["label_en_0"].widget.attrs["autofocus"] = True


def certificate_initial(
    entry: Mapping[str, Any], revision: int, sources: list[tuple[str, Any]]
) -> dict[str, Any]:
    """The certificate form's starting values, with an empty row to add a fact."""
    known = {code for code, _label in sources}
    rows = []
    for fact in entry.get("facts", []):
        value = str(fact.get("value", ""))
        whole = PLACEHOLDER.fullmatch(value.strip())
        source = whole[1] if whole and whole[1] in known else OTHER_TEXT
        text = "" if source != OTHER_TEXT else value
        rows.append({**text_initial(fact, "label"), "source": source, "text": text})
    return {
        "revision": revision,
        **text_initial(entry, "title"),
        "valid_for_days": entry.get("valid_for_days"),
        **rows_initial([*rows, {}]),
    }


def certificate_from(
    form: CertificateForm, *, code: str, kept: Mapping[str, Any]
) -> dict[str, Any]:
    """A certificate's definition from the form, keeping its letter and validity dates."""
    data = form.cleaned_data
    facts = [
        {
            "label": texts(row, "label"),
            "value": row["text"] if row["source"] == OTHER_TEXT else f"{{{row['source']}}}",
        }
        for row in form.row_values()
    ]
    entry: dict[str, Any] = {"code": code, "title": texts(data, "title")}
    if data.get("valid_for_days"):
        entry["valid_for_days"] = data["valid_for_days"]
    rest = {k: v for k, v in kept.items() if k not in ("code", "title", "valid_for_days", "facts")}
    return {**entry, **rest, "facts": facts}
