"""QuerySets of applications, permission filtering included."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models


class ApplicationQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> ApplicationQuerySet:
        """What this person may see: an applicant sees their own applications only."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(applicant=user)

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
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(application__applicant=user)
