"""Community centres, their operators, the applications they make for walk-in citizens with
the citizen's consent, the cash they take and hand over, and the documents they hand out."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from dzong.applications.models import Application
from dzong.catalogue.models import ServiceVersion
from dzong.payments.models import Payment


class Centre(models.Model):
    """A community centre (one per gewog), where an operator applies for walk-in citizens."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    gewog = models.CharField(max_length=80)
    dzongkhag = models.CharField(max_length=80)
    contact = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["dzongkhag", "gewog", "name"]

    def __str__(self) -> str:
        return self.name


class Operator(models.Model):
    """A staff-like account that works at one centre (signs in with both factors)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="centre_operator"
    )
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="operators")
    added_at = models.DateTimeField(default=timezone.now)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["centre", "user"]

    def __str__(self) -> str:
        return f"{self.user} at {self.centre}"


class AssistedApplication(models.Model):
    """An application an operator makes for a citizen at a centre, and the citizen's consent.

    The draft (whose applicant is the citizen) is made only once consent is given."""

    class Method(models.TextChoices):
        SMS_CODE = "sms_code", "One-time code by SMS"
        NATIONAL_IDENTITY = "national_identity", "National digital identity"
        PAPER = "paper", "Signed paper form"
        WALLET = "wallet", "National identity wallet, on the citizen's own phone"

    class Consent(models.TextChoices):
        PENDING = "pending", "Asked"
        GIVEN = "given", "Given"
        REFUSED = "refused", "Refused"
        EXPIRED = "expired", "Expired"

    # A draft removed by the retention rules leaves the record of who asked and consented.
    application = models.OneToOneField(
        Application, on_delete=models.SET_NULL, related_name="assisted", null=True, blank=True
    )
    service_version = models.ForeignKey(ServiceVersion, on_delete=models.PROTECT)
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="assisted")
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assisted_made"
    )
    citizenship_id = models.CharField(max_length=11)
    mobile_number = models.CharField(max_length=16)
    language = models.CharField(max_length=5, default="en")
    arrived_at = models.DateTimeField(default=timezone.now)
    consent = models.CharField(max_length=10, choices=Consent.choices, default=Consent.PENDING)
    consent_method = models.CharField(max_length=20, choices=Method.choices, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_code_id = models.UUIDField(null=True, blank=True)
    consent_form = models.FileField(upload_to="consent/", blank=True)
    consent_form_sha256 = models.CharField(max_length=64, blank=True)
    collection_centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, null=True, blank=True, related_name="collections"
    )
    handed_over_at = models.DateTimeField(null=True, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents_handed_over",
    )
    handed_over_identification = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["-arrived_at", "-pk"]
        indexes = [models.Index(fields=["operator", "-arrived_at"], name="assisted_by_operator")]

    def __str__(self) -> str:
        return f"{self.centre} for {self.application_id or 'a citizen'}"

    @property
    def consent_given(self) -> bool:
        return self.consent == self.Consent.GIVEN

    def consent_lapsed(self, now: dt.datetime) -> bool:
        """Asked and not given within the time allowed."""
        limit = dt.timedelta(minutes=settings.DZONG_CENTRE_CONSENT_MINUTES)
        return self.consent == self.Consent.PENDING and now - self.arrived_at > limit


class CashHandover(models.Model):
    """One operator's cash of one day at a centre, closed with its total and handed over."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="handovers")
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    day = models.DateField()
    total = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3, default="BTN")
    handed_to = models.CharField(max_length=200)
    closed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day", "centre", "-closed_at"]

    def __str__(self) -> str:
        return f"{self.centre} {self.day} {self.total}"


class CashEntry(models.Model):
    """Cash an operator took at a centre: one counter payment, in the centre's cash book."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="centre_cash")
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="cash_entries")
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    taken_at = models.DateTimeField(default=timezone.now)
    handover = models.ForeignKey(
        CashHandover, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )

    class Meta:
        ordering = ["-taken_at", "-pk"]
        indexes = [
            models.Index(
                fields=["centre", "operator", "taken_at"],
                condition=Q(handover=None),
                name="cash_not_handed_over",
            )
        ]

    def __str__(self) -> str:
        return f"{self.centre}: {self.payment_id}"
