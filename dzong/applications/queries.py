"""QuerySets of applications, permission filtering included."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Q

from dzong.organisations.models import Organisation


class ApplicationQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> ApplicationQuerySet:
        """What this person may see: their own applications for themselves, and every
        application of a business they may apply for, only while they may (a member
        removed, or no longer allowed to apply, loses them at once)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        businesses = Organisation.objects.acted_for_by(user).values("pk")
        return self.filter(
            Q(organisation__isnull=True, applicant=user) | Q(organisation__in=businesses)
        )

    def real(self) -> ApplicationQuerySet:
        """Applications of applicants, not a designer's test runs."""
        return self.filter(is_test=False)

    def test_runs(self) -> ApplicationQuerySet:
        """A designer's test runs of draft versions."""
        return self.filter(is_test=True)

    def drafts(self) -> ApplicationQuerySet:
        return self.filter(status="draft")

    def submitted(self) -> ApplicationQuerySet:
        """Applications past the draft stage, whatever their outcome."""
        return self.exclude(status="draft")

    def untouched_since(self, moment: dt.datetime) -> ApplicationQuerySet:
        """Drafts nobody has saved since `moment`."""
        return self.drafts().filter(updated_at__lt=moment)

    def with_service(self) -> ApplicationQuerySet:
        return self.select_related("service_version", "service_version__service")


class AttachmentQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> AttachmentQuerySet:
        """Files of the applications this person may see."""
        from dzong.applications.models import Application

        return self.filter(application__in=Application.objects.visible_to(user))
