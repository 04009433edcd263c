"""The back office's appeals and complaints: the list of those one's roles decide, and one
appeal (uphold or overturn) or complaint (answer) on its own page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dzong.appeals.models import Appeal
from dzong.appeals.presenters import appeal_rows, appeals_for
from dzong.appeals.services import AppealRefused, answer_complaint, decide_appeal, may_decide
from dzong.portal.timeline import decision_reason
from dzong.web.staff_access import staff_only
from dzong.workflow.services import record_read

SHOWN = 200


@staff_only
@require_http_methods(["GET"])
def appeals(request: HttpRequest) -> HttpResponse:
    """The open appeals and complaints of one's roles, the soonest due first."""
    found = appeals_for(request.user).filter(status=Appeal.Status.OPEN).order_by("due_at", "pk")
    mine = list(found[:SHOWN])
    language = get_language() or "en"
    rows = list(zip(mine, appeal_rows(mine, language), strict=True))
    return render(request, "office/appeals.html", {"rows": rows})


def _appeal(request: HttpRequest, reference: str) -> Appeal:
    found: Appeal | None = appeals_for(request.user).filter(reference=reference).first()
    if found is None:
        raise Http404("No such appeal.")
    return found


@staff_only
@require_http_methods(["GET", "POST"])
def appeal(request: HttpRequest, reference: str) -> HttpResponse:
    """One appeal or complaint; its decision or answer."""
    found = _appeal(request, reference)
    error = ""
    if request.method == "POST":
        try:
            _decide(request, found)
        except AppealRefused as refused:
            error = refused.message
        else:
            messages.success(request, _("Done: %(reference)s.") % {"reference": found.reference})
            return redirect("office:appeals")
    if request.method == "GET":
        record_read(application=found.application, staff=request.user, what=found.reference)
    language = get_language() or "en"
    context = {
        "appeal": found,
        "row": appeal_rows([found], language)[0],
        "service": found.application.definition.title.get(language),
        "reason": decision_reason(found.application),
        "may_decide": may_decide(found, request.user),
        "error": error,
        "typed": request.POST,
    }
    return render(request, "office/appeal.html", context, status=400 if error else 200)


def _decide(request: HttpRequest, found: Appeal) -> None:
    text = request.POST.get("text", "")
    if found.kind == Appeal.Kind.COMPLAINT:
        answer_complaint(complaint=found, staff=request.user, answer=text)
        return
    outcome = request.POST.get("outcome", "")
    if outcome not in ("uphold", "overturn"):
        raise AppealRefused(_("Choose whether the decision stands."))
    decide_appeal(appeal=found, staff=request.user, overturn=outcome == "overturn", reason=text)
