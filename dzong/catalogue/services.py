"""Changing the catalogue: importing, publishing and exporting service definitions."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from dzong.catalogue.models import Agency, Role, Service, ServiceVersion
from dzong.engine import load_service
from dzong.engine.checks import check_source, check_structure
from dzong.engine.definition import Service as ServiceDefinition
from dzong.engine.definition import parse_service
from dzong.engine.errors import DefinitionError
from dzong.engine.limits import MAX_DEFINITION_BYTES, TooCostly, check_size, check_value
from dzong.engine.loader import Problem, SourceDocument, shared_choice_lists

EXPORT_DROPS = ("version",)


class VersionFrozen(Exception):
    """A published or retired version cannot change."""


def _document_of(text: str) -> tuple[ServiceDefinition, dict[str, Any]]:
    definition = load_service(text)
    document = {k: v for k, v in definition.document.items() if k not in EXPORT_DROPS}
    return definition, document


@transaction.atomic
def import_definition(*, text: str, agency: Agency | None = None) -> ServiceVersion:
    """Add a service, or a new draft version of it; a current draft is replaced.

    DefinitionError (with every problem) if the definition does not pass its checks, or,
    when `agency` is given, if the service is, or would become, another agency's.
    """
    definition, document = _document_of(text)
    if agency is not None:
        _refuse_other_agency(definition, agency)
    _store_agencies_and_roles(definition)
    service, _ = Service.objects.get_or_create(
        slug=definition.slug, defaults={"agency": Agency.objects.get(code=definition.agency)}
    )
    draft: ServiceVersion | None = (
        service.versions.select_for_update().filter(status=ServiceVersion.Status.DRAFT).first()
    )
    if draft is not None:
        draft.document = document
        draft.revision += 1
        draft.save(update_fields=["document", "revision"])
        return draft
    latest = service.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return ServiceVersion.objects.create(service=service, number=latest + 1, document=document)


def _refuse_other_agency(definition: ServiceDefinition, agency: Agency) -> None:
    owner = Service.objects.filter(slug=definition.slug).values_list("agency__code", flat=True)
    if definition.agency != agency.code or owner.exclude(agency=agency).exists():
        raise _refuse("agency", f"Only services of {agency.code} can be imported here.")


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


class StaleDraft(Exception):
    """Someone saved the draft after this copy of it was read."""


class DraftExists(Exception):
    """A service has at most one draft at a time."""


def _refuse(path: str, message: str) -> DefinitionError:
    return DefinitionError([Problem(path, message)])


def _well_formed(document: Mapping[str, Any]) -> None:
    """Drafts may fail the checks while being built, never the schema nor the bounds."""
    try:
        check_value(document)
        check_size(json.dumps(document, ensure_ascii=False), MAX_DEFINITION_BYTES)
    except TooCostly as error:
        raise _refuse("(the whole document)", str(error)) from error
    problems = check_structure(SourceDocument(dict(document)))
    if problems:
        raise DefinitionError(list(problems))
    if not _recheck(document):
        _store_agencies_and_roles(parse_service(document, shared_choice_lists()))


@transaction.atomic
def create_service(*, agency: Agency, document: Mapping[str, Any]) -> ServiceVersion:
    """A new service of `agency` with its first draft; DefinitionError if it is malformed."""
    slug = str(document.get("slug", ""))
    if document.get("agency") != agency.code:
        raise _refuse("agency", f"The service must belong to {agency.code}.")
    if Service.objects.filter(slug=slug).exists():
        raise _refuse("slug", f"There is already a service with the address '{slug}'.")
    _well_formed(document)
    service = Service.objects.create(slug=slug, agency=agency)
    body = {k: v for k, v in document.items() if k not in EXPORT_DROPS}
    return ServiceVersion.objects.create(service=service, number=1, document=body)


@transaction.atomic
def save_draft(
    *, version: ServiceVersion, document: Mapping[str, Any], revision: int
) -> ServiceVersion:
    """Store a draft's new document if it checks and nobody saved since `revision` was read.

    StaleDraft if someone did, VersionFrozen if the version is published, DefinitionError
    if the document breaks the schema. A draft may fail the other checks (publishing may not).
    """
    draft = ServiceVersion.objects.select_for_update().select_related("service").get(pk=version.pk)
    if draft.is_frozen:
        raise VersionFrozen(f"Version {draft.number} of {draft.service.slug} is {draft.status}.")
    if draft.revision != revision:
        raise StaleDraft(draft.revision)
    if document.get("slug") != draft.service.slug:
        raise _refuse("slug", "The address (slug) of a service cannot change.")
    if document.get("agency") != draft.service.agency.code:
        raise _refuse("agency", "The agency of a service cannot change.")
    _well_formed(document)
    draft.document = {k: v for k, v in document.items() if k not in EXPORT_DROPS}
    draft.revision += 1
    draft.save(update_fields=["document", "revision"])
    return draft  # type: ignore[no-any-return]


@transaction.atomic
def start_draft(*, source: ServiceVersion) -> ServiceVersion:
    """A new draft of a service holding a copy of one of its versions."""
    service = Service.objects.select_for_update().get(pk=source.service_id)
    if service.versions.filter(status=ServiceVersion.Status.DRAFT).exists():
        raise DraftExists(service.slug)
    latest = service.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return ServiceVersion.objects.create(
        service=service, number=latest + 1, document=dict(source.document)
    )


@transaction.atomic
def republish_version(*, source: ServiceVersion) -> ServiceVersion:
    """Go back to an earlier version: publish a copy of it as a new version."""
    return publish_version(version=start_draft(source=source))
