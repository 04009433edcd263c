"""Every message the platform sends (to applicants, staff, or a bare email address), one row
per channel, with how its delivery went."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Delivery(models.Model):
    """One message to one address by email or SMS, and its delivery status; the inbox reads these.

    `recipient` is the account it was sent to (an applicant or a member of staff), empty for
    an address with no account; `application` the application it is about, if any."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        SMS = "sms", "SMS"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    event = models.CharField(max_length=40)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    address = models.CharField(max_length=254)
    language = models.CharField(max_length=5, default="en")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    provider_id = models.CharField(max_length=100, blank=True)
    error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(
        null=True, blank=True, help_text="Set while a worker is sending it."
    )
    once_key = models.CharField(
        max_length=120, blank=True, help_text="Set on a message that is recorded only once."
    )
    secret_link = models.BooleanField(
        default=False,
        help_text="The body holds a link into an account; it is blanked once sent.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "channel", "-created_at"], name="inbox")]
        constraints = [
            models.UniqueConstraint(
                fields=["once_key"], condition=~models.Q(once_key=""), name="a_message_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.event} ({self.status})"
