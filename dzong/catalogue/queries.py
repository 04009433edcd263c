"""QuerySets of the catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

DESIGNER = "designer"

if TYPE_CHECKING:
    from dzong.catalogue.models import ServiceVersion


class ServiceQuerySet(models.QuerySet[Any]):
    def with_published_version(self) -> ServiceQuerySet:
        """Services the public can apply for."""
        return self.filter(versions__status="published").distinct()

    def designed_by(self, staff: Any) -> ServiceQuerySet:
        """Services of the agencies where `staff` holds the designer role."""
        if not getattr(staff, "is_staff", False):
            return self.none()
        agencies = staff.staff_roles.filter(role__code=DESIGNER).values("role__agency")
        return self.filter(agency__in=agencies)


class ServiceVersionQuerySet(models.QuerySet[Any]):
    def published(self) -> ServiceVersionQuerySet:
        """Versions open to new applications."""
        return self.filter(status="published")

    def current_for(self, slug: str) -> ServiceVersion | None:
        """The version a new application for `slug` starts under."""
        return self.published().filter(service__slug=slug).select_related("service").first()

    def catalogue(self) -> ServiceVersionQuerySet:
        """The current published version of every service, for the catalogue."""
        return (
            self.published().select_related("service", "service__agency").order_by("service__slug")
        )
