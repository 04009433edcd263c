"""The designer's forms: each reads what a designer typed into parts of a definition."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from dzong.engine.conditions import COMPARISONS, Condition, build_rule, typed_value
from dzong.engine.limits import MAX_DEFINITION_BYTES, TooCostly, read_json

FIELD_TYPES = [
    ("text", _("Short text")),
    ("long_text", _("Long text")),
    ("integer", _("Whole number")),
    ("decimal", _("Number with decimals")),
    ("money", _("Amount of money")),
    ("date", _("Date")),
    ("email", _("Email address")),
    ("phone", _("Phone number")),
    ("yes_no", _("Yes or no")),
    ("choice", _("One choice from a list")),
    ("multiple_choice", _("Several choices from a list")),
    ("national_id", _("Citizenship ID number")),
]
COMPARISON_NAMES = [
    ("==", _("is")),
    ("!=", _("is not")),
    (">", _("is more than")),
    (">=", _("is at least")),
    ("<", _("is less than")),
    ("<=", _("is at most")),
]
RULE_ROWS = 3


CLASSES = {
    forms.TextInput: "govuk-input",
    forms.NumberInput: "govuk-input govuk-input--width-10",
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
}


class StyledForm(forms.Form):
    """Inputs wear the design system's classes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = CLASSES.get(type(field.widget))
            if css:
                field.widget.attrs.setdefault("class", css)
            if name.endswith("_dz") or "_dz_" in name:
                field.widget.attrs.setdefault("lang", "dz")  # the box, not its English label

    def _choices(self, name: str) -> forms.ChoiceField:
        found = self.fields[name]
        assert isinstance(found, forms.ChoiceField)
        return found


class DesignerForm(StyledForm):
    """Carries the draft's revision as it was read, and marks fields in error for readers."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}-error"

    def error_list(self) -> list[tuple[str, str]]:
        """(message, anchor) pairs for the error summary."""
        return [
            (str(message), f"id_{name}" if name in self.fields else "main-content")
            for name, messages in self.errors.items()
            for message in messages
        ]


def _text(label: Any, *, required: bool = False, long: bool = False) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 3}) if long else forms.TextInput()
    return forms.CharField(label=label, required=required, max_length=2000, widget=widget)


def texts(data: dict[str, Any], name: str) -> dict[str, str] | None:
    """The {en, dz} text of a pair of form fields; None when the English is empty."""
    english, dzongkha = data.get(f"{name}_en", ""), data.get(f"{name}_dz", "")
    if not english:
        return None
    return {"en": english, "dz": dzongkha} if dzongkha else {"en": english}


def text_initial(entry: Mapping[str, Any], *names: str) -> dict[str, str]:
    """The `name_en` and `name_dz` starting values of each {en, dz} text named, for a form."""
    return {
        f"{name}_{language}": (entry.get(name) or {}).get(language, "")
        for name in names
        for language in ("en", "dz")
    }


class NewServiceForm(StyledForm):
    """The name of a new service and where it starts from."""

    title_en = _text(_("Name in English"), required=True)
    title_dz = _text(_("Name in Dzongkha"))
    slug = forms.SlugField(
        label=_("Web address"),
        help_text=_(
            "Small letters, numbers and hyphens, like fishing-licence. Leave it empty to make "
            "it from the English name."
        ),
        max_length=63,
        required=False,
    )
    start = forms.ChoiceField(label=_("Start from"))
    first_page_en = _text(_("Title of the first page of questions (English)"))
    first_page_dz = _text(_("Title of the first page of questions (Dzongkha)"))
    agency = forms.ChoiceField(label=_("Agency"))

    def __init__(self, *args: Any, starts: list[tuple[str, str]], agencies: Any, **kw: Any):
        super().__init__(*args, **kw)
        self._choices("start").choices = starts
        self._choices("agency").choices = [(a.code, a.name) for a in agencies]
        self.fields["title_en"].widget.attrs["autofocus"] = True
        self.fields["first_page_en"].help_text = _(
            "Applicants read it as the page's heading: say what its questions are about, "
            "like 'Your stall'. Left empty, the page takes the service's name."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("slug") and data.get("title_en") and "slug" not in self.errors:
            made = slugify(data["title_en"])[:63].strip("-")
            if made[:1].isalpha():
                data["slug"] = made
            else:
                self.add_error("slug", _("Give the service a web address"))
        if data.get("start") == "blank" and not data.get("first_page_en"):
            data["first_page_en"] = data.get("title_en", "")
            data["first_page_dz"] = data.get("first_page_dz") or data.get("title_dz", "")
        return data

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"])
        if slug and (not slug[:1].isalpha() or slug != slug.lower() or "_" in slug):
            raise forms.ValidationError(_("Start with a small letter; use hyphens, not _"))
        return slug


class ImportForm(StyledForm):
    """A definition file, YAML or JSON, as `dzong service export` writes it."""

    file = forms.FileField(label=_("Definition file (YAML or JSON)"))

    def clean_file(self) -> Any:
        """The file, if it is no larger than a definition may be."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_DEFINITION_BYTES:
            limit = MAX_DEFINITION_BYTES // 1024
            raise forms.ValidationError(
                _("The file is too large: a definition is at most %(limit)s KB.") % {"limit": limit}
            )
        return upload


class DocumentForm(DesignerForm):
    """The whole definition as text, for those who edit it directly."""

    text = forms.CharField(
        label=_("The definition (YAML or JSON)"),
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}),
        strip=False,
    )


class DescriptionForm(DesignerForm):
    """What the public reads about the service, in both languages side by side."""

    title_en = _text(_("Name (English)"), required=True)
    title_dz = _text(_("Name (Dzongkha)"))
    summary_en = _text(_("Summary (English)"), required=True, long=True)
    summary_dz = _text(_("Summary (Dzongkha)"), long=True)
    purpose_en = _text(_("Purpose (English)"), required=True, long=True)
    purpose_dz = _text(_("Purpose (Dzongkha)"), long=True)
    who_can_apply_en = _text(_("Who can apply (English)"), required=True, long=True)
    who_can_apply_dz = _text(_("Who can apply (Dzongkha)"), long=True)
    steps_en = _text(_("Steps, one per line (English)"), required=True, long=True)
    steps_dz = _text(_("Steps, one per line (Dzongkha)"), long=True)
    expected_time_en = _text(_("Expected time (English)"), required=True)
    expected_time_dz = _text(_("Expected time (Dzongkha)"))
    legal_basis_en = _text(_("Legal basis (English)"), required=True, long=True)
    legal_basis_dz = _text(_("Legal basis (Dzongkha)"), long=True)

    PAIRS = ("title", "summary", "purpose", "who_can_apply", "steps", "expected_time")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        english = [s for s in data.get("steps_en", "").splitlines() if s.strip()]
        dzongkha = [s for s in data.get("steps_dz", "").splitlines() if s.strip()]
        if dzongkha and len(dzongkha) != len(english):
            self.add_error("steps_dz", _("Give as many steps in Dzongkha as in English"))
        return data


class PageForm(DesignerForm):
    """A page's title, in both languages."""

    title_en = _text(_("Page title (English)"), required=True)
    title_dz = _text(_("Page title (Dzongkha)"))


Answers = Mapping[str, list[tuple[str, str, str]]]


class RuleBuilder(DesignerForm):
    """The condition builder: rows of question, comparison and answer, or typed JsonLogic.

    A form using it declares `combine`, `rule_json` and `rule_json_shown`. `answers` gives the
    (code, English, Dzongkha) of each choice of each choice question: the designer reads and
    types a choice's words, the rule holds its code.
    """

    def __init__(self, *args: Any, answers: Answers | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.answers: Answers = answers or {}

    def add_rule_rows(self, fields: list[tuple[str, str]]) -> None:
        """Add the builder's rows, each offering `fields`."""
        for row in range(RULE_ROWS):
            self.fields[f"if_field_{row}"] = forms.ChoiceField(
                label=_("Question"), required=False, choices=[("", _("(none)")), *fields]
            )
            self.fields[f"if_comparison_{row}"] = forms.ChoiceField(
                label=_("Comparison"), required=False, choices=COMPARISON_NAMES
            )
            self.fields[f"if_value_{row}"] = forms.CharField(
                label=_("Answer"), required=False, max_length=200
            )
            for part in ("field", "comparison", "value"):
                name = f"if_{part}_{row}"
                widget = self.fields[name].widget
                widget.attrs["class"] = "govuk-input" if part == "value" else "govuk-select"
            self._offer_answers(row)

    def _offer_answers(self, row: int) -> None:
        """A choice question's answer shows as its words, with the list of its choices."""
        source = self.data if self.is_bound else self.initial
        question = str(source.get(f"if_field_{row}") or "")
        value = self.fields[f"if_value_{row}"]
        value.widget.attrs["data-answers-of"] = f"id_if_field_{row}"
        if question in self.answers:
            value.widget.attrs["list"] = f"answers-{question}"
            code = self.initial.get(f"if_value_{row}")
            words = {c: en for c, en, _dz in self.answers[question]}
            if not self.is_bound and code in words:
                self.initial[f"if_value_{row}"] = words[code]

    def answer_lists(self) -> list[tuple[str, list[str]]]:
        """(list id, the words of each choice) of every choice question, for the template."""
        return [(f"answers-{q}", [en for _c, en, _dz in c]) for q, c in self.answers.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in range(RULE_ROWS):
            question = str(data.get(f"if_field_{row}") or "")
            typed = str(data.get(f"if_value_{row}") or "")
            if question in self.answers and typed:
                code = self._code_of(question, typed)
                if code is None:
                    self.add_error(f"if_value_{row}", self._not_an_answer(question))
                else:
                    data[f"if_value_{row}"] = code
        return data

    def _code_of(self, question: str, typed: str) -> str | None:
        wanted = typed.strip().casefold()
        for code, english, dzongkha in self.answers[question]:
            if wanted in (code.casefold(), english.casefold(), dzongkha.casefold()):
                return code
        return None

    def _not_an_answer(self, question: str) -> str:
        words = ", ".join(f"'{english}'" for _code, english, _dz in self.answers[question])
        return str(_("Choose one of the answers to this question: %(words)s") % {"words": words})

    def rows(self) -> list[tuple[Any, Any, Any]]:
        """The builder's rows of bound fields, for the template."""
        return [
            (self[f"if_field_{r}"], self[f"if_comparison_{r}"], self[f"if_value_{r}"])
            for r in range(RULE_ROWS)
        ]

    def clean_rule_json(self) -> str:
        text = str(self.cleaned_data.get("rule_json") or "").strip()
        if text:
            try:
                read_json(text, max_bytes=MAX_DEFINITION_BYTES)
            except ValueError as error:
                raise forms.ValidationError(_("This is not valid JSON")) from error
            except TooCostly as error:
                raise forms.ValidationError(
                    _("This rule is too large or nested too deep")
                ) from error
        return text

    def rule(self) -> Any:
        """The rule built: typed JsonLogic wins if it was edited."""
        data = self.cleaned_data
        if data["rule_json"] != (data.get("rule_json_shown") or "").strip():
            return json.loads(data["rule_json"]) if data["rule_json"] else None
        conditions = [
            Condition(
                data[f"if_field_{r}"],
                data[f"if_comparison_{r}"],
                data[f"if_value_{r}"]
                if data[f"if_field_{r}"] in self.answers
                else typed_value(data[f"if_value_{r}"]),
            )
            for r in range(RULE_ROWS)
            if data.get(f"if_field_{r}") and data.get(f"if_comparison_{r}") in COMPARISONS
        ]
        return build_rule(conditions, data.get("combine") or "all")


class FieldForm(RuleBuilder):
    """One question: its type, texts, limits, choices and when it is shown."""

    label_en = _text(_("Question (English)"), required=True)
    label_dz = _text(_("Question (Dzongkha)"))
    hint_en = _text(_("Help text (English)"))
    hint_dz = _text(_("Help text (Dzongkha)"))
    type = forms.ChoiceField(label=_("Kind of answer"), choices=FIELD_TYPES)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    min = forms.DecimalField(label=_("Smallest number allowed"), required=False)
    max = forms.DecimalField(label=_("Largest number allowed"), required=False)
    max_length = forms.IntegerField(label=_("Most characters allowed"), required=False, min_value=1)
    choices = forms.ChoiceField(label=_("Choice list"), required=False)
    options = forms.CharField(
        label=_("Or a new list: one choice a line, English | Dzongkha"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    combine = forms.ChoiceField(
        label=_("Show this question when"),
        choices=[("all", _("all of these are true")), ("any", _("any of these is true"))],
        widget=forms.RadioSelect,
        initial="all",
    )
    rule_json = forms.CharField(
        label=_("The condition as JsonLogic (edit it directly if you prefer)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
    )
    rule_json_shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, lists: list[tuple[Any, Any]], fields: list[tuple[str, str]], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self._choices("choices").choices = [("", _("(none)")), *lists]
        self.add_rule_rows(fields)
        self.fields["label_en"].widget.attrs["autofocus"] = True

    def show_if(self) -> Any:
        """The rule deciding when the question shows: typed JsonLogic wins if it was edited."""
        return self.rule()

    def option_lines(self) -> list[tuple[str, str]]:
        """The (English, Dzongkha) of each choice of a new list."""
        lines = [line.split("|", 1) for line in self.cleaned_data["options"].splitlines()]
        return [(p[0].strip(), p[1].strip() if len(p) > 1 else "") for p in lines if p[0].strip()]


class FeeForm(DesignerForm):
    """A fee: fixed, per unit of an answer, by the choice made, or a formula."""

    label_en = _text(_("Fee name (English)"), required=True)
    label_dz = _text(_("Fee name (Dzongkha)"))
    account = forms.RegexField(
        label=_("Revenue account"),
        regex=r"^[A-Z0-9-]{2,32}$",
        help_text=_("Capital letters, numbers and hyphens, like MOAF-FISHING"),
        error_messages={"invalid": _("Use capital letters, numbers and hyphens only")},
    )
    kind = forms.ChoiceField(
        label=_("How the amount is worked out"),
        widget=forms.RadioSelect,
        choices=[
            ("fixed", _("A fixed amount")),
            ("per_unit", _("An amount for each unit of a number answer")),
            ("by_choice", _("An amount for each choice of a question")),
            ("formula", _("A formula (JsonLogic)")),
        ],
    )
    amount = forms.DecimalField(
        label=_("Amount in Nu. (fixed, or for each unit)"),
        required=False,
        min_value=0,
        decimal_places=2,
    )
    field = forms.ChoiceField(label=_("The question it depends on"), required=False)
    formula = forms.CharField(
        label=_("Formula (JsonLogic giving chhertum)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
    )
    refund = forms.ChoiceField(
        label=_("When a paid fee is given back"),
        widget=forms.RadioSelect,
        required=False,
        choices=[
            ("on_rejection", _("When the application is rejected")),
            ("before_review", _("Only when it is rejected before an officer has looked at it")),
            ("never", _("Never")),
        ],
    )

    def __init__(
        self, *args: Any, fields: list[tuple[str, str]], answers: Answers, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self._choices("field").choices = [("", _("(none)")), *fields]
        self.fields["label_en"].widget.attrs["autofocus"] = True
        self.answers = answers
        for question, choices in answers.items():
            for code, english, _dzongkha in choices:
                self.fields[choice_amount(question, code)] = forms.DecimalField(
                    label=english,
                    required=False,
                    min_value=0,
                    decimal_places=2,
                    widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-10"}),
                )

    def amounts_by_choice(self) -> list[tuple[str, str, list[Any]]]:
        """(question, its words, the amount box of each choice), for the template."""
        words = dict(self.fields["field"].choices)  # type: ignore[attr-defined]
        return [
            (
                question,
                str(words.get(question, question)),
                [self[choice_amount(question, c)] for c, _e, _d in choices],
            )
            for question, choices in self.answers.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data["rule"] = self._rule(data)
        except (ValueError, KeyError):
            self.add_error(None, _("Complete the amount for the way you chose"))
        except TooCostly:
            self.add_error("formula", _("This rule is too large or nested too deep"))
        return data

    def _rule(self, data: dict[str, Any]) -> Any:
        kind = data.get("kind")
        if kind == "formula":
            return read_json(data["formula"], max_bytes=MAX_DEFINITION_BYTES)
        if kind == "by_choice":
            return self._by_choice(data)
        cents = int(data["amount"] * 100) if data.get("amount") is not None else None
        if cents is None or (kind == "per_unit" and not data.get("field")):
            raise ValueError(kind)
        return cents if kind == "fixed" else {"*": [{"var": data["field"]}, cents]}

    def _by_choice(self, data: dict[str, Any]) -> Any:
        question = data.get("field") or ""
        rule: list[Any] = []
        for code, _english, _dzongkha in self.answers.get(question, []):
            amount = data.get(choice_amount(question, code))
            if amount is not None:
                rule += [{"==": [{"var": question}, code]}, int(amount * 100)]
        if not rule:
            raise ValueError(question)
        return {"if": [*rule, 0]}


def choice_amount(question: str, code: str) -> str:
    """The name of the box of a fee's amount for one choice of a question."""
    return f"amount__{question}__{code}"
