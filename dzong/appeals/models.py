"""Appeals against a rejection and complaints about a service, tracked like applications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from dzong.applications.models import Application

TEXT_LIMIT = 2000  # characters of an appeal, a complaint, a decision or an answer


class Appeal(models.Model):
    """An applicant's appeal against a rejection (decided by another role than the officers
    who decided), or complaint about a service's quality (answered by the agency's
    administrator): its own reference, status, deadline and outcome."""

    class Kind(models.TextChoices):
        APPEAL = "appeal", "Appeal"
        COMPLAINT = "complaint", "Complaint"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        UPHELD = "upheld", "Rejection upheld"
        OVERTURNED = "overturned", "Rejection overturned"
        ANSWERED = "answered", "Answered"

    reference = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="appeals")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appeals"
    )
    text = models.TextField()
    agency = models.SlugField(max_length=63)
    role = models.SlugField(max_length=63)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["agency", "role", "status"], name="appeal_queue")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
