"""The workflow's forms: one step, its kind, who acts, its rule or its actions."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dzong.designer.forms import CLASSES, RuleBuilder, _text, texts
from dzong.engine.conditions import read_rule
from dzong.engine.edits import code_from

STEP_TYPES = [
    ("human", _("A person acts")),
    ("automatic", _("Automatic: a rule decides")),
    ("end", _("The end")),
]
OUTCOMES = [("approved", _("Approved")), ("rejected", _("Rejected"))]
SPARE_ACTIONS = 2


class StepForm(RuleBuilder):
    """One workflow step, English and Dzongkha side by side."""

    name_en = _text(_("Name of the step (English)"), required=True)
    name_dz = _text(_("Name of the step (Dzongkha)"))
    type = forms.ChoiceField(label=_("Kind of step"), choices=STEP_TYPES, widget=forms.RadioSelect)
    first = forms.BooleanField(label=_("Applications start at this step"), required=False)
    role = forms.ChoiceField(label=_("Role that acts (a person acts)"), required=False)
    deadline_days = forms.IntegerField(
        label=_("Deadline in working days (a person acts)"),
        required=False,
        min_value=1,
        max_value=365,
    )
    if_true = forms.ChoiceField(label=_("When the rule holds, go to"), required=False)
    if_false = forms.ChoiceField(label=_("Otherwise, go to"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome (the end)"), required=False, choices=OUTCOMES)
    combine = forms.ChoiceField(
        label=_("The rule holds when (automatic)"),
        choices=[("all", _("all of these are true")), ("any", _("any of these is true"))],
        widget=forms.RadioSelect,
        initial="all",
    )
    rule_json = forms.CharField(
        label=_("The rule as JsonLogic (edit it directly if you prefer)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
    )
    rule_json_shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        roles: list[tuple[str, str]],
        steps: list[tuple[str, str]],
        fields: list[tuple[str, str]],
        action_rows: int,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        none: list[tuple[str, Any]] = [("", _("(none)"))]
        self._choices("role").choices = none + roles
        self._choices("if_true").choices = none + steps
        self._choices("if_false").choices = none + steps
        self.add_rule_rows(fields)
        self.action_rows = action_rows
        for row in range(action_rows):
            self._add_action(row, steps)

    def _add_action(self, row: int, steps: list[tuple[str, str]]) -> None:
        added: dict[str, forms.Field] = {
            f"action_label_en_{row}": _text(_("Button (English)")),
            f"action_label_dz_{row}": _text(_("Button (Dzongkha)")),
            f"action_to_{row}": forms.ChoiceField(
                label=_("Leads to"), required=False, choices=[("", _("(none)")), *steps]
            ),
            f"action_send_back_{row}": forms.BooleanField(
                label=_("Sends the application back to the applicant"), required=False
            ),
            f"action_reason_{row}": forms.BooleanField(
                label=_("The officer must give a reason"), required=False
            ),
            f"action_code_{row}": forms.CharField(required=False, widget=forms.HiddenInput),
        }
        for name, field in added.items():
            css = CLASSES.get(type(field.widget))
            if css:
                field.widget.attrs["class"] = css
            self.fields[name] = field

    def actions(self) -> list[dict[str, Any]]:
        """Each action row's bound fields, for the template."""
        parts = ("label_en", "label_dz", "to", "send_back", "reason", "code")
        return [
            {"number": row + 1, **{p: self[f"action_{p}_{row}"] for p in parts}}
            for row in range(self.action_rows)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("type")
        if kind == "human" and not data.get("role"):
            self.add_error("role", _("Choose the role that acts at this step"))
        if kind == "automatic":
            for name in ("if_true", "if_false"):
                if not data.get(name):
                    self.add_error(name, _("Choose where the application goes next"))
        if kind == "human" and not self.action_list():
            self.add_error("action_label_en_0", _("Give the step at least one action"))
        return data

    def action_list(self) -> list[dict[str, Any]]:
        """The actions typed: a row without an English button is left out."""
        data, found, taken = self.cleaned_data, [], set[str]()
        for row in range(self.action_rows):
            label = texts(
                {
                    "x_en": data.get(f"action_label_en_{row}", ""),
                    "x_dz": data.get(f"action_label_dz_{row}", ""),
                },
                "x",
            )
            if label is None:
                continue
            code = data.get(f"action_code_{row}") or code_from(label["en"], taken, separator="-")
            taken.add(code)
            action: dict[str, Any] = {"code": code, "label": label}
            if data.get(f"action_to_{row}"):
                action["to"] = data[f"action_to_{row}"]
            if data.get(f"action_send_back_{row}"):
                action["send_back"] = True
            if data.get(f"action_reason_{row}"):
                action["reason_required"] = True
            found.append(action)
        return found


def step_initial(step: Mapping[str, Any], *, first: bool, revision: int) -> dict[str, Any]:
    """The step form's starting values for an existing step."""
    name = step.get("name") or {}
    initial: dict[str, Any] = {
        "revision": revision,
        "name_en": name.get("en", ""),
        "name_dz": name.get("dz", ""),
        "first": first,
        **{k: step.get(k) for k in ("type", "role", "deadline_days", "if_true", "if_false")},
        "outcome": step.get("outcome") or "approved",
    }
    for row, action in enumerate(step.get("actions", [])):
        label = action.get("label") or {}
        initial |= {
            f"action_label_en_{row}": label.get("en", ""),
            f"action_label_dz_{row}": label.get("dz", ""),
            f"action_to_{row}": action.get("to", ""),
            f"action_send_back_{row}": bool(action.get("send_back")),
            f"action_reason_{row}": bool(action.get("reason_required")),
            f"action_code_{row}": action["code"],
        }
    shown = json.dumps(step["rule"], ensure_ascii=False) if step.get("rule") is not None else ""
    initial |= {"rule_json": shown, "rule_json_shown": shown}
    read = read_rule(step.get("rule"))
    if read is not None:
        initial["combine"] = read[0]
        for row, condition in enumerate(read[1]):
            value = condition.value
            initial |= {
                f"if_field_{row}": condition.field,
                f"if_comparison_{row}": condition.comparison,
                f"if_value_{row}": ("yes" if value else "no") if isinstance(value, bool) else value,
            }
    return initial


def step_from(form: StepForm, *, code: str) -> dict[str, Any]:
    """A step's definition from the form."""
    data = form.cleaned_data
    step: dict[str, Any] = {"code": code, "type": data["type"], "name": texts(data, "name")}
    if data["type"] == "human":
        step["role"] = data["role"]
        if data.get("deadline_days"):
            step["deadline_days"] = data["deadline_days"]
        step["actions"] = form.action_list()
    elif data["type"] == "automatic":
        rule = form.rule()
        step |= {"rule": True if rule is None else rule}
        step |= {"if_true": data["if_true"], "if_false": data["if_false"]}
    else:
        step["outcome"] = data.get("outcome") or "approved"
    return step
