"""The preview: the draft's real applicant form, with its rules, answers kept in the session."""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from dzong.catalogue.models import ServiceVersion
from dzong.designer import checks
from dzong.designer.access import designers_only
from dzong.designer.edit_views import draft_of
from dzong.designer.readiness import note_preview
from dzong.engine.definition import parse_service
from dzong.engine.fees import FeeError, compute_fees
from dzong.engine.form import Form
from dzong.engine.formatting import format_money
from dzong.engine.loader import shared_choice_lists
from dzong.portal.form_input import read_page
from dzong.portal.form_screen import FormScreen


def _form(version: ServiceVersion) -> Form:
    if checks.stops_trying(version.document):
        raise Http404("The draft has problems to fix before it can be previewed.")
    service = parse_service(marked(version.document), shared_choice_lists())
    return Form(service, language=get_language() or "en", today=timezone.localdate())


def marked(value: Any) -> Any:
    """The document with each text that has no Dzongkha yet marked so in Dzongkha."""
    if isinstance(value, dict):
        if isinstance(value.get("en"), str) and set(value) <= {"en", "dz"}:
            if value.get("dz"):
                return value
            with override("dz"):
                mark = _("[No Dzongkha yet] %(english)s") % {"english": value["en"]}
            return {"en": value["en"], "dz": str(mark)}
        return {key: marked(item) for key, item in value.items()}
    if isinstance(value, list):
        return [marked(item) for item in value]
    return value


def _key(version: ServiceVersion) -> str:
    return f"designer_preview_{version.pk}"


@designers_only
def preview(request: HttpRequest, slug: str, page: str = "") -> HttpResponse:
    """One page of the draft's form, as an applicant sees it; nothing is stored but answers."""
    version = draft_of(request, slug)
    form = _form(version)
    if not page:
        request.session.pop(_key(version), None)
    answers: dict[str, Any] = request.session.get(_key(version), {})
    shown = next((p for p in form.visible_pages(answers) if p.code == page), None)
    if shown is None:
        first = form.next_page(None, answers)
        if first is None:
            return redirect("designer:preview_end", slug=slug)
        return redirect("designer:preview_page", slug=slug, page=first.code)
    action = reverse("designer:preview_page", args=[slug, shown.code])
    screen = FormScreen(request, form, shown, action=action)
    if request.method != "POST":
        return screen.render(answers)
    entered = read_page(shown, request.POST, request.FILES)
    result = form.validate_page(shown.code, entered.submitted, answers)
    request.session[_key(version)] = json.loads(json.dumps(result.answers, default=str))
    note_preview(request.session, version, form, result.answers)
    if result.errors:
        return screen.render(result.answers, raw=entered.submitted, errors=result.errors)
    following = form.next_page(shown.code, result.answers)
    if following is None:
        return redirect("designer:preview_end", slug=slug)
    return redirect("designer:preview_page", slug=slug, page=following.code)


@designers_only
def preview_end(request: HttpRequest, slug: str) -> HttpResponse:
    """The end of the preview: the answers given and the fees they make due."""
    version = draft_of(request, slug)
    form = _form(version)
    answers = form.effective_answers(request.session.get(_key(version), {}))
    language = get_language() or "en"
    try:
        breakdown = compute_fees(form.service, answers)
    except FeeError:
        fees: list[tuple[str, str]] = []
    else:
        fees = [
            (line.label.get(language), format_money(line.amount, breakdown.currency, language))
            for line in breakdown.lines
        ]
    context = {"service": version.service, "answers": sorted(answers.items()), "fees": fees}
    return render(request, "designer/preview_end.html", context)
