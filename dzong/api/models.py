"""API clients: the systems (a community centre's, another agency's) that submit applications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from dzong.api.queries import ApiClientQuerySet
from dzong.catalogue.models import Agency


class ApiClient(models.Model):
    """A system allowed to submit to some services with a token; only the token's hash is kept."""

    name = models.SlugField(max_length=63, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="api_clients")
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_client",
        help_text="The applicant of record of the client's applications; messages go to its email.",
    )
    services = models.JSONField(default=list, help_text="Slugs of the services it may submit to.")
    token_hash = models.CharField(max_length=64, unique=True)
    token_prefix = models.CharField(max_length=12, help_text="To tell tokens apart in a list.")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiClientQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def may_submit_to(self, slug: str) -> bool:
        """Whether the service is within the client's scope."""
        return slug in self.services
