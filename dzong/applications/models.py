"""Applications: drafts and submissions, their attachments, events and registrations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from dzong.applications.queries import ApplicationQuerySet, AttachmentQuerySet
from dzong.catalogue.models import ServiceVersion
from dzong.engine.definition import Service as ServiceDefinition


class Application(models.Model):
    """One applicant's application to one service version, from draft to outcome."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    reference = models.CharField(max_length=20, unique=True)
    service_version = models.ForeignKey(
        ServiceVersion, on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        help_text="The business applied for; none: the applicant applies for themselves.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    language = models.CharField(max_length=5, default="en")
    answers = models.JSONField(default=dict)
    last_page = models.CharField(max_length=63, blank=True)
    step = models.CharField(max_length=63, blank=True)
    step_due = models.DateTimeField(null=True, blank=True)
    fees = models.JSONField(default=list)
    start_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    start_digest = models.CharField(
        max_length=64,
        blank=True,
        help_text="A digest of the request that started it with its start key: a retry sends "
        "the same, another request reusing the key does not.",
    )
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    is_test = models.BooleanField(
        default=False,
        help_text="A designer's test run of a draft version: counted nowhere, removed later.",
    )
    erased_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When its answers and files were removed, past the service's retention period",
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["applicant", "-updated_at"], name="application_mine"),
            models.Index(fields=["status", "updated_at"], name="application_status_age"),
        ]

    def __str__(self) -> str:
        return self.reference

    @cached_property
    def definition(self) -> ServiceDefinition:
        """The definition this application is bound to for its whole life."""
        return self.service_version.definition

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def version(self) -> str:
        """The version of its answers a page carries, to tell whether they changed since."""
        return version_of(self.updated_at)

    def charged_fees(self) -> ChargedFees | None:
        """Each fee's amount as charged, by fee code (looked up when first read); None for a
        draft (nothing charged yet)."""
        return None if self.is_draft else ChargedFees(self)


def version_of(updated_at: dt.datetime) -> str:
    """A draft's version: the moment it was last saved, in microseconds."""
    return str(round(updated_at.timestamp() * 1_000_000))


class ChargedFees(Mapping[str, int]):
    """A submitted application's fees as charged: as paid where a payment settled them, as
    recorded at submission otherwise. Never worked out again from the answers."""

    def __init__(self, application: Application) -> None:
        self.application = application

    @cached_property
    def _amounts(self) -> dict[str, int]:
        charged = {line["code"]: line["amount"] for line in self.application.fees}
        paid: dict[str, int] = {}
        lines = self.application.payments.filter(status="paid").values_list(
            "lines__fee", "lines__amount"
        )
        for fee, amount in lines:
            if fee is not None:
                paid[fee] = paid.get(fee, 0) + amount
        return charged | paid

    def __getitem__(self, code: str) -> int:
        return self._amounts[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._amounts)

    def __len__(self) -> int:
        return len(self._amounts)


class Attachment(models.Model):
    """A file an applicant uploaded for a field; stored outside the public static files."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    field = models.CharField(max_length=200)
    file = models.FileField(upload_to="attachments/%Y/%m/", max_length=255)
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AttachmentQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.field}"

    def description(self) -> dict[str, Any]:
        """The answer that stands for this file in the application's answers."""
        return {
            "attachment": self.pk,
            "name": self.name,
            "size": self.size,
            "content_type": self.content_type,
            "sha256": self.sha256,
        }


class Event(models.Model):
    """Something that happened to an application: who, when, what, from which step to which."""

    class Kind(models.TextChoices):
        STARTED = "started", "Started"
        SUBMITTED = "submitted", "Submitted"
        MOVED = "moved", "Moved to a step"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        REGISTERED = "registered", "Registration issued"
        REMINDED = "reminded", "Reminded of the draft"
        CERTIFICATE_ISSUED = "certificate_issued", "Certificate issued"
        CERTIFICATE_REVOKED = "certificate_revoked", "Certificate revoked"
        CERTIFICATE_REISSUED = "certificate_reissued", "Certificate reissued"
        REFUNDED = "refunded", "Fees refunded"
        APPEALED = "appealed", "Appealed"
        APPEAL_DECIDED = "appeal_decided", "Appeal decided"
        COMPLAINED = "complained", "Complaint made"
        COMPLAINT_ANSWERED = "complaint_answered", "Complaint answered"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    from_step = models.CharField(max_length=63, blank=True)
    to_step = models.CharField(max_length=63, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.kind}"


class RegistrationState(models.Model):
    """Where one applicable registration of an application stands: its step and its outcome.

    A registration with its own steps moves through them in its own agency, beside the
    others; one without follows the service workflow.
    """

    class Outcome(models.TextChoices):
        PENDING = "", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="registration_states"
    )
    code = models.SlugField(max_length=63)
    agency = models.SlugField(max_length=63)
    own_steps = models.BooleanField(default=False)
    step = models.CharField(max_length=63, blank=True)
    outcome = models.CharField(
        max_length=10, choices=Outcome.choices, blank=True, default=Outcome.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "workflow_registrationstate"  # its table from before it came here
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "code"], name="one_state_per_registration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.code} ({self.outcome or 'pending'})"

    def refusal_reason(self) -> str:
        """The reason the officer gave for refusing this registration ('' if none or not
        refused): the latest reason given on its own steps."""
        if self.outcome != self.Outcome.REJECTED:
            return ""
        moves = self.application.events.filter(details__registration=self.code)
        for details in moves.order_by("-created_at", "-pk").values_list("details", flat=True):
            if isinstance(details, dict) and details.get("reason"):
                return str(details["reason"])
        return ""


class IssuedRegistration(models.Model):
    """A registration granted by an approved application, with its number."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="registrations"
    )
    service = models.SlugField(max_length=63)
    code = models.SlugField(max_length=63)
    agency = models.SlugField(max_length=63)
    number = models.CharField(max_length=40, unique=True)
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.number


class UniqueAnswer(models.Model):
    """An answer a registration holds that no later application may reuse (a business name)."""

    registration = models.ForeignKey(
        IssuedRegistration, on_delete=models.CASCADE, related_name="unique_answers"
    )
    service = models.SlugField(max_length=63)
    code = models.SlugField(max_length=63)
    value = models.CharField(max_length=500)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "code", "value"], name="unique_answer_per_registration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service}/{self.code}: {self.value}"


class NumberSequence(models.Model):
    """The last number given under a prefix and year (BL-2026), for registration numbers."""

    key = models.CharField(max_length=40, unique=True)
    last = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.last}"


class Removal(models.Model):
    """What the retention job removed: which application, of which service, and its dates;
    never its content."""

    reference = models.CharField(max_length=20, unique=True)
    service = models.SlugField(max_length=63)
    version = models.PositiveIntegerField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(default=timezone.now)
    files = models.PositiveIntegerField(default=0)
    whole = models.BooleanField(
        default=True,
        help_text="Removed whole; else its answers and files only, its payments, registrations "
        "and certificates being kept under their own rules",
    )

    class Meta:
        ordering = ["-removed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference} removed"


class PartialUpload(models.Model):
    """A file being sent in parts, resumable where the connection dropped (tus-like), until it
    is whole and sent with its page; removed once used, or when left unfinished a day."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="partial_uploads"
    )
    field = models.CharField(max_length=200)
    token = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=255)
    length = models.PositiveBigIntegerField()
    received = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.application_id}: {self.field} {self.received}/{self.length}"

    @property
    def is_whole(self) -> bool:
        return self.received == self.length


class UploadPart(models.Model):
    """One part of a partial upload, at its offset in the file."""

    upload = models.ForeignKey(PartialUpload, on_delete=models.CASCADE, related_name="parts")
    offset = models.PositiveBigIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering = ["offset"]
        constraints = [
            models.UniqueConstraint(fields=["upload", "offset"], name="one_part_per_offset")
        ]

    def __str__(self) -> str:
        return f"{self.upload_id}@{self.offset}"
