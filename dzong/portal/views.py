"""The public portal: the home page, the catalogue and each service's public page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from dzong.catalogue.models import ServiceVersion
from dzong.portal.information import information_page
from dzong.portal.presenters import ServiceCard, ServicePage, search_catalogue, topic_name


def home(request: HttpRequest) -> HttpResponse:
    """The front door: what Dzong offers and a search box."""
    cards = [ServiceCard.of(v, _language()) for v in ServiceVersion.objects.catalogue()]
    return render(request, "portal/home.html", {"cards": cards[:6]})


def catalogue(request: HttpRequest) -> HttpResponse:
    """Every published service, searchable in both languages and filtered by agency or topic."""
    query = request.GET.get("q", "").strip()[:100]
    agency = request.GET.get("agency", "")
    topic = request.GET.get("topic", "")
    cards = [ServiceCard.of(v, _language()) for v in ServiceVersion.objects.catalogue()]
    agencies = sorted({(c.agency_code, c.agency) for c in cards}, key=lambda a: a[1])
    topics = sorted({(t, topic_name(t)) for c in cards for t in c.topics}, key=lambda t: t[1])
    found = search_catalogue(cards, query=query, agency=agency, topic=topic)
    context = {
        "cards": found,
        "query": query,
        "agency": agency,
        "agencies": agencies,
        "topic": topic,
        "topics": topics,
    }
    return render(request, "portal/catalogue.html", context)


def service_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A service's public page, generated from its current definition."""
    version = ServiceVersion.objects.current_for(slug)
    if version is None:
        raise Http404("No such service.")
    return render(request, "portal/service.html", {"page": ServicePage.of(version, _language())})


def _language() -> str:
    return "dz" if get_language() == "dz" else "en"


def information(request: HttpRequest, slug: str) -> HttpResponse:
    """One of the site's information pages: accessibility, privacy, contact or help."""
    page = information_page(slug, _language())
    if page is None:
        raise Http404("No such page.")
    return render(request, "portal/information.html", {"page": page})
