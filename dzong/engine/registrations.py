"""Which of a single-window service's registrations apply, and which documents are needed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dzong.engine.definition import Document, Registration, Service
from dzong.engine.form import Form


def applicable_registrations(form: Form, answers: Mapping[str, Any]) -> list[Registration]:
    """The registrations these answers lead to, in the definition's order."""
    effective = form.effective_answers(answers)
    return [r for r in form.service.registrations if form.holds(r.applies_if, effective)]


def required_documents(form: Form, answers: Mapping[str, Any]) -> list[Document]:
    """The documents this applicant must upload, given their answers so far."""
    service: Service = form.service
    effective = form.effective_answers(answers)
    needed = []
    for page in form.visible_pages(effective):
        for field in form.visible_fields(page, effective):
            if (
                field.type == "file"
                and field.document in service.documents
                and form.is_required(field, effective)
            ):
                needed.append(service.documents[field.document or ""])
    return list(dict.fromkeys(needed))
