"""The applicant's own applications: the list, each one's status, and its files."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from dzong.applications.models import Application, Attachment
from dzong.applications.services import form_for
from dzong.engine.formatting import format_moment
from dzong.portal.answer_summary import AnswerSummary, stored_fee_lines
from dzong.portal.apply_views import language
from dzong.portal.timeline import decision_reason, holding_agency, next_step, timeline
from dzong.workflow.services import open_correction


@login_required
@require_GET
def applications(request: HttpRequest) -> HttpResponse:
    """My applications: drafts to finish, and those submitted."""
    mine = Application.objects.visible_to(request.user).with_service()
    rows = [_row(a) for a in mine[:200]]
    context = {
        "drafts": [r for r in rows if r["draft"]],
        "submitted": [r for r in rows if not r["draft"]],
    }
    return render(request, "portal/applications/list.html", context)


def _row(application: Application) -> dict[str, object]:
    lang = language()
    return {
        "reference": application.reference,
        "service": application.definition.title.get(lang),
        "draft": application.is_draft,
        "status": application.status,
        "updated": _moment(application.updated_at, lang),
        "submitted": _moment(application.submitted_at, lang),
    }


def _moment(value: dt.datetime | None, lang: str) -> str:
    return format_moment(timezone.localtime(value), lang) if value else ""


def _own(request: HttpRequest, reference: str) -> Application:
    found = Application.objects.visible_to(request.user).with_service().filter(reference=reference)
    application: Application | None = found.first()
    if application is None:
        raise Http404("No such application.")
    return application


@login_required
@require_GET
def application(request: HttpRequest, reference: str) -> HttpResponse:
    """An application's status, timeline and what comes next; a draft resumes instead."""
    found = _own(request, reference)
    if found.is_draft:
        return redirect(_resume_url(found))
    return render(request, "portal/applications/detail.html", _status_context(found))


def _resume_url(draft: Application) -> str:
    form = form_for(draft, language=language())
    pages = [p.code for p in form.visible_pages(draft.answers)]
    if draft.last_page not in pages:
        return reverse("portal:page", args=[draft.reference, pages[0]])
    following = form.next_page(draft.last_page, draft.answers)
    if following is None:
        return reverse("portal:check", args=[draft.reference])
    return reverse("portal:page", args=[draft.reference, following.code])


def _status_context(found: Application) -> dict[str, object]:
    lang = language()
    form = form_for(found, language=lang)
    return {
        "application": found,
        "service": found.definition.title.get(lang),
        "next_step": next_step(found, lang),
        "timeline": timeline(found, lang),
        "registrations": _registrations(found, lang),
        "fees": stored_fee_lines(found, lang),
        "sections": AnswerSummary(form, found, editable=False).sections(),
        "attachments": list(found.attachments.all()),
        "submitted": _moment(found.submitted_at, lang),
        "correction": open_correction(found),
        "reason": decision_reason(found),
        "holder": holding_agency(found),
    }


def _registrations(found: Application, lang: str) -> list[tuple[str, str]]:
    names = {r.code: r.name.get(lang) for r in found.definition.registrations}
    return [(names.get(r.code, r.code), r.number) for r in found.registrations.all()]


@login_required
@require_GET
def confirmation(request: HttpRequest, reference: str) -> HttpResponse:
    """Submitted: the reference number, the outcome if already known, and what comes next."""
    found = _own(request, reference)
    if found.is_draft:
        return redirect(_resume_url(found))
    return render(request, "portal/applications/confirmation.html", _status_context(found))


@login_required
@require_GET
def attachment(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    """A file the applicant uploaded, to them alone, as a download."""
    found: Attachment | None = (
        Attachment.objects.visible_to(request.user)
        .filter(application__reference=reference, pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such file.")
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.name,
        content_type=found.content_type,
    )
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
