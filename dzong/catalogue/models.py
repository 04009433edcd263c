"""Agencies, their roles, and services with their versions."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db import models
from django.utils.translation import get_language

from dzong.catalogue.queries import ServiceQuerySet, ServiceVersionQuerySet
from dzong.engine.checks import check_source
from dzong.engine.definition import Service as ServiceDefinition
from dzong.engine.definition import parse_service
from dzong.engine.loader import Problem, SourceDocument, shared_choice_lists


class Agency(models.Model):
    """A government agency: it owns services, registrations, fees and staff roles."""

    code = models.SlugField(max_length=63, unique=True)
    name_en = models.CharField(max_length=200)
    name_dz = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        """The name in the active language."""
        return (self.name_dz or self.name_en) if get_language() == "dz" else self.name_en


class Role(models.Model):
    """A role staff hold within an agency; workflow steps name roles."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="roles")
    code = models.SlugField(max_length=63)
    name_en = models.CharField(max_length=200)
    name_dz = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["agency__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="unique_role_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.name_en} ({self.agency.code})"


class Service(models.Model):
    """A service of the catalogue; what it asks and does lives in its versions."""

    slug = models.SlugField(max_length=63, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="services")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class ServiceVersion(models.Model):
    """One numbered version of a service's definition; published versions never change."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    document = models.JSONField()
    revision = models.PositiveIntegerField(
        default=1, help_text="Counts the saves of a draft, so two designers cannot overwrite."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ServiceVersionQuerySet.as_manager()

    class Meta:
        ordering = ["service__slug", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="unique_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.service.slug} v{self.number} ({self.status})"

    @cached_property
    def definition(self) -> ServiceDefinition:
        """The typed definition the engine runs (the document was checked when stored)."""
        return parse_service(self.document, shared_choice_lists())

    @property
    def is_frozen(self) -> bool:
        """Published and retired versions never change."""
        return self.status != self.Status.DRAFT

    def problems(self) -> list[Problem]:
        """What `dzong service check` would report about this version's document."""
        return check_source(SourceDocument(dict(self.document)))

    def text(self, key: str) -> Any:
        """A top-level text of the definition in the active language."""
        return getattr(self.definition, key).get(get_language() or "en")


class ExpectedOutcome(models.Model):
    """What a designer expects the engine to do with one of a service's example applicants."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="expectations")
    example = models.CharField(max_length=32, help_text="The example's key: its answers, hashed.")
    reaches = models.CharField(max_length=63, blank=True, help_text="A step's code; blank: any.")
    fee_total = models.BigIntegerField(null=True, blank=True, help_text="Minor units; null: any.")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "example"], name="unique_expected_outcome")
        ]

    def __str__(self) -> str:
        return f"{self.service.slug} {self.example}"
