"""Forms for the registrations a service grants and the messages it sends."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dzong.designer.forms import DesignerForm, RuleBuilder, _text, texts
from dzong.engine.conditions import read_rule

EVENTS = [
    ("submitted", _("The application is submitted")),
    ("approved", _("The application is approved")),
    ("rejected", _("The application is not approved")),
    ("corrections_requested", _("Corrections are asked for")),
    ("corrections_due", _("Corrections are due soon")),
    ("draft_expiring", _("A draft is about to expire")),
    ("certificate_ready", _("The certificate is ready")),
    ("payment_received", _("A payment is received")),
]


class RegistrationForm(RuleBuilder):
    """One registration: its agency, name, number prefix, certificate and when it applies."""

    name_en = _text(_("Name of the registration (English)"), required=True)
    name_dz = _text(_("Name of the registration (Dzongkha)"))
    agency = forms.ChoiceField(label=_("Agency that grants it"))
    number_prefix = forms.RegexField(
        label=_("Number prefix (1 to 6 capital letters)"), regex=r"^[A-Z]{1,6}$", max_length=6
    )
    certificate = forms.ChoiceField(label=_("Certificate"), required=False)
    combine = forms.ChoiceField(
        label=_("Granted when"),
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
        agencies: list[tuple[str, str]],
        certificates: list[tuple[str, str]],
        fields: list[tuple[str, str]],
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        self._choices("agency").choices = agencies
        none: list[tuple[str, Any]] = [("", _("(none)"))]
        self._choices("certificate").choices = none + certificates
        self.add_rule_rows(fields)


def registration_initial(entry: Mapping[str, Any], revision: int) -> dict[str, Any]:
    """The registration form's starting values."""
    name = entry.get("name") or {}
    rule = entry.get("applies_if")
    shown = json.dumps(rule, ensure_ascii=False) if rule is not None else ""
    initial: dict[str, Any] = {
        "revision": revision,
        "name_en": name.get("en", ""),
        "name_dz": name.get("dz", ""),
        "agency": entry.get("agency"),
        "number_prefix": entry.get("number_prefix", ""),
        "certificate": entry.get("certificate", ""),
        "rule_json": shown,
        "rule_json_shown": shown,
    }
    read = read_rule(rule)
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


def registration_from(
    form: RegistrationForm, *, code: str, kept: Mapping[str, Any]
) -> dict[str, Any]:
    """A registration's definition from the form, keeping what it does not edit."""
    data = form.cleaned_data
    entry: dict[str, Any] = {
        **kept,
        "code": code,
        "agency": data["agency"],
        "name": texts(data, "name"),
        "number_prefix": data["number_prefix"],
    }
    for key in ("applies_if", "certificate"):
        entry.pop(key, None)
    rule = form.rule()
    if rule is not None:
        entry["applies_if"] = rule
    if data.get("certificate"):
        entry["certificate"] = data["certificate"]
    return entry


class MessageForm(DesignerForm):
    """A message to the applicant: when it is sent, its subject and its text."""

    event = forms.ChoiceField(label=_("Sent when"), choices=EVENTS)
    subject_en = _text(_("Subject (English)"), required=True)
    subject_dz = _text(_("Subject (Dzongkha)"))
    body_en = _text(_("Text (English)"), required=True, long=True)
    body_dz = _text(_("Text (Dzongkha)"), long=True)


def message_initial(entry: Mapping[str, Any], revision: int) -> dict[str, Any]:
    """The message form's starting values."""
    initial: dict[str, Any] = {"revision": revision, "event": entry.get("event")}
    for part in ("subject", "body"):
        for language in ("en", "dz"):
            initial[f"{part}_{language}"] = (entry.get(part) or {}).get(language, "")
    return initial


def message_from(form: MessageForm, *, kept: Mapping[str, Any]) -> dict[str, Any]:
    """A message's definition from the form, keeping its text message (SMS) if it has one."""
    data = form.cleaned_data
    return {
        **kept,
        "event": data["event"],
        "subject": texts(data, "subject"),
        "body": texts(data, "body"),
    }
