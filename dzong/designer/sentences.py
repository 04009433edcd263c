"""The diff's changes as sentences in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from dzong.engine.diff import Change

SENTENCES = {
    "text_changed": _("%(part)s changed from '%(old)s' to '%(new)s'"),
    "page_added": _("page '%(page)s' added"),
    "page_removed": _("page '%(page)s' removed"),
    "pages_reordered": _("the order of the pages changed"),
    "field_added": _("field '%(field)s' added to page '%(page)s'"),
    "field_removed": _("field '%(field)s' removed from page '%(page)s'"),
    "field_moved": _("field '%(field)s' moved from page '%(old)s' to page '%(new)s'"),
    "fields_reordered": _("the order of the fields on page '%(page)s' changed"),
    "field_changed": _("field '%(field)s': %(part)s changed from '%(old)s' to '%(new)s'"),
    "fee_added": _("fee '%(fee)s' added"),
    "fee_removed": _("fee '%(fee)s' removed"),
    "fee_changed": _("fee '%(fee)s' changed from %(old)s to %(new)s"),
    "item_added": _("%(part)s '%(name)s' added"),
    "item_removed": _("%(part)s '%(name)s' removed"),
    "item_changed": _("%(part)s '%(name)s' changed"),
    "section_changed": _("%(part)s changed"),
    "detail_changed": _("%(part)s '%(name)s': %(what)s changed"),
    "detail_changed_from": _("%(part)s '%(name)s': %(what)s changed from '%(old)s' to '%(new)s'"),
    "deadline_changed": _("step '%(name)s': deadline changed from %(old)s to %(new)s working days"),
    "max_size_changed": _(
        "document '%(name)s': maximum size changed from %(old)s MB to %(new)s MB"
    ),
    "action_leads": _("action '%(action)s' of step '%(name)s' now leads to '%(new)s'"),
    "detail_added": _("%(part)s '%(name)s': %(what)s '%(item)s' added"),
    "detail_removed": _("%(part)s '%(name)s': %(what)s '%(item)s' removed"),
    "row_changed": _("%(part)s '%(name)s': %(what)s '%(item)s' changed"),
    "row_changed_from": _(
        "%(part)s '%(name)s': %(what)s '%(item)s' changed from '%(old)s' to '%(new)s'"
    ),
    "details_reordered": _("%(part)s '%(name)s': the order of the %(what)s changed"),
    "message_added": _("message on '%(event)s' added"),
    "message_removed": _("message on '%(event)s' removed"),
    "message_changed": _("message on '%(event)s': %(what)s changed"),
}

PARTS = {
    "title": _("title"),
    "summary": _("summary"),
    "page title": _("page title"),
    "first step": _("first step"),
    "label": _("label"),
    "hint": _("hint"),
    "type": _("type"),
    "required": _("required"),
    "show_if": _("shown when"),
    "choices": _("choices"),
    "page": _("page"),
    "field": _("field"),
    "fee": _("fee"),
    "step": _("step"),
    "role": _("role"),
    "document": _("document"),
    "registration": _("registration"),
    "certificate": _("certificate"),
    "description": _("public description"),
    "messages": _("messages"),
    "workflow": _("workflow"),
    "name": _("name"),
    "agency": _("agency"),
    "number_prefix": _("number prefix"),
    "applies_if": _("when it is granted"),
    "deadline_days": _("deadline"),
    "rule": _("rule"),
    "if_true": _("where it leads when true"),
    "if_false": _("where it leads when false"),
    "outcome": _("outcome"),
    "action": _("action"),
    "actions": _("actions"),
    "send_back": _("sends back for corrections"),
    "reason_required": _("a reason is required"),
    "valid_for_days": _("days it is valid"),
    "valid_for_years": _("years it is valid"),
    "valid_for_months": _("months it is valid"),
    "table": _("table of entries"),
    "valid_from": _("valid from"),
    "valid_until": _("valid until"),
    "template": _("letter"),
    "fact": _("fact"),
    "facts": _("facts"),
    "value": _("value"),
    "accepted files": _("accepted files"),
    "choice list": _("choice list"),
    "choice_lists": _("choice lists"),
    "option": _("option"),
    "options": _("options"),
    "subject": _("subject"),
    "body": _("text"),
    "sms": _("text message (SMS)"),
    "when it is sent": _("when it is sent"),
    "documents": _("documents"),
    "roles": _("roles"),
}
# What changed inside a part, where the same key means something else at the top.
DETAILS = {"description": _("description")}
WORDS = {"yes": _("yes"), "no": _("no")}
DZONGKHA = " (Dzongkha)"


def sentence(change: Change) -> str:
    """One change, in words."""
    values = dict(change.values)
    if "part" in values:
        values["part"] = _part(values["part"])
    if "what" in values:
        values["what"] = _part(values["what"], DETAILS)
    for key in ("old", "new"):
        if values.get(key) in WORDS:
            values[key] = str(WORDS[values[key]])
    return str(SENTENCES[change.kind]) % values


def _part(name: str, first: Mapping[str, Any] | None = None) -> str:
    if name.endswith(DZONGKHA):
        within = _part(name.removesuffix(DZONGKHA), first)
        return str(_("%(part)s (Dzongkha)") % {"part": within})
    return str((first or {}).get(name) or PARTS.get(name, name))
