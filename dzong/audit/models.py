"""The audit log: entries chained by their digests, the chain's head, and signed checkpoints."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Entry(models.Model):
    """One thing that happened, chained to the entry before it by that entry's digest."""

    position = models.PositiveBigIntegerField(unique=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    actor = models.CharField(max_length=120, help_text="Who did it: staff:ID, applicant:ID, system")
    action = models.CharField(max_length=60)
    subject = models.CharField(max_length=120, help_text="What it was done to: kind:reference")
    data = models.JSONField(default=dict, blank=True)
    previous = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)

    class Meta:
        verbose_name_plural = "entries"
        indexes = [models.Index(fields=["subject", "action"], name="audit_entry_subject")]

    def __str__(self) -> str:
        return f"{self.position} {self.action} {self.subject}"


class Head(models.Model):
    """The chain's last position and digest: one row, locked by whoever appends."""

    position = models.PositiveBigIntegerField(default=0)
    digest = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"head at {self.position}"


class Checkpoint(models.Model):
    """The chain's head at a moment, signed, published for anyone to keep."""

    position = models.PositiveBigIntegerField()
    digest = models.CharField(max_length=64)
    signed_at = models.DateTimeField(default=timezone.now)
    token = models.TextField(help_text="The head as a JWS signed with the audit key")

    def __str__(self) -> str:
        return f"checkpoint at {self.position}"


class AuditKey(models.Model):
    """The key that signs checkpoints (its private half encrypted at rest); the newest signs."""

    key_id = models.CharField(max_length=64, unique=True)
    private_key = models.TextField(help_text="PKCS#8 PEM, encrypted (dzong/keyring.py)")
    public_jwk = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"audit key {self.key_id}"
