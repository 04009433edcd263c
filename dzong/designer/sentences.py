"""The diff's changes as sentences in the reader's language."""

from __future__ import annotations

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
}


def sentence(change: Change) -> str:
    """One change, in words."""
    values = dict(change.values)
    if "part" in values:
        values["part"] = str(PARTS.get(values["part"], values["part"]))
    return str(SENTENCES[change.kind]) % values
