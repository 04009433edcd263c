"""Revoking and reissuing an application's certificates from the application screen.

Only a supervisor of the certificate's agency may do either; anyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dzong.certificates.models import Certificate
from dzong.certificates.services import NotRevocable, reissue_certificate, revoke_certificate
from dzong.web.staff_access import staff_only
from dzong.workflow.queries import applications_visible_to, is_supervisor

REASON_LENGTH = 500


def may_manage(staff: Any, certificate: Certificate) -> bool:
    """Whether this member of staff may revoke or reissue the certificate."""
    return is_supervisor(staff, certificate.agency)


def _certificate(request: HttpRequest, reference: str, pk: int) -> Certificate:
    """A certificate of an application this supervisor sees, of an agency they supervise."""
    application = applications_visible_to(request.user).filter(reference=reference).first()
    found: Certificate | None = (
        Certificate.objects.ready().filter(application=application, pk=pk).first()
        if application is not None
        else None
    )
    if found is None or not may_manage(request.user, found):
        raise Http404("No such certificate.")
    return found


@staff_only
@require_POST
def revoke(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """Revoke a certificate in force, with the reason verifiers and the applicant read."""
    certificate = _certificate(request, reference, pk)
    reason = request.POST.get("reason", "").strip()[:REASON_LENGTH]
    if not reason:
        messages.error(request, _("Write the reason for revoking the certificate."))
        return redirect("office:application", reference)
    try:
        revoke_certificate(certificate=certificate, reason=reason, actor=request.user)
        messages.success(request, _("The certificate is revoked."))
    except NotRevocable:
        messages.error(request, _("This certificate is no longer in force."))
    return redirect("office:application", reference)


@staff_only
@require_POST
def reissue(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """Issue a new certificate in place of one in force; the old one is marked replaced."""
    certificate = _certificate(request, reference, pk)
    try:
        reissue_certificate(certificate=certificate, actor=request.user)
        messages.success(request, _("A new certificate is issued in place of the old one."))
    except NotRevocable:
        messages.error(request, _("This certificate is no longer in force."))
    return redirect("office:application", reference)
