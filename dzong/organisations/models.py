"""Businesses registered through Dzong, the people who act for them, and every change to who
may."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from dzong.organisations.queries import MembershipQuerySet, OrganisationQuerySet


class Organisation(models.Model):
    """A business a registration founded: its name, number and address as registered, and
    the person who registered it, its owner."""

    name = models.CharField(max_length=200)
    registration_number = models.CharField(max_length=40, unique=True)
    address = models.CharField(max_length=300, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="organisations_owned"
    )
    service = models.SlugField(max_length=63, help_text="The service that registered it")
    created_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.registration_number


class Membership(models.Model):
    """A person who acts for a business, while not removed; the owner is its first member."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    may_apply = models.BooleanField(default=False)
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(removed_at__isnull=True),
                name="one_current_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.user_id}"


class MembershipChange(models.Model):
    """A change the owner made to who acts for the business: who, when, what, to whom."""

    class Action(models.TextChoices):
        ADDED = "added", "Added"
        REMOVED = "removed", "Removed"
        ALLOWED = "allowed", "Allowed to apply"
        DISALLOWED = "disallowed", "No longer allowed to apply"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="membership_changes_made"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="membership_changes"
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} {self.member_id}"
