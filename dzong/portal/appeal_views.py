"""The applicant appeals a rejection, or complains about the service, from the status page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dzong.appeals.services import AppealRefused, lodge_appeal, lodge_complaint
from dzong.portal.application_views import _own, _status_context


@login_required
@require_POST
def appeal(request: HttpRequest, reference: str) -> HttpResponse:
    """Appeal the rejection, within the service's period."""
    found = _own(request, reference)
    try:
        lodge_appeal(application=found, applicant=request.user, text=request.POST.get("text", ""))
    except AppealRefused as refused:
        return _again(request, reference, "appeal", refused.message)
    return redirect(reverse("portal:application", args=[found.reference]) + "#appeals")


@login_required
@require_POST
def complaint(request: HttpRequest, reference: str) -> HttpResponse:
    """Complain about the service: it goes to the agency's administrator."""
    found = _own(request, reference)
    try:
        lodge_complaint(
            application=found, applicant=request.user, text=request.POST.get("text", "")
        )
    except AppealRefused as refused:
        return _again(request, reference, "complaint", refused.message)
    return redirect(reverse("portal:application", args=[found.reference]) + "#appeals")


def _again(request: HttpRequest, reference: str, which: str, error: str) -> HttpResponse:
    """The status page again, with the message and what the applicant typed."""
    found = _own(request, reference)
    context = {
        **_status_context(found),
        f"{which}_error": error,
        f"{which}_typed": request.POST.get("text", "")[:4000],
    }
    return render(request, "portal/applications/detail.html", context, status=400)
