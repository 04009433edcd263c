"""An application as the API shows it: status, registrations and their certificates."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.urls import reverse

from dzong.applications.models import Application, IssuedRegistration
from dzong.certificates.models import Certificate
from dzong.certificates.services import verification_url


def application_document(
    application: Application, *, language: str, certificates: bool = True
) -> dict[str, Any]:
    """The application's document; `certificates=False` when none can exist yet (just
    submitted: they are issued in the background), which spares a query."""
    registrations = list(application.registrations.all())
    issued = _certificates(application) if certificates else defaultdict(list)
    return {
        "reference": application.reference,
        "service": application.definition.slug,
        "service_version": application.service_version.number,
        "status": application.status,
        "submitted_at": _moment(application.submitted_at),
        "decided_at": _moment(application.decided_at),
        "registrations": [
            _registration(application, registration, issued[registration.pk], language)
            for registration in registrations
        ],
        "links": {"self": reverse("api:application", args=[application.reference])},
    }


def _certificates(application: Application) -> defaultdict[int, list[Certificate]]:
    found: defaultdict[int, list[Certificate]] = defaultdict(list)
    for certificate in Certificate.objects.filter(application=application).order_by("pk"):
        found[certificate.registration_id].append(certificate)
    return found


def _registration(
    application: Application,
    registration: IssuedRegistration,
    certificates: list[Certificate],
    language: str,
) -> dict[str, Any]:
    definition = next(
        (r for r in application.definition.registrations if r.code == registration.code), None
    )
    return {
        "code": registration.code,
        "name": definition.name.get(language) if definition else registration.code,
        "agency": registration.agency,
        "number": registration.number,
        "issued_at": _moment(registration.issued_at),
        "certificates": [_certificate(application, c, language) for c in certificates],
    }


def _certificate(
    application: Application, certificate: Certificate, language: str
) -> dict[str, Any]:
    ready = certificate.status != Certificate.Status.PENDING and bool(certificate.pdf)
    pdf = reverse("api:certificate", args=[application.reference, certificate.pk])
    return {
        "id": certificate.pk,
        "title": certificate.title(language),
        "status": certificate.standing(),
        "verification_code": certificate.verification_code if ready else None,
        "valid_from": certificate.valid_from.isoformat(),
        "valid_until": _day(certificate.valid_until),
        "links": {
            "verify": verification_url(certificate.verification_code) if ready else None,
            "pdf": pdf if ready else None,
        },
    }


def _moment(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
