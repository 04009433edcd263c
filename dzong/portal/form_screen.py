"""One page of an application's form as the applicant sees it: on the portal, and in the
designer's preview and test runs, which show the real thing."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import salted_hmac

from dzong.applications.models import Application
from dzong.applications.services import locked_answers
from dzong.engine.definition import Page
from dzong.engine.form import Form
from dzong.engine.formatting import format_number
from dzong.organisations.models import Organisation
from dzong.portal.answer_summary import is_from_business
from dzong.portal.form_widgets import PageView


def home_of(application: Application) -> str:
    """Where the person filling the form goes back to: their applications, or the test run."""
    if application.is_test:
        return reverse("designer:test_run", args=[application.reference])
    return reverse("portal:applications")


class FormScreen:
    """Renders one page of the form."""

    def __init__(
        self,
        request: HttpRequest,
        form: Form,
        shown: Page,
        *,
        action: str,
        application: Application | None = None,
        organisation: Organisation | None = None,
    ) -> None:
        self.request, self.form, self.page = request, form, shown
        self.action, self.application = action, application
        self.organisation = application.organisation if application else organisation

    def render(
        self,
        answers: Any,
        *,
        raw: Any = None,
        errors: Any = None,
        drafts: list[Application] | None = None,
    ) -> HttpResponse:
        locked = locked_answers(
            definition=self.form.service,
            applicant=self.application.applicant if self.application else self.request.user,
            language=self.form.language,
            organisation=self.organisation,
        )
        if locked:  # what the national identity verified shows, whatever was posted
            answers = {**answers, **locked}
            raw = None if raw is None else {**raw, **locked}
        view = PageView(self.form, self.page, answers, raw=raw, errors=errors)
        fields = view.fields()
        for field_view in fields:
            if field_view.code in locked:
                field_view.locked = str(locked[field_view.code])
                field_view.registered = is_from_business(self.form.service.field(field_view.code))
                field_view.error = ""
        number, total = self.form.progress(self.page.code, answers)
        context = {
            "service": self.form.service.title.get(self.form.language),
            "slug": self.form.service.slug,
            "page": self.page,
            "page_title": self.page.title.get(self.form.language),
            "page_hint": self.page.hint.get(self.form.language) if self.page.hint else "",
            "fields": fields,
            "error_summary": view.summary(fields),
            "number": format_number(number, self.form.language),
            "total": format_number(total, self.form.language),
            "action": self.action,
            "application": self.application,
            "drafts": drafts or [],
            "back_url": self._back_url(answers),
            "answers_json": _known_answers(self.form, self.page, answers),
            "multipart": any(f.type == "file" for f in self.page.fields),
            "part_bytes": settings.DZONG_UPLOAD_PART_BYTES,
            "start_key": secrets.token_urlsafe(24) if self.application is None else "",
            "keep_scope": salted_hmac("dzong.keep", str(self.request.user.pk)).hexdigest()[:16],
        }
        return render(self.request, "portal/form/page.html", context)

    def _back_url(self, answers: Any) -> str:
        pages = [p.code for p in self.form.visible_pages(answers)]
        index = pages.index(self.page.code) if self.page.code in pages else 0
        if self.application is not None and self.application.is_test and index == 0:
            return home_of(self.application)
        if self.application is None or index == 0:
            return reverse("portal:service", args=[self.form.service.slug])
        return reverse("portal:page", args=[self.application.reference, pages[index - 1]])


def _known_answers(form: Form, shown: Page, answers: Any) -> dict[str, Any]:
    """Answers from the other pages, for the browser's show-if rules on this page."""
    codes = {f.code for f in shown.fields}
    effective = form.effective_answers(answers)
    return {k: v for k, v in effective.items() if k not in codes and not isinstance(v, dict)}
