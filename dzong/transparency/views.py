"""The public performance pages, the open data and its catalogue, and the applicant's
feedback on a decided application."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib.auth.decorators import login_required
from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from dzong.applications.models import Application
from dzong.catalogue.models import Agency, ServiceVersion
from dzong.transparency.forms import REFUSALS, FeedbackForm
from dzong.transparency.models import DailyFigure
from dzong.transparency.opendata import DATASETS, LICENCE, Dataset, as_csv, as_json, catalogue
from dzong.transparency.presenters import performance, period_start
from dzong.transparency.services import FeedbackRefused, give_feedback, may_give_feedback

CACHED = "public, max-age=3600"


def _language() -> str:
    return "dz" if get_language() == "dz" else "en"


def _public() -> list[ServiceVersion]:
    return list(ServiceVersion.objects.catalogue())


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Every public service and agency, each linking to its performance page."""
    lang = _language()
    versions = _public()
    agencies = {v.service.agency.code: v.service.agency.name for v in versions}
    context = {
        "services": [(v.service.slug, v.definition.title.get(lang)) for v in versions],
        "agencies": sorted(agencies.items(), key=lambda a: a[1]),
    }
    return render(request, "transparency/overview.html", context)


@require_GET
def service_performance(request: HttpRequest, slug: str) -> HttpResponse:
    """One public service's figures over the last twelve weeks."""
    version = ServiceVersion.objects.current_for(slug)
    if version is None:
        raise Http404("No such service.")
    lang = _language()
    today = timezone.localdate()
    figures = _period(today).filter(service=slug)
    context = {
        "title": version.definition.title.get(lang),
        "agency": (version.service.agency.code, version.service.agency.name),
        "page": performance(list(figures), [version.definition], today, lang),
        "expected_time": version.definition.description.expected_time.get(lang),
    }
    return render(request, "transparency/performance.html", context)


@require_GET
def agency_performance(request: HttpRequest, code: str) -> HttpResponse:
    """One agency's figures, its public services added up, over the last twelve weeks."""
    versions = [v for v in _public() if v.service.agency.code == code]
    if not versions:
        raise Http404("No such agency.")
    agency: Agency = versions[0].service.agency
    lang = _language()
    today = timezone.localdate()
    slugs = [v.service.slug for v in versions]
    figures = _period(today).filter(service__in=slugs)
    context = {
        "title": agency.name,
        "services": [(v.service.slug, v.definition.title.get(lang)) for v in versions],
        "page": performance(list(figures), [v.definition for v in versions], today, lang),
    }
    return render(request, "transparency/performance.html", context)


def _period(today: dt.date) -> QuerySet[DailyFigure]:
    return DailyFigure.objects.filter(day__gte=period_start(today), day__lte=today)


@require_GET
def datasets(request: HttpRequest) -> HttpResponse:
    """The open datasets, for people: what each holds and where to download it."""
    return render(
        request,
        "transparency/datasets.html",
        {"datasets": list(DATASETS.values()), "licence": LICENCE},
    )


def _published_figures() -> QuerySet[DailyFigure]:
    """Every day's figures of the services the public can apply to now."""
    slugs = [v.service.slug for v in _public()]
    return DailyFigure.objects.filter(service__in=slugs).order_by("day", "service")


def _dataset(name: str) -> Dataset:
    found = DATASETS.get(name)
    if found is None:
        raise Http404("No such dataset.")
    return found


@require_GET
def catalogue_jsonld(request: HttpRequest) -> HttpResponse:
    """The catalogue of datasets in DCAT terms, as JSON-LD."""
    base = request.build_absolute_uri(reverse("transparency:datasets"))
    last = DailyFigure.objects.aggregate(last=Max("computed_at"))["last"]
    body = catalogue(base, last.isoformat() if last else None)
    response = HttpResponse(json.dumps(body, ensure_ascii=False, indent=1))
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    response["Cache-Control"] = CACHED
    return response


@require_GET
def dataset_csv(request: HttpRequest, name: str) -> HttpResponse:
    """A dataset as CSV, every day."""
    dataset = _dataset(name)
    response = HttpResponse(as_csv(dataset, _published_figures().iterator()))
    response["Content-Type"] = "text/csv; charset=utf-8"
    response["Content-Disposition"] = f'inline; filename="{dataset.name}.csv"'
    response["Cache-Control"] = CACHED
    return response


@require_GET
def dataset_json(request: HttpRequest, name: str) -> JsonResponse:
    """A dataset as JSON, every day, with its columns described."""
    dataset = _dataset(name)
    response = JsonResponse(as_json(dataset, _published_figures().iterator()))
    response["Cache-Control"] = CACHED
    return response


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, reference: str) -> HttpResponse:
    """The applicant rates a decided application of theirs, once."""
    application = (
        Application.objects.visible_to(request.user).real().filter(reference=reference).first()
    )
    if application is None:
        raise Http404("No such application.")
    context = {"application": application, "open": may_give_feedback(application, request.user)}
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and context["open"] and form.is_valid():
        try:
            give_feedback(
                application=application,
                applicant=request.user,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
            return render(request, "transparency/feedback_thanks.html", context)
        except FeedbackRefused as refusal:
            field = "rating" if refusal.code == "rating" else "comment"
            form.add_error(
                field if refusal.code in {"rating", "too-long", "characters"} else None,
                REFUSALS[refusal.code],
            )
    return render(request, "transparency/feedback.html", {**context, "form": form})
