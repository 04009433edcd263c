"""Service performance for the public: daily figures read from the events, and feedback."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from dzong.applications.models import Application


class DailyFigure(models.Model):
    """One service's figures for one day, computed from the events (a row per day and
    service, written again whole whenever the day is computed)."""

    day = models.DateField()
    service = models.SlugField(max_length=63)
    agency = models.SlugField(max_length=63)
    received = models.PositiveIntegerField(default=0)
    approved = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    sent_back = models.PositiveIntegerField(default=0)
    automatic = models.PositiveIntegerField(default=0, help_text="Approved with no officer.")
    within_promise = models.PositiveIntegerField(
        default=0, help_text="Decided within the working days the service's deadlines promise."
    )
    promised_days = models.PositiveIntegerField(null=True, blank=True)
    decision_days = models.JSONField(
        default=dict, help_text="Working days from submission to decision: {days: count}."
    )
    step_days = models.JSONField(
        default=dict, help_text="Working days at each human step: {step: {days: count}}."
    )
    payments = models.JSONField(
        default=dict, help_text="Payments settled: {channel: [count, minor units]}."
    )
    currency = models.CharField(max_length=3, default="BTN")
    ratings = models.JSONField(default=dict, help_text="Feedback given: {rating: count}.")
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["day", "service"]
        constraints = [
            models.UniqueConstraint(fields=["day", "service"], name="one_figure_per_day_service")
        ]
        indexes = [models.Index(fields=["agency", "day"], name="figure_agency_day")]

    def __str__(self) -> str:
        return f"{self.service} {self.day}"

    @property
    def decided(self) -> int:
        return self.approved + self.rejected


class Feedback(models.Model):
    """An applicant's rating (1 to 5) and comment on a decided application, given once."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="feedback"
    )
    service = models.SlugField(max_length=63)
    rating = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-given_at", "-pk"]
        indexes = [models.Index(fields=["service", "given_at"], name="feedback_service_day")]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.rating}"
