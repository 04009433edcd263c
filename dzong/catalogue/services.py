"""Changing the catalogue: importing, publishing and exporting service definitions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from dzong.catalogue.models import Agency, Role, Service, ServiceVersion
from dzong.engine import load_service
from dzong.engine.checks import check_source
from dzong.engine.definition import Service as ServiceDefinition
from dzong.engine.errors import DefinitionError
from dzong.engine.loader import SourceDocument

EXPORT_DROPS = ("version",)


class VersionFrozen(Exception):
    """A published or retired version cannot change."""


def _document_of(text: str) -> tuple[ServiceDefinition, dict[str, Any]]:
    definition = load_service(text)
    document = {k: v for k, v in definition.document.items() if k not in EXPORT_DROPS}
    return definition, document


@transaction.atomic
def import_definition(*, text: str) -> ServiceVersion:
    """Add a service, or a new draft version of it; a current draft is replaced.

    DefinitionError (with every problem) if the definition does not pass its checks.
    """
    definition, document = _document_of(text)
    _store_agencies_and_roles(definition)
    service, _ = Service.objects.get_or_create(
        slug=definition.slug, defaults={"agency": Agency.objects.get(code=definition.agency)}
    )
    draft: ServiceVersion | None = (
        service.versions.select_for_update().filter(status=ServiceVersion.Status.DRAFT).first()
    )
    if draft is not None:
        draft.document = document
        draft.save(update_fields=["document"])
        return draft
    latest = service.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return ServiceVersion.objects.create(service=service, number=latest + 1, document=document)


def _store_agencies_and_roles(definition: ServiceDefinition) -> None:
    for agency in definition.agencies:
        Agency.objects.update_or_create(
            code=agency.code, defaults={"name_en": agency.name.en, "name_dz": agency.name.dz or ""}
        )
    agencies = {
        a.code: a for a in Agency.objects.filter(code__in=[a.code for a in definition.agencies])
    }
    for role in definition.roles:
        Role.objects.update_or_create(
            agency=agencies[role.agency],
            code=role.code,
            defaults={"name_en": role.name.en, "name_dz": role.name.dz or ""},
        )


@transaction.atomic
def publish_version(*, version: ServiceVersion) -> ServiceVersion:
    """Freeze a draft and send new applications to it; the previous version retires."""
    version = ServiceVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_frozen:
        raise VersionFrozen(
            f"Version {version.number} of {version.service.slug} is {version.status}."
        )
    problems = _recheck(version.document)
    if problems:
        raise DefinitionError(problems)
    version.service.versions.filter(status=ServiceVersion.Status.PUBLISHED).update(
        status=ServiceVersion.Status.RETIRED
    )
    version.status = ServiceVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    return version


def _recheck(document: Mapping[str, Any]) -> list[object]:
    return list(check_source(SourceDocument(dict(document))))


def export_definition(*, slug: str, number: int | None = None) -> dict[str, Any]:
    """The definition of a version (the latest when no number is given), with its number."""
    versions = ServiceVersion.objects.filter(service__slug=slug).order_by("-number")
    version = versions.filter(number=number).first() if number else versions.first()
    if version is None:
        raise ServiceVersion.DoesNotExist(
            f"No version {number or ''} of '{slug}'.".replace("  ", " ")
        )
    return {**version.document, "version": version.number}
