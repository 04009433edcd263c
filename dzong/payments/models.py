"""Payments of an application's fees, split per fee, with everything that happened to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from dzong.applications.models import Application
from dzong.payments.queries import PaymentLineQuerySet, PaymentQuerySet


class Payment(models.Model):
    """One attempt to pay some of an application's fees, online or at a counter."""

    class Status(models.TextChoices):
        STARTED = "started", "Started"
        PENDING = "pending", "Pending"
        PAID = "paid", "Paid"
        FAILED = "failed", "Failed"
        REFUNDED = "refunded", "Refunded"

    class Purpose(models.TextChoices):
        BEFORE_SUBMISSION = "before_submission", "Before submission"
        AFTER_APPROVAL = "after_approval", "After approval"

    reference = models.CharField(max_length=24, unique=True)
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    provider = models.CharField(max_length=30)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.STARTED)
    amount = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3)
    provider_payment_id = models.CharField(max_length=100, blank=True)
    counter_receipt = models.CharField(max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    verification_code = models.CharField(max_length=20, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    paid_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    refund_claimed_at = models.DateTimeField(
        null=True, blank=True, help_text="Set while a refund is being asked of the provider."
    )

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "purpose"],
                condition=Q(status="paid"),
                name="one_paid_payment_per_purpose",
            ),
            models.UniqueConstraint(
                fields=["provider", "provider_payment_id"],
                condition=~Q(provider_payment_id=""),
                name="one_payment_per_provider_id",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "updated_at"], name="payment_status_age"),
            models.Index(fields=["paid_at"], name="payment_paid_at"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        """Still waiting for the payer or the gateway."""
        return self.status in (self.Status.STARTED, self.Status.PENDING)


class PaymentLine(models.Model):
    """The share of a payment that belongs to one fee, agency and revenue account."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="lines")
    fee = models.SlugField(max_length=63)
    label_en = models.CharField(max_length=300)
    label_dz = models.CharField(max_length=300, blank=True)
    agency = models.SlugField(max_length=63)
    account = models.CharField(max_length=63)
    amount = models.PositiveBigIntegerField()
    refunded_at = models.DateTimeField(null=True, blank=True)

    objects = PaymentLineQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.payment.reference}: {self.fee}"

    def label(self, language: str) -> str:
        """The fee's name in the reader's language."""
        return (self.label_dz or self.label_en) if language == "dz" else self.label_en


class PaymentEvent(models.Model):
    """Something that happened to a payment, including callbacks that were refused."""

    class Kind(models.TextChoices):
        STARTED = "started", "Started"
        SENT_TO_GATEWAY = "sent", "Sent to the gateway"
        RETURNED = "returned", "Payer returned"
        CALLBACK_REFUSED = "refused", "Callback refused"
        CALLBACK_REPEATED = "repeated", "Callback repeated"
        PAID = "paid", "Paid"
        FAILED = "failed", "Failed"
        REFUNDED = "refunded", "Refunded"
        REFUND_ASKED = "refund_asked", "Refund asked of the gateway"
        REFUND_NOT_DONE = "refund_not_done", "Refund not done by the gateway"
        REFUND_DUE_AT_COUNTER = "refund_due", "To refund at the counter"
        KEPT = "kept", "Kept: no fee of it is refunded"
        APPLICATION_SUBMITTED = "submitted", "Application submitted"
        SUBMISSION_REFUSED = "not_submitted", "Application could not be submitted"

    payment = models.ForeignKey(
        Payment, on_delete=models.CASCADE, related_name="events", null=True, blank=True
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    source = models.CharField(max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.payment_id}: {self.kind}"


class CounterRefund(models.Model):
    """Cash handed back at a counter for a payment marked for refund: how much, to whom, the
    receipt number given, and by which cashier."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="counter_refund")
    amount = models.PositiveBigIntegerField()
    received_by = models.CharField(max_length=200)
    receipt_number = models.CharField(max_length=60)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.payment.reference}: {self.receipt_number}"
