"""The certificates' part of a person's data: each certificate issued to them, and its PDF."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models.fields.files import FieldFile

from dzong.applications.personal_data import when
from dzong.certificates.models import Certificate


def _mine(person: Any) -> Any:
    issued = Certificate.objects.filter(application__applicant=person, application__is_test=False)
    return issued.select_related("application").order_by("pk")


def _path(certificate: Certificate) -> str:
    return f"certificates/{certificate.application.reference}/{certificate.verification_code}.pdf"


def certificates_of(person: Any) -> list[dict[str, Any]]:
    """Each certificate issued for the person's applications."""
    return [
        {
            "application": certificate.application.reference,
            "code": certificate.code,
            "agency": certificate.agency,
            "verification_code": certificate.verification_code,
            "status": certificate.status,
            "valid_from": when(certificate.valid_from),
            "valid_until": when(certificate.valid_until),
            "issued_at": when(certificate.issued_at),
            "revoked_at": when(certificate.revoked_at),
            "in_zip": _path(certificate) if certificate.pdf else None,
        }
        for certificate in _mine(person)
    ]


def certificate_files(person: Any) -> Iterator[tuple[str, FieldFile]]:
    """The certificates' PDFs, with their place in the zip."""
    for certificate in _mine(person):
        if certificate.pdf:
            yield _path(certificate), certificate.pdf
