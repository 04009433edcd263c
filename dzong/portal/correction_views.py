"""Correcting an application an officer sent back: only the fields they marked."""

from __future__ import annotations

import dataclasses

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dzong.applications.services import form_for
from dzong.applications.uploads import describe_upload
from dzong.engine.definition import Page
from dzong.engine.form import Form
from dzong.portal.application_views import _own
from dzong.portal.apply_views import language
from dzong.portal.form_input import read_page
from dzong.portal.form_widgets import PageView
from dzong.workflow.services import (
    CorrectionsRefused,
    correct_application,
    fields_to_correct,
    open_corrections,
)


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
        try:
            correct_application(
                application=application,
                submitted=entered.submitted,
                uploads=entered.files,
                language=language(),
            )
        except CorrectionsRefused as refused:
            view = PageView(
                form, page, application.answers, raw=entered.submitted, errors=refused.errors
            )
        else:
            if application.is_test:  # back to the designer's test run, to act again
                return redirect("designer:test_run", reference)
            return redirect("portal:application", reference)
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
