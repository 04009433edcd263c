"""The installation's administrators' pages of the community centres: the centres, their
operators, and each centre's and operator's figures with the centres' cash of a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from dzong.centres.cash import cash_report
from dzong.centres.figures import Figures, centre_figures
from dzong.centres.forms import CentreForm, OperatorForm, errors_of
from dzong.centres.models import Centre
from dzong.centres.presenters import money
from dzong.centres.services import CentreRefused, add_operator, create_centre
from dzong.web.staff_access import is_office_user

View = Callable[..., HttpResponse]


def administrators_only(view: View) -> View:
    """Only the installation's administrators, signed in with both factors."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_office_user(request):
            return redirect_to_login(request.get_full_path(), login_url="office:sign_in")
        if not getattr(request.user, "is_superuser", False):
            raise PermissionDenied("Not an administrator of the installation.")
        return view(request, *args, **kwargs)

    return guarded


def _errors(errors: dict[str, str]) -> list[tuple[str, str]]:
    return [(message, f"f-{name}") for name, message in errors.items()]


@administrators_only
@require_http_methods(["GET", "POST"])
def centres(request: HttpRequest) -> HttpResponse:
    """Every centre, and a form to add one."""
    form = CentreForm(request.POST or None)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise CentreRefused(errors_of(form))
            centre = create_centre(actor=request.user, **form.cleaned_data)
            return redirect("centres:admin_centre", centre.code)
        except CentreRefused as refused:
            errors = refused.errors
    context = {
        "centres": Centre.objects.all(),
        "form": form,
        "errors": _errors(errors),
        "field_errors": errors,
    }
    return render(request, "centres/admin.html", context, status=400 if errors else 200)


@administrators_only
@require_http_methods(["GET", "POST"])
def centre(request: HttpRequest, code: str) -> HttpResponse:
    """One centre: its operators, and a form to add one."""
    found = Centre.objects.filter(code=code).first()
    if found is None:
        raise Http404("No such centre.")
    form = OperatorForm(request.POST or None)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise CentreRefused(errors_of(form))
            add_operator(actor=request.user, centre=found, **form.cleaned_data)
            return redirect("centres:admin_centre", found.code)
        except CentreRefused as refused:
            errors = refused.errors
    context = {
        "centre": found,
        "operators": found.operators.select_related("user"),
        "form": form,
        "errors": _errors(errors),
        "field_errors": errors,
    }
    return render(request, "centres/admin_centre.html", context, status=400 if errors else 200)


@administrators_only
@require_GET
def figures(request: HttpRequest) -> HttpResponse:
    """Per centre and per operator: applications, services, cash, time to submission; and
    the centres' cash of a day, per centre, operator and agency account, with handovers."""
    try:
        day = dt.date.fromisoformat(request.GET.get("day", "")[:10])
    except ValueError:
        day = timezone.localdate()
    by_centre, by_operator = centre_figures()
    report = cash_report(day=day)
    context = {
        "day": day,
        "by_centre": [_figures_row(found) for found in by_centre],
        "by_operator": [_figures_row(found) for found in by_operator],
        "report": report,
        "money": {key: money(value) for key, value in _totals(report).items()},
        "sums": {
            "centre": [(name, money(amount)) for name, amount in report.by_centre.items()],
            "operator": [(name, money(amount)) for name, amount in report.by_operator.items()],
            "account": [(name, money(amount)) for name, amount in report.by_account.items()],
        },
        "handovers": [
            (h.centre.name, str(h.operator), h.handed_to, money(h.total, h.currency))
            for h in report.handed_over
        ],
    }
    return render(request, "centres/figures.html", context)


def _figures_row(found: Figures) -> dict[str, Any]:
    return {
        "name": found.name,
        "applications": found.applications,
        "submitted": found.submitted,
        "services": len(found.services),
        "cash": money(found.cash),
        "minutes": found.median_minutes,
    }


def _totals(report: Any) -> dict[str, int]:
    return {"total": report.total, "handed_over": report.total_handed_over}
