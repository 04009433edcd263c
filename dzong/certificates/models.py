"""Certificates: the authority and agency signing keys, and the certificates issued."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from dzong.applications.models import Application, IssuedRegistration
from dzong.certificates.queries import CertificateQuerySet, SigningKeyQuerySet


class Authority(models.Model):
    """A certificate authority whose root this platform trusts for its own signatures."""

    name = models.CharField(max_length=200)
    certificate_pem = models.TextField()
    private_key = models.TextField(help_text="PKCS#8 PEM, encrypted with a key from settings.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "authorities"

    def __str__(self) -> str:
        return self.name


class SigningKey(models.Model):
    """An agency's signing key and certificate; a rotated key is retired but still verifies."""

    agency = models.SlugField(max_length=63)
    key_id = models.CharField(max_length=64, unique=True)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="keys")
    certificate_pem = models.TextField()
    private_key = models.TextField(help_text="PKCS#8 PEM, encrypted with a key from settings.")
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = SigningKeyQuerySet.as_manager()

    class Meta:
        ordering = ["agency", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.agency}: {self.key_id}"


class AgencyEmblem(models.Model):
    """An agency's emblem, an SVG drawing checked to only draw, printed on its documents."""

    agency = models.SlugField(max_length=63, unique=True)
    svg = models.TextField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["agency"]

    def __str__(self) -> str:
        return self.agency


class Certificate(models.Model):
    """A certificate issued for a registration: its signed PDF, code, validity and status."""

    class Status(models.TextChoices):
        PENDING = "pending", "Being issued"
        ISSUED = "issued", "Issued"
        REVOKED = "revoked", "Revoked"
        REPLACED = "replaced", "Replaced"

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="certificates"
    )
    registration = models.ForeignKey(
        IssuedRegistration, on_delete=models.PROTECT, related_name="certificates"
    )
    code = models.SlugField(max_length=63)
    agency = models.SlugField(max_length=63)
    verification_code = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    signing_key = models.ForeignKey(
        SigningKey, on_delete=models.PROTECT, null=True, blank=True, related_name="certificates"
    )
    content = models.JSONField(default=dict, help_text="What the certificate shows, per language.")
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    pdf = models.FileField(upload_to="certificates/%Y/%m/", max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=500, blank=True)
    replaced_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(status="issued"),
                name="one_certificate_in_force_per_registration",
            ),
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(status="pending"),
                name="one_certificate_being_issued_per_registration",
            ),
        ]

    def __str__(self) -> str:
        return self.verification_code

    def standing(self, today: dt.date | None = None) -> str:
        """What a verifier is told: valid, expired, revoked, replaced or pending."""
        if self.status != self.Status.ISSUED:
            return str(self.status)
        today = today or timezone.localdate()
        if self.valid_until is not None and self.valid_until < today:
            return "expired"
        return "valid"

    def title(self, language: str) -> str:
        """The certificate's title in a language."""
        return str(self.content.get(language, {}).get("title", self.code))


class CredentialOffer(models.Model):
    """A certificate offered to the holder's wallet (OpenID for Verifiable Credential Issuance,
    pre-authorised code): the code is exchanged once for an access token, the token once for
    the credential, bound to the key the wallet proves it holds. Codes are kept as hashes."""

    class Status(models.TextChoices):
        OFFERED = "offered"
        EXCHANGED = "exchanged"
        ISSUED = "issued"

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="wallet_offers"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    nonce = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OFFERED)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    issued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.status}"
