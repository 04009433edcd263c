"""QuerySets of applications, permission filtering included."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from dzong.organisations.models import Organisation


class ApplicationQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> ApplicationQuerySet:
        """What this person may see: their own applications for themselves, and every
        application of a business they may apply for, only while they may (a member
        removed, or no longer allowed to apply, loses them at once); a community centre's
        operator (signed in with both factors, as staff are) also those they made for
        citizens who consented, while open and for a set period after."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        businesses = Organisation.objects.acted_for_by(user).values("pk")
        seen = Q(organisation__isnull=True, applicant=user) | Q(organisation__in=businesses)
        if getattr(user, "is_staff", False):
            seen |= assisted_by(user)
        return self.filter(seen)

    def assisted_by(self, operator: Any) -> ApplicationQuerySet:
        """The applications this operator made at their centre, as `visible_to` allows."""
        return self.filter(assisted_by(operator))

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


def assisted_by(operator: Any) -> Q:
    """Made by this operator at the centre they work at now, with the citizen's consent, and
    open or decided less than DZONG_CENTRE_VISIBLE_DAYS ago. (The community centres build on
    applications: their `assisted` record is named here by its relation, not imported.)"""
    since = timezone.now() - dt.timedelta(days=settings.DZONG_CENTRE_VISIBLE_DAYS)
    return (
        Q(assisted__operator=operator, assisted__consent="given")
        & Q(assisted__centre__operators__user=operator, assisted__centre__operators__is_active=True)
        & (Q(decided_at=None) | Q(decided_at__gte=since))
    )


class AttachmentQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> AttachmentQuerySet:
        """Files of the applications this person may see."""
        from dzong.applications.models import Application

        return self.filter(application__in=Application.objects.visible_to(user))
