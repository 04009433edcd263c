"""Correcting an application an officer sent back: only the fields they marked."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dzong.applications.models import Application
from dzong.applications.services import form_for
from dzong.applications.uploads import describe_upload
from dzong.engine.definition import Page
from dzong.engine.form import Form
from dzong.portal.application_views import _own
from dzong.portal.apply_views import language
from dzong.portal.form_input import read_page
from dzong.portal.form_widgets import PageView, _input_of
from dzong.workflow.services import fields_to_correct, open_corrections, resubmit_corrections


@login_required
@require_http_methods(["GET", "POST"])
def corrections(request: HttpRequest, reference: str) -> HttpResponse:
    """The fields sent back, to change and send again (files replaced); the rest stays."""
    application = _own(request, reference)
    sent_back = open_corrections(application)
    if not sent_back:
        return redirect("portal:application", reference)
    marked = fields_to_correct(sent_back)
    form = form_for(application, language=language())
    page = _marked_page(form, marked)
    if request.method == "POST":
        entered = read_page(page, request.POST, request.FILES)
        entered.submitted.update(
            {code: describe_upload(upload) for code, upload in entered.files.items()}
        )
        answers, errors = _checked(form, application, marked, entered.submitted)
        if not errors:
            resubmit_corrections(application=application, answers=answers, uploads=entered.files)
            if application.is_test:  # back to the designer's test run, to act again
                return redirect("designer:test_run", reference)
            return redirect("portal:application", reference)
        view = PageView(form, page, application.answers, raw=entered.submitted, errors=errors)
    else:
        view = PageView(form, page, application.answers)
    fields = view.fields()
    context = {
        "application": application,
        "service": form.service.title.get(form.language),
        "notes": [c.note for c in sent_back],
        "fields": fields,
        "multipart": any(f.type == "file" for f in page.fields),
        "correcting": True,
        "error_summary": view.summary(fields),
    }
    return render(request, "portal/applications/corrections.html", context)


def _marked_page(form: Form, codes: list[str]) -> Page:
    """One page holding the marked fields, in the form's order."""
    marked = [f for _, f in form.service.fields() if f.code in codes]
    first = form.service.pages[0]
    return dataclasses.replace(first, code="corrections", show_if=None, fields=tuple(marked))


def _checked(
    form: Form, application: Application, codes: list[str], submitted: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Each page with a marked field checked whole; the marked answers and their errors.

    A document sent back must be replaced by a new file."""
    marked = set(codes)
    files = {f.code for _, f in form.service.fields() if f.type == "file"} & marked
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for page in form.service.pages:
        if not marked & {f.code for f in page.fields}:
            continue
        entered = {
            f.code: submitted.get(f.code)
            if f.code in marked
            else _input_of(f, application.answers.get(f.code))
            for f in page.fields
        }
        result = form.validate_page(page.code, entered, application.answers)
        errors.update({k: v for k, v in result.errors.items() if k.split(".")[0] in marked})
        answers.update({c: result.answers[c] for c in marked if c in result.answers})
    for code in files - errors.keys():
        if not submitted.get(code):
            errors[code] = _("Choose the new file to send.")
    if not errors and not answers:
        errors[codes[0]] = _("Change the answer, then send it again.")
    return answers, errors
