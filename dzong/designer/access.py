"""Who may use the designer: staff signed in to the back office with a designer role."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404

from dzong.catalogue.models import Agency, Service
from dzong.catalogue.queries import DESIGNER
from dzong.web.staff_access import staff_only

View = Callable[..., HttpResponseBase]


def designer_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies where `user` holds the designer role."""
    return Agency.objects.filter(roles__code=DESIGNER, roles__holders__user=user).distinct()


def designers_only(view: View) -> View:
    """Staff of the back office (both factors) who design services for an agency."""

    @staff_only
    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not designer_agencies(request.user).exists():
            raise Http404("Not a service designer.")
        return view(request, *args, **kwargs)

    return checked


def service_for(request: HttpRequest, slug: str) -> Service:
    """The service, if it belongs to an agency the user designs for; 404 otherwise."""
    found: Service = get_object_or_404(
        Service.objects.designed_by(request.user).select_related("agency"), slug=slug
    )
    return found
