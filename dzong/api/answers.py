"""Answers sent as JSON, cleaned by the engine page by page as the portal's pages are."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from dzong.engine.definition import Service
from dzong.engine.form import Form


def clean_answers(
    definition: Service, sent: Mapping[str, Any], language: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """(clean answers, a message per field in error). Files are not accepted here.

    Answers that must be unique are checked when the application is submitted.
    """
    errors = _foreign(definition, sent)
    usable = {code: value for code, value in sent.items() if code not in errors}
    form = Form(definition, language=language, today=timezone.localdate())
    shown = {page.code for page in form.visible_pages(_cleaned(form, definition, usable))}
    answers: dict[str, Any] = {}
    for page in definition.pages:
        if page.code in shown:  # as the portal checks only the pages it shows
            result = form.validate_page(page.code, usable, answers)
            answers = result.answers
            errors.update(
                {code: text for code, text in result.errors.items() if code not in errors}
            )
    return answers, errors


def _cleaned(form: Form, definition: Service, usable: Mapping[str, Any]) -> dict[str, Any]:
    """Every answer that cleans, whatever page it is on: what decides which pages show."""
    answers: dict[str, Any] = {}
    for page in definition.pages:
        answers = form.validate_page(page.code, usable, answers).answers
    return answers


def _foreign(definition: Service, sent: Mapping[str, Any]) -> dict[str, str]:
    """Answers to questions the service does not ask, and files, which the API does not take."""
    fields = {field.code: field for _page, field in definition.fields()}
    errors = {}
    for code in sent:
        field = fields.get(code)
        if field is None:
            errors[code] = _("This service asks no question with this code.")
        elif field.type == "file":
            errors[code] = _("Files cannot be sent through the API: apply on the portal instead.")
    return errors
