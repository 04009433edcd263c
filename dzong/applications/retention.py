"""Removing decided applications past their service's retention period (`retention.keep_days`
in the definition; without it they are kept).

The rule: an application decided more than `keep_days` ago loses its answers and files. One
that holds nothing other rules keep (payments, registrations issued, certificates) is removed
whole, with its events, tasks, notes, reads and messages; one that holds them keeps its row,
its events and those records, its answers emptied and its files deleted. An application with an
appeal or complaint still open waits. Each removal is recorded (a `Removal` and an audit
entry: reference, service, dates), never the content. The job claims each application before
acting on it, so two runs at once remove each once.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from dzong.applications.models import Application, Removal
from dzong.applications.queries import ApplicationQuerySet
from dzong.audit.services import append
from dzong.catalogue.models import ServiceVersion

BATCH = 200  # applications claimed per transaction's worth of work, at most, per version


def remove_expired_applications(*, now: dt.datetime | None = None) -> int:
    """Remove what is past its service's retention period; how many applications."""
    now = now or timezone.now()
    count = 0
    for version in ServiceVersion.objects.filter(applications__decided_at__isnull=False).distinct():
        keep_days = version.definition.keep_days
        if keep_days is None:
            continue
        due = _expired(version, now - dt.timedelta(days=keep_days))
        while found := list(due.values_list("pk", flat=True)[:BATCH]):
            removed = [pk for pk in found if remove_expired(pk=pk, now=now)]
            count += len(removed)
            if len(removed) < len(found):  # another run holds the rest
                break
    return count


def _expired(version: ServiceVersion, before: dt.datetime) -> ApplicationQuerySet:
    return (
        Application.objects.real()
        .filter(service_version=version, status__in=("approved", "rejected"))
        .filter(decided_at__lt=before, erased_at__isnull=True)
        .exclude(appeals__status="open")
    )


def remove_expired(*, pk: int, now: dt.datetime) -> bool:
    """Claim one application and remove it (whole, or its answers and files); False when
    another run claimed it first."""
    with transaction.atomic():
        if not Application.objects.filter(pk=pk, erased_at__isnull=True).update(erased_at=now):
            return False
        application = Application.objects.select_related("service_version__service").get(pk=pk)
        files: list[FieldFile] = [a.file for a in application.attachments.all()]
        whole = not _kept_elsewhere(application)
        _record(application, len(files), whole, now)
        application.attachments.all().delete()
        if whole:
            application.delete()
        else:
            application.answers = {}
            application.save(update_fields=["answers"])
        transaction.on_commit(lambda: _delete_files(files))
    return True


def _kept_elsewhere(application: Application) -> bool:
    """Whether records other rules keep refer to it (the certificates app builds on this one)."""
    return (
        application.payments.exists()
        or application.registrations.exists()
        or application.certificates.exists()
    )


def _record(application: Application, files: int, whole: bool, now: dt.datetime) -> None:
    version = application.service_version
    Removal.objects.create(
        reference=application.reference,
        service=version.service.slug,
        version=version.number,
        submitted_at=application.submitted_at,
        decided_at=application.decided_at,
        removed_at=now,
        files=files,
        whole=whole,
    )
    append(
        actor="system",
        action="application.removed",
        subject=f"application:{application.reference}",
        data={"service": version.service.slug, "files": files, "rows_removed": whole},
    )


def _delete_files(files: list[FieldFile]) -> None:
    for stored in files:
        if stored.name:
            stored.storage.delete(stored.name)
