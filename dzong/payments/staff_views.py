"""Staff pages: cash taken at a counter, and each agency's reconciliation (with CSV).

Each needs a signed-in member of staff holding the role in the agency concerned.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dzong.applications.models import Application
from dzong.catalogue.models import Agency
from dzong.payments import presenters
from dzong.payments.queries import COUNTER_ROLES, RECONCILIATION_ROLES, agencies_held
from dzong.payments.reconciliation import day_report
from dzong.payments.services import PaymentRefused, amount_owed, record_counter_payment
from dzong.payments.settlement import Comparison, compare_with_providers
from dzong.web.staff_access import is_office_user

View = Callable[..., HttpResponse]


def staff_with(roles: tuple[str, ...]) -> Callable[[View], View]:
    """Only signed-in staff holding one of `roles` in some agency; `request.agencies` lists them."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not is_office_user(request):  # both factors, at the staff's own sign-in
                return redirect_to_login(request.get_full_path(), login_url="office:sign_in")
            agencies = agencies_held(request.user, roles)
            if not agencies:
                raise PermissionDenied("No counter or accounts role.")
            request.agencies = agencies  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return guarded

    return decorate


def _payable_at_counter(request: HttpRequest, reference: str) -> Application:
    """An application of a service owned by one of the cashier's agencies."""
    found: Application | None = (
        Application.objects.real()
        .with_service()
        .filter(reference=reference.strip().upper())
        .filter(service_version__service__agency__code__in=request.agencies)  # type: ignore[attr-defined]
        .select_related("applicant")
        .first()
    )
    if found is None:
        raise Http404("No such application for your agency.")
    return found


def _purpose(application: Application) -> str:
    return "before_submission" if application.is_draft else "after_approval"


@staff_with(COUNTER_ROLES)
@require_GET
def counter(request: HttpRequest) -> HttpResponse:
    """Find an application by its reference number to take its fees in cash."""
    reference = request.GET.get("reference", "").strip()
    if reference:
        try:
            application = _payable_at_counter(request, reference)
            return redirect("counter:application", application.reference)
        except Http404:
            return render(request, "payments/counter_find.html", {"not_found": True})
    return render(request, "payments/counter_find.html", {"not_found": False})


@staff_with(COUNTER_ROLES)
@require_http_methods(["GET", "POST"])
def counter_application(request: HttpRequest, reference: str) -> HttpResponse:
    """An application's fees due, and the receipt number of the cash taken for them."""
    application = _payable_at_counter(request, reference)
    purpose = _purpose(application)
    error, recorded = "", None
    if request.method == "POST":
        try:
            recorded = record_counter_payment(
                application=application,
                purpose=purpose,
                receipt_number=request.POST.get("receipt_number", "")[:60],
                staff=request.user,
            )
        except PaymentRefused as refused:
            error = str(refused)
    owed = amount_owed(application=application, purpose=purpose) if recorded is None else 0
    context = {
        **presenters.pay_page(application, purpose, error),
        "owed": owed,
        "recorded": recorded,
        "applicant": application.applicant,
    }
    return render(request, "payments/counter.html", context)


def _report_choice(request: HttpRequest) -> tuple[str, dt.date]:
    agencies = sorted(request.agencies)  # type: ignore[attr-defined]
    agency = request.GET.get("agency") or agencies[0]
    if agency not in agencies:
        raise PermissionDenied("Not your agency.")
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = timezone.localdate()
    return agency, day


@staff_with(RECONCILIATION_ROLES)
@require_GET
def reconciliation(request: HttpRequest) -> HttpResponse:
    """One agency's day: received by channel and account, pending, refunded, totals."""
    agency, day = _report_choice(request)
    report = day_report(agency=agency, day=day)
    comparisons = compare_with_providers(agency=agency, day=day)
    names = dict(Agency.objects.filter(code__in=request.agencies).values_list("code", "name_en"))  # type: ignore[attr-defined]
    context = {
        "report": report,
        "agency_name": names.get(agency, agency),
        "agencies": sorted(names.items()),
        "day": day.isoformat(),
        **_formatted(report),
        "comparisons": [_compared(comparison) for comparison in comparisons],
    }
    return render(request, "payments/reconciliation.html", context)


def _compared(comparison: Comparison) -> dict[str, Any]:
    def fmt(amount: int | None) -> str:
        return "" if amount is None else presenters.money(amount, "BTN")

    what = {
        "only_at_provider": _("Only at the provider"),
        "only_in_dzong": _("Only in Dzong"),
        "amount_differs": _("Different amounts"),
    }
    return {
        "provider": comparison.provider,
        "ours": fmt(comparison.ours),
        "theirs": fmt(comparison.theirs),
        "reachable": comparison.reachable,
        "matches": comparison.matches,
        "mismatches": [
            {
                "payment": m.payment,
                "what": what[m.kind],
                "ours": fmt(m.ours),
                "theirs": fmt(m.theirs),
            }
            for m in comparison.mismatches
        ],
    }


def _formatted(report: Any) -> dict[str, Any]:
    def fmt(amount: int) -> str:
        return presenters.money(amount, "BTN")

    def rows(items: list[Any]) -> list[dict[str, Any]]:
        return [
            {**row.__dict__, "shown": fmt(row.amount), "at": presenters.moment(row.time)}
            for row in items
        ]

    return {
        "received": rows(report.received),
        "pending": rows(report.pending),
        "refunded": rows(report.refunded),
        "by_channel": [(k, fmt(v)) for k, v in report.by_channel().items()],
        "by_account": [(k, fmt(v)) for k, v in report.by_account().items()],
        "refunded_by_channel": [(k, fmt(v)) for k, v in report.refunded_by_channel().items()],
        "total_received": fmt(report.total_received),
        "total_pending": fmt(report.total_pending),
        "total_refunded": fmt(report.total_refunded),
    }


@staff_with(RECONCILIATION_ROLES)
@require_GET
def reconciliation_csv(request: HttpRequest) -> HttpResponse:
    """The same day as CSV: one row per fee line, amounts in minor units, times in the local
    time the page shows, the zone named in the header."""
    agency, day = _report_choice(request)
    report = day_report(agency=agency, day=day)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{agency}-{day}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "section",
            f"time ({timezone.get_current_timezone_name()})",
            "payment",
            "application",
            "service",
            "channel",
            "receipt",
            "fee",
            "account",
            "amount_minor",
            "currency",
            "status",
            "provider_amount_minor",
        ]
    )
    for section, rows in (
        ("received", report.received),
        ("pending", report.pending),
        ("refunded", report.refunded),
    ):
        for row in rows:
            writer.writerow(
                [
                    section,
                    timezone.localtime(row.time).isoformat(timespec="seconds"),
                    row.payment,
                    row.application,
                    row.service,
                    row.channel,
                    row.receipt,
                    row.fee,
                    row.account,
                    row.amount,
                    row.currency,
                    row.status,
                ]
            )
    _write_comparisons(writer, compare_with_providers(agency=agency, day=day))
    writer.writerow(
        ["total_received", "", "", "", "", "", "", "", "", report.total_received, "BTN", ""]
    )
    writer.writerow(
        ["total_pending", "", "", "", "", "", "", "", "", report.total_pending, "BTN", ""]
    )
    writer.writerow(
        ["total_refunded", "", "", "", "", "", "", "", "", report.total_refunded, "BTN", ""]
    )
    return response


def _write_comparisons(writer: Any, comparisons: list[Comparison]) -> None:
    """Each payment that differs from the provider's report, then both sides' online totals."""
    for c in comparisons:
        for m in c.mismatches:
            ours, theirs = _or_blank(m.ours), _or_blank(m.theirs)
            writer.writerow(
                [
                    "mismatch",
                    "",
                    m.payment,
                    "",
                    "",
                    c.provider,
                    "",
                    "",
                    "",
                    ours,
                    "BTN",
                    m.kind,
                    theirs,
                ]
            )
        result = "matches" if c.matches else "differs" if c.reachable else "unavailable"
        theirs = _or_blank(c.theirs)
        writer.writerow(
            ["online_total", "", "", "", "", c.provider, "", "", "", c.ours, "BTN", result, theirs]
        )


def _or_blank(amount: int | None) -> str | int:
    return "" if amount is None else amount
