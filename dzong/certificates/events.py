"""The certificate events of an application, in the applicant's words (for the timeline)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dzong.applications.models import Event
from dzong.engine.definition import Service

KINDS = (
    Event.Kind.CERTIFICATE_ISSUED,
    Event.Kind.CERTIFICATE_REVOKED,
    Event.Kind.CERTIFICATE_REISSUED,
)


def describe_certificate_event(event: Event, service: Service, language: str) -> str:
    """One line about a certificate issued, revoked or reissued."""
    found = service.certificates.get(event.details.get("certificate", ""))
    values = {"certificate": found.title.get(language) if found else ""}
    if event.kind == Event.Kind.CERTIFICATE_ISSUED:
        return _("Certificate ready: %(certificate)s") % values
    if event.kind == Event.Kind.CERTIFICATE_REVOKED:
        return _("Certificate revoked: %(certificate)s") % values
    return _("Certificate reissued: %(certificate)s") % values
