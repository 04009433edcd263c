"""Removing a designer's test runs: each application with its files, registrations and
certificates, so that nothing of a test is left to count, verify or download."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from dzong.applications.models import Application
from dzong.applications.queries import ApplicationQuerySet
from dzong.catalogue.models import ServiceVersion


def remove_test_run(*, application: Application) -> None:
    """Remove one test application and everything it made; stored files go after the commit."""
    if not application.is_test:
        raise ValueError(f"{application.reference} is not a test run.")
    files: list[FieldFile] = [a.file for a in application.attachments.all()]
    with transaction.atomic():
        certificates = application.certificates.all()  # the certificates app builds on this one
        files += [c.pdf for c in certificates if c.pdf]
        certificates.update(replaced_by=None)
        certificates.delete()
        application.payments.all().delete()
        application.registrations.all().delete()
        application.delete()
        transaction.on_commit(lambda: _delete_files(files))


def _delete_files(files: list[FieldFile]) -> None:
    for stored in files:
        if stored.name:
            stored.storage.delete(stored.name)


def remove_test_runs_of(*, version: ServiceVersion) -> int:
    """Remove every test run of a version (when it is published); how many there were."""
    return _remove(Application.objects.test_runs().filter(service_version=version))


def remove_old_test_runs(*, now: dt.datetime | None = None) -> int:
    """Remove test runs started more than DZONG_TEST_RUN_RETENTION_DAYS ago; how many."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.DZONG_TEST_RUN_RETENTION_DAYS)
    return _remove(Application.objects.test_runs().filter(created_at__lt=cutoff))


def _remove(applications: ApplicationQuerySet) -> int:
    found = list(applications)
    for application in found:
        remove_test_run(application=application)
    return len(found)
