"""Filling in an application: its pages one at a time, then checking and submitting it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dzong.applications.fees import fees_change
from dzong.applications.models import Application
from dzong.applications.resumable import forget_resumed, resumed_files
from dzong.applications.services import (
    NotActingForBusiness,
    PaidFeesKept,
    SubmissionRefused,
    form_for,
    prefilled_answers,
    save_page,
    start_application,
)
from dzong.catalogue.models import ServiceVersion
from dzong.engine.definition import Page
from dzong.engine.form import Form
from dzong.engine.formatting import format_file_size
from dzong.organisations.models import Organisation
from dzong.payments.paid_fees import paid_for
from dzong.payments.services import must_pay_before_submission
from dzong.portal.answer_summary import AnswerSummary, fee_lines, registration_names
from dzong.portal.form_input import PageInput, read_page
from dzong.portal.form_screen import FormScreen, home_of
from dzong.workflow.submission import submit_application


def language() -> str:
    """The engine's language for this request."""
    return "dz" if get_language() == "dz" else "en"


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    """Start an application: whom it is for (when the person may apply for a business), then
    the form's first page; the draft is made when that page is first sent."""
    version = ServiceVersion.objects.current_for(slug)
    if version is None:
        raise Http404("No such service.")
    form = Form(version.definition, language=language())
    first = form.next_page(None, {})
    if first is None:
        raise Http404("This service asks nothing.")
    businesses = list(Organisation.objects.acted_for_by(request.user))
    applying_for = ApplyingFor.read(request.GET.get("for", ""), businesses)
    if not applying_for.chosen:
        return _choose_whom(request, version, businesses, applying_for)
    if request.method == "POST":
        key = request.POST.get("start_key", "")[:64] or None
        try:
            draft = start_application(
                version=version,
                applicant=request.user,
                language=language(),
                start_key=key,
                organisation=applying_for.organisation,
            )
        except NotActingForBusiness:  # removed, or no longer allowed, since the page showed
            return _choose_whom(request, version, businesses, ApplyingFor(refused=True))
        if not draft.is_draft:  # Back to the first page of an application already sent
            return redirect("portal:application", draft.reference)
        return _send_page(request, draft, first)
    drafts = (
        Application.objects.visible_to(request.user)
        .real()
        .drafts()
        .filter(service_version__service__slug=slug, organisation=applying_for.organisation)
    )
    action = reverse("portal:apply", args=[slug]) + applying_for.query
    screen = FormScreen(request, form, first, action=action, organisation=applying_for.organisation)
    prefilled = prefilled_answers(
        version=version,
        applicant=request.user,
        language=language(),
        organisation=applying_for.organisation,
    )
    return screen.render(prefilled, drafts=list(drafts[:3]))


@dataclass(frozen=True)
class ApplyingFor:
    """Whom a new application is for: the person themselves, or a business they may apply
    for; not chosen yet (or a choice that is not theirs to make)."""

    chosen: bool = False
    organisation: Organisation | None = None
    query: str = ""
    refused: bool = False

    @classmethod
    def read(cls, sent: str, businesses: list[Organisation]) -> ApplyingFor:
        if not businesses:
            return cls(chosen=True)
        if sent == MYSELF:
            return cls(chosen=True, query=f"?for={MYSELF}")
        found = next((b for b in businesses if str(b.pk) == sent[:20]), None)
        if found is None:
            return cls(refused=bool(sent))
        return cls(chosen=True, organisation=found, query=f"?for={found.pk}")


MYSELF = "myself"


def _choose_whom(
    request: HttpRequest,
    version: ServiceVersion,
    businesses: list[Organisation],
    applying_for: ApplyingFor,
) -> HttpResponse:
    context = {
        "service": version.definition.title.get(language()),
        "slug": version.service.slug,
        "businesses": businesses,
        "myself": MYSELF,
        "error": _("Choose who you are applying for") if applying_for.refused else "",
    }
    status = 400 if applying_for.refused else 200
    return render(request, "portal/form/applying_for.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, reference: str, page_code: str) -> HttpResponse:
    """One page of a draft: shown with its answers, or checked and saved when sent."""
    application = own_draft(request, reference)
    if not application.is_draft:
        return redirect("portal:application", reference)
    form = form_for(application, language=language())
    shown = _shown_page(form, application, page_code)
    if shown is None:
        return redirect(_next_url(application, form, page_code, application.answers))
    if request.method == "POST":
        return _send_page(request, application, shown)
    return _screen(request, application, form, shown).render(application.answers)


def own_draft(request: HttpRequest, reference: str) -> Application:
    """The signed-in person's own application (a draft or not); 404 for anyone else's."""
    found = Application.objects.visible_to(request.user).with_service().filter(reference=reference)
    application: Application | None = found.first()
    if application is None:
        raise Http404("No such application.")
    if application.applicant_id == request.user.pk:  # spares reading their account again
        application.applicant = request.user
    return application


def _shown_page(form: Form, application: Application, code: str) -> Page | None:
    if form.service.page(code) is None:
        raise Http404("No such page.")
    return next((p for p in form.visible_pages(application.answers) if p.code == code), None)


def _send_page(request: HttpRequest, application: Application, shown: Page) -> HttpResponse:
    if _too_large(request):
        form = form_for(application, language=language())
        message = _(
            "The files are too large to send together. Upload one at a time, each under %(size)s."
        ) % {"size": format_file_size(settings.DZONG_MAX_REQUEST_BYTES, language())}
        files = [f.code for f in shown.fields if f.type == "file"] or [shown.fields[0].code]
        errors = dict.fromkeys(files, message)
        return _screen(request, application, form, shown).render(application.answers, errors=errors)
    entered = read_page(shown, request.POST, request.FILES)
    resumed = resumed_files(application, shown, request.POST)
    entered.files = {**resumed, **entered.files}
    _change_entries(entered)
    try:
        result = save_page(
            application=application,
            page_code=shown.code,
            submitted=entered.submitted,
            uploads=entered.files,
            remove_file=entered.remove_file,
            language=language(),
        )
    except PaidFeesKept as refused:  # fees already paid hold the answers they were paid for
        form = form_for(application, language=language())
        screen = _screen(request, application, form, shown)
        return screen.render(application.answers, raw=entered.submitted, errors=refused.errors)
    finally:  # a file sent in parts is used once, whatever its page made of it
        forget_resumed(application, resumed)
    if entered.come_back_later:  # what is valid is saved; the rest waits for their return
        return redirect(home_of(application))
    form = form_for(application, language=language())
    screen = _screen(request, application, form, shown)
    if not entered.wants_to_continue:
        return screen.render(result.answers, raw=entered.submitted)
    if result.errors:
        return screen.render(result.answers, raw=entered.submitted, errors=result.errors)
    if request.GET.get("return") == "check":
        return redirect("portal:check", application.reference)
    return redirect(_next_url(application, form, shown.code, result.answers))


def _too_large(request: HttpRequest) -> bool:
    """A request too large to read at all (checked before its body is read)."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    return length.isdigit() and int(length) > settings.DZONG_MAX_REQUEST_BYTES


def _change_entries(entered: PageInput) -> None:
    """Add or remove an entry of a repeating group, as the applicant asked."""
    if entered.add_entry and isinstance(entered.submitted.get(entered.add_entry), list):
        entered.submitted[entered.add_entry].append({})
    if entered.remove_entry:
        group, index = entered.remove_entry
        entries = entered.submitted.get(group)
        if isinstance(entries, list) and 0 <= index < len(entries):
            entries.pop(index)


def _next_url(application: Application, form: Form, after: str, answers: Any) -> str:
    following = form.next_page(after, answers)
    if following is None:
        return reverse("portal:check", args=[application.reference])
    return reverse("portal:page", args=[application.reference, following.code])


def _screen(request: HttpRequest, application: Application, form: Form, shown: Page) -> FormScreen:
    action = reverse("portal:page", args=[application.reference, shown.code])
    if request.GET.get("return") == "check":
        action += "?return=check"
    return FormScreen(request, form, shown, action=action, application=application)


@login_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, reference: str) -> HttpResponse:
    """Check your answers, see the fees, declare, and submit once."""
    application = own_draft(request, reference)
    if not application.is_draft:
        return redirect(_submitted_url(application))
    errors: dict[str, str] = {}
    if request.method == "POST":
        if request.POST.get("declaration") != "yes":
            errors["declaration"] = _("Confirm that the information you have given is correct")
        elif changed := fees_change(application=application, answers=application.answers):
            errors["fees"] = changed.message()
        else:
            if _pays_first(application) and not form_for(application).validate_all(
                application.answers
            ):
                # Submitted once the payment is confirmed (dzong.payments), not here.
                return redirect("payments:pay", reference, "before-submission")
            try:
                key = request.POST.get("submission_key", "")[:64] or None
                submit_application(
                    application=application, idempotency_key=key, actor_id=request.user.pk
                )
                return redirect(_submitted_url(application))
            except SubmissionRefused as refused:
                errors = refused.errors
    return _render_check(request, application, errors)


def _pays_first(application: Application) -> bool:
    """Whether fees are paid before submitting: never in a test run, which takes no money."""
    return not application.is_test and must_pay_before_submission(application=application)


def _submitted_url(application: Application) -> str:
    if application.is_test:
        return reverse("designer:test_run", args=[application.reference])
    return reverse("portal:confirmation", args=[application.reference])


def _render_check(
    request: HttpRequest, application: Application, errors: dict[str, str]
) -> HttpResponse:
    form = form_for(application, language=language())
    summary = AnswerSummary(form, application, editable=True)
    missing = summary.problems(errors or form.validate_all(application.answers))
    context = {
        "application": application,
        "service": form.service.title.get(form.language),
        "sections": summary.sections(),
        "fees": fee_lines(form, application.answers),
        "registrations": registration_names(form, application.answers),
        "problems": missing,
        "declaration_error": errors.get("declaration", ""),
        "declaration_errors": [(errors["declaration"], "f-declaration")]
        if "declaration" in errors
        else [(errors["fees"], "paid-for")]
        if "fees" in errors
        else [],
        "paid_for": paid_for(application),
        "submission_key": secrets.token_urlsafe(24),
        "pays_first": not missing and _pays_first(application),
    }
    status = 200
    return render(request, "portal/form/check.html", context, status=status)
