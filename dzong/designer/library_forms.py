"""Forms of the question library: questions to copy, and a question offering a shared list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dzong.designer.forms import DesignerForm, _text


class CopyQuestionsForm(DesignerForm):
    """The questions to copy (as `service:code`) and the page they go to."""

    questions = forms.MultipleChoiceField(
        label=_("Questions to copy"),
        error_messages={
            "required": _("Choose at least one question to copy."),
            "invalid_choice": _("Choose questions of your agency's services."),
        },
    )
    page = forms.ChoiceField(label=_("Add them to the page"))

    def __init__(
        self, *args: Any, questions: list[tuple[str, str]], pages: list[tuple[str, str]], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self._choices("questions").choices = questions
        self._choices("page").choices = pages


class SharedListForm(DesignerForm):
    """A choice question offering one of the lists every service shares."""

    shared_list = forms.ChoiceField(label=_("The list"))
    label_en = _text(_("Question (English)"), required=True)
    label_dz = _text(_("Question (Dzongkha)"))
    list_page = forms.ChoiceField(label=_("Add it to the page"))

    def __init__(
        self, *args: Any, lists: list[tuple[str, str]], pages: list[tuple[str, str]], **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self._choices("shared_list").choices = lists
        self._choices("list_page").choices = pages
