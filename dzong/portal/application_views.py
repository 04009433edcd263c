"""The applicant's own applications: the list, each one's status, and its files."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from dzong.appeals.presenters import appeal_rows
from dzong.appeals.services import appeal_ends, may_appeal, may_complain
from dzong.applications.models import Application, Attachment
from dzong.applications.services import form_for
from dzong.centres.presenters import consent_of
from dzong.certificates.credentials import MEDIA_TYPE, issue_credential
from dzong.certificates.downloads import pdf_download
from dzong.certificates.models import Certificate
from dzong.downloads import private_download
from dzong.engine.formatting import format_date, format_file_size, format_moment
from dzong.payments.models import Payment
from dzong.payments.presenters import application_payments
from dzong.payments.services import amount_owed
from dzong.portal.answer_summary import AnswerSummary, stored_fee_lines
from dzong.portal.apply_views import language
from dzong.portal.timeline import decision_reason, holding_agency, next_step, timeline
from dzong.transparency.services import may_give_feedback
from dzong.workflow.models import Correction, Holiday
from dzong.workflow.presenters import registration_rows, staff_visits
from dzong.workflow.queries import shown_status, with_partly_refused
from dzong.workflow.reminders import correction_deadline
from dzong.workflow.services import open_correction

AFTER_APPROVAL = Payment.Purpose.AFTER_APPROVAL


@login_required
@require_GET
def applications(request: HttpRequest) -> HttpResponse:
    """My applications: drafts to finish, and those submitted."""
    mine = with_partly_refused(
        Application.objects.visible_to(request.user)
        .real()
        .with_service()
        .select_related("organisation")
    )
    corrections = Correction.objects.filter(application=OuterRef("pk"), resubmitted_at__isnull=True)
    rows = [_row(a) for a in mine.annotate(to_correct=Exists(corrections))[:200]]
    context = {
        "drafts": [r for r in rows if r["draft"]],
        # those waiting for the applicant first, each group newest first
        "submitted": sorted((r for r in rows if not r["draft"]), key=lambda r: not r["action"]),
        "needing_action": sum(1 for r in rows if r["action"]),
    }
    return render(request, "portal/applications/list.html", context)


def _row(application: Application) -> dict[str, object]:
    lang = language()
    return {
        "reference": application.reference,
        "service": application.definition.title.get(lang),
        "business": application.organisation.name if application.organisation else "",
        "draft": application.is_draft,
        "status": shown_status(application),
        "updated": _moment(application.updated_at, lang),
        "submitted": _moment(application.submitted_at, lang),
        "action": "" if application.is_draft else _action_needed(application),
    }


def _action_needed(application: Application) -> str:
    """What the applicant must do for a submitted application: correct it, pay, or nothing."""
    if application.to_correct:  # type: ignore[attr-defined]
        return "correct"
    approved = application.status == Application.Status.APPROVED
    if approved and amount_owed(application=application, purpose=AFTER_APPROVAL):
        return "pay"
    return ""


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
    correction = open_correction(found)
    return {
        "application": found,
        "status": shown_status(found),
        "service": found.definition.title.get(lang),
        "next_step": next_step(found, lang),
        **_timeline_parts(timeline(found, lang)),
        "registrations": registration_rows(found, lang),
        "fees": stored_fee_lines(found, lang),
        "payments": application_payments(found),
        "sections": AnswerSummary(form, found, editable=False).sections(),
        "attachments": _current_files(found, lang),
        "certificates": _certificates(found, lang),
        "certificates_pending": _certificates_pending(found),
        "wallet_offers": settings.DZONG_WALLET_OFFERS,
        "certificates_revoked": _certificates_revoked(found, lang),
        "submitted": _moment(found.submitted_at, lang),
        "correction": correction,
        "correction_deadline": _deadline(correction, lang),
        "reason": decision_reason(found),
        "holder": holding_agency(found),
        "visits": staff_visits(found, lang),
        "feedback_open": may_give_feedback(found, found.applicant),
        "consent": consent_of(found, lang),
        **_appeals(found, lang),
    }


def _appeals(found: Application, lang: str) -> dict[str, object]:
    """The application's appeals and complaints, and whether it may be appealed (until when)
    or complained about."""
    ends = appeal_ends(found)
    return {
        "appeals": appeal_rows(found.appeals.all(), lang),
        "appeal_until": _moment(ends, lang) if ends and may_appeal(found) else "",
        "may_complain": may_complain(found),
    }


SHOWN_MOMENTS = 3  # the latest moments of the timeline; earlier ones are folded


def _timeline_parts(moments: list[Any]) -> dict[str, list[Any]]:
    """The timeline (oldest first) as its earlier moments, folded, and its latest ones."""
    split = max(0, len(moments) - SHOWN_MOMENTS)
    return {"timeline_earlier": moments[:split], "timeline_latest": moments[split:]}


def _current_files(found: Application, lang: str) -> list[tuple[int, str, str]]:
    """The files the answers hold now (earlier ones replaced for corrections are for staff):
    each one's id, name and size."""
    held = {a.get("attachment") for a in found.answers.values() if isinstance(a, dict)}
    return [
        (file.pk, file.name, format_file_size(file.size, lang))
        for file in found.attachments.all()
        if file.pk in held
    ]


def _deadline(correction: Correction | None, lang: str) -> str:
    """The last day to make the corrections sent back, in the reader's words."""
    if correction is None:
        return ""
    holidays = set(
        Holiday.objects.filter(date__gte=timezone.localdate(correction.requested_at)).values_list(
            "date", flat=True
        )
    )
    return format_date(correction_deadline(correction.requested_at, holidays), lang)


def _certificates(found: Application, lang: str) -> list[tuple[int, str, str, str]]:
    """Each certificate in force: its id, title, verification code and the PDF's size."""
    issued = found.certificates.filter(status=Certificate.Status.ISSUED).order_by("pk")
    return [
        (c.pk, c.title(lang), c.verification_code, format_file_size(c.pdf.size, lang))
        for c in issued
    ]


def _certificates_revoked(found: Application, lang: str) -> list[tuple[str, str, str]]:
    """Each revoked certificate: its title, verification code and the reason given."""
    revoked = found.certificates.filter(status=Certificate.Status.REVOKED).order_by("pk")
    return [(c.title(lang), c.verification_code, c.revoked_reason) for c in revoked]


def _certificates_pending(found: Application) -> bool:
    """Whether some registration's certificate is still being issued."""
    if found.is_draft:
        return False
    with_certificate = {r.code for r in found.definition.registrations if r.certificate}
    granted = [r for r in found.registrations.all() if r.code in with_certificate]
    signed = found.certificates.ready().values("registration").distinct().count()
    return signed < len(granted)


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
def certificates_part(request: HttpRequest, reference: str) -> JsonResponse:
    """The certificates part of the status pages, for a page waiting for them to be signed."""
    found = _own(request, reference)
    context = {
        "application": found,
        "certificates": _certificates(found, language()),
        "certificates_pending": _certificates_pending(found),
        "wallet_offers": settings.DZONG_WALLET_OFFERS,
        "certificates_revoked": _certificates_revoked(found, language()),
        "page_url": reverse("portal:application", args=[found.reference]),
    }
    html = render_to_string("certificates/downloads.html", context, request=request)
    return JsonResponse({"pending": context["certificates_pending"], "html": html})


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
    return private_download(found.file, found.name, found.content_type)


@login_required
@require_GET
def certificate(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    """A certificate of the applicant's own application, as a signed PDF download."""
    return pdf_download(_own_certificate(request, reference, pk))


def _own_certificate(request: HttpRequest, reference: str, pk: int) -> Certificate:
    found: Certificate | None = (
        Certificate.objects.visible_to(request.user)
        .ready()
        .filter(application__reference=reference, pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such certificate.")
    return found


@login_required
@require_GET
def credential(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """A certificate in force as a verifiable credential (vc+jwt), for a wallet."""
    found = _own_certificate(request, reference, pk)
    if found.status != Certificate.Status.ISSUED or found.application.is_test:
        raise Http404("This certificate is no longer in force, or was a test.")
    response = HttpResponse(issue_credential(certificate=found), content_type=MEDIA_TYPE)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{found.code}-{found.verification_code}.jwt"'
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
