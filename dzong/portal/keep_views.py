"""Answers kept on the applicant's device while offline, saved to their draft once the
connection returns; never over answers saved from elsewhere meanwhile."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from dzong.applications.services import DraftMovedOn, NotADraft, PaidFeesKept, save_page
from dzong.portal.apply_views import language, own_draft
from dzong.portal.form_input import read_page

MAX_VERSION_LENGTH = 24


@login_required
@require_POST
def keep(request: HttpRequest, reference: str, page_code: str) -> JsonResponse:
    """Save a page's answers kept on the device: 200 with the draft's new version; 409 with
    its version now when it was saved from elsewhere since (the applicant chooses), or when
    it is no longer a draft."""
    application = own_draft(request, reference)
    shown = application.definition.page(page_code)
    if shown is None:
        raise Http404("No such page.")
    version = request.POST.get("draft_version", "")[:MAX_VERSION_LENGTH]
    if not application.is_draft:
        return JsonResponse({"submitted": True}, status=409)
    entered = read_page(shown, request.POST, {})
    try:
        result = save_page(
            application=application,
            page_code=shown.code,
            submitted=entered.submitted,
            uploads={},
            language=language(),
            expected_version=version,
        )
    except DraftMovedOn as moved:
        return JsonResponse({"version": moved.version}, status=409)
    except NotADraft:
        return JsonResponse({"submitted": True}, status=409)
    except PaidFeesKept:
        return JsonResponse({"paid": True}, status=409)
    return JsonResponse({"version": application.version, "problems": len(result.errors)})
