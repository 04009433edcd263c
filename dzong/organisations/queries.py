"""QuerySets of businesses and their members, permission filtering included."""

from __future__ import annotations

from typing import Any

from django.db import models


class OrganisationQuerySet(models.QuerySet[Any]):
    def acted_for_by(self, user: Any) -> OrganisationQuerySet:
        """The businesses this person may apply for (and see the applications of)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            memberships__user=user,
            memberships__removed_at__isnull=True,
            memberships__may_apply=True,
        )

    def owned_by(self, user: Any) -> OrganisationQuerySet:
        """The businesses this person owns, and so manages."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)

    def known_to(self, user: Any) -> OrganisationQuerySet:
        """The businesses this person is a current member of (the owner included)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(memberships__user=user, memberships__removed_at__isnull=True).distinct()


class MembershipQuerySet(models.QuerySet[Any]):
    def current(self) -> MembershipQuerySet:
        """Members not removed."""
        return self.filter(removed_at__isnull=True)
