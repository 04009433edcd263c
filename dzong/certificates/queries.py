"""QuerySets of certificates and signing keys, permission filtering included."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models


class CertificateQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> CertificateQuerySet:
        """What this person may download: the certificates of the applications they may
        see."""
        from dzong.applications.models import Application

        return self.filter(application__in=Application.objects.visible_to(user))

    def ready(self) -> CertificateQuerySet:
        """Certificates with a signed PDF (issued, and those since revoked or replaced)."""
        return self.exclude(status="pending")

    def by_code(self, code: str) -> CertificateQuerySet:
        """The certificate with a verification code, as typed (case and dashes forgiven)."""
        # A test run's certificate is never found: it cannot pass for a real one.
        found = self.filter(verification_code=normalise_code(code), application__is_test=False)
        return found.exclude(status="pending")

    def expiring_between(self, start: dt.date, end: dt.date) -> CertificateQuerySet:
        """Certificates in force whose validity ends in this period (both days included)."""
        return self.filter(status="issued", valid_until__gte=start, valid_until__lte=end)


class SigningKeyQuerySet(models.QuerySet[Any]):
    def active(self) -> SigningKeyQuerySet:
        """Keys that sign new certificates (one per agency)."""
        return self.filter(retired_at__isnull=True)


def normalise_code(typed: str) -> str:
    """A verification code as stored: upper case, in groups of four joined by dashes."""
    letters = "".join(ch for ch in typed.upper() if ch.isalnum())[:16]
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))
