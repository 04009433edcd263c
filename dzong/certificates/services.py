"""Issuing, revoking and reissuing certificates, and checking one someone presents."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dzong.applications.jobs import lease_expired_before
from dzong.applications.models import Event, IssuedRegistration
from dzong.applications.numbers import ALPHABET
from dzong.applications.services import note_events
from dzong.certificates.emblems import check_emblem
from dzong.certificates.keys import key_pair, load_certificate, signing_key_for, trust_roots
from dzong.certificates.models import AgencyEmblem, Certificate, SigningKey
from dzong.certificates.rendering import LANGUAGES, render_pdf
from dzong.certificates.signing import Finding, check_signature, sign_pdf
from dzong.engine.certificates import Issue, certificate_data
from dzong.engine.definition import Certificate as CertificateDefinition
from dzong.engine.formatting import format_date
from dzong.notifications.services import send_message, site_url, tell_applicant_once

logger = logging.getLogger(__name__)


SWEPT_BACK = dt.timedelta(days=30)  # how far back the sweeper looks for a missing certificate
TEST_MARK = "TEST / SPECIMEN"
TEST_NOTE = f"{TEST_MARK}: issued by a designer's test run; not signed, not valid."


class NotRevocable(Exception):
    """Only a certificate that is in force can be revoked or reissued."""


def new_verification_code() -> str:
    """A code printed on a certificate, like 7KQ2-M9XA-3TRW: random, so it tells nothing."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return "-".join(code[i : i + 4] for i in range(0, 12, 4))


def verification_url(code: str) -> str:
    """The public address that shows a certificate's status (printed and in the QR code)."""
    path = reverse("verify:certificate", args=[code])
    return settings.DZONG_SITE_URL.rstrip("/") + path


def _definition_of(registration: IssuedRegistration) -> CertificateDefinition | None:
    service = registration.application.definition
    found = next((r for r in service.registrations if r.code == registration.code), None)
    if found is None or not found.certificate:
        return None
    return service.certificates.get(found.certificate)


def _content(registration: IssuedRegistration, definition: CertificateDefinition) -> dict[str, Any]:
    application = registration.application
    service = application.definition
    issue = Issue(
        reference=application.reference,
        number=registration.number,
        issue_date=timezone.localdate(registration.issued_at),
    )
    content: dict[str, Any] = {}
    charged = application.charged_fees()
    for language in LANGUAGES:
        data = certificate_data(
            service, definition, application.answers, issue, language, charged=charged
        )
        content[language] = {
            "agency": service.agency_name(registration.agency).get(language),
            **data.printed(),
        }
        if application.is_test:
            _mark_as_test(content[language])
        content["valid_from"] = data.valid_from.isoformat()
        content["valid_until"] = data.valid_until.isoformat() if data.valid_until else None
    return content


def _mark_as_test(shown: dict[str, Any]) -> None:
    """A test run's certificate says so in its title and first line, in every language."""
    shown["title"] = f"{TEST_MARK} · {shown['title']}"
    shown["paragraphs"] = [TEST_NOTE, *shown["paragraphs"]]


def set_agency_emblem(*, agency: str, svg: bytes) -> AgencyEmblem:
    """Keep an agency's emblem, replacing any before; EmblemRefused if it does more than draw."""
    text = check_emblem(svg)
    emblem, _created = AgencyEmblem.objects.update_or_create(
        agency=agency, defaults={"svg": text, "updated_at": timezone.now()}
    )
    return emblem


def set_agency_emblems_from(*, folder: Path, agencies: Iterable[str]) -> int:
    """Each agency's emblem from `<folder>/<agency>.svg`, where there is one; how many set."""
    paths = [(agency, folder / f"{agency}.svg") for agency in agencies]
    found = [(agency, path) for agency, path in paths if path.is_file()]
    for agency, path in found:
        set_agency_emblem(agency=agency, svg=path.read_bytes())
    return len(found)


def agency_emblem(agency: str) -> str | None:
    """The agency's emblem as SVG text, or None when it has none."""
    svg: str | None = (
        AgencyEmblem.objects.filter(agency=agency).values_list("svg", flat=True).first()
    )
    return svg


def issue_certificate(
    *, registration: IssuedRegistration, replaces: Certificate | None = None, actor: Any = None
) -> Certificate | None:
    """Render, sign and store the registration's certificate; None when it has none.

    The certificate row is claimed first (a pending row), then the PDF is written, then the
    row is marked issued. Idempotent: a registration that was ever given a certificate keeps
    what it has (in force, revoked or replaced: a retried job re-issues nothing), and two
    workers at once give one certificate. With `replaces`, that one is marked replaced.
    """
    definition = _definition_of(registration)
    if definition is None:
        return None
    claim = _claim(registration, definition.code, replacing=replaces is not None)
    if claim is None:
        if replaces is not None:
            raise NotRevocable(replaces.verification_code)
        return _latest(registration)
    content = _content(registration, definition)
    pdf = render_pdf(
        content,
        code=claim.verification_code,
        url=verification_url(claim.verification_code),
        emblem=agency_emblem(registration.agency),
    )
    key, signed = _signed(registration, content, pdf)
    _fill(claim, key, content, signed)
    return _store_with_pdf(claim, signed, replaces, actor)


def _latest(registration: IssuedRegistration) -> Certificate | None:
    """What the registration was given: its certificate in force, else its latest one."""
    found: Certificate | None = _in_force(registration) or (
        registration.certificates.exclude(status=Certificate.Status.PENDING).last()
    )
    return found


def _claim(registration: IssuedRegistration, code: str, *, replacing: bool) -> Certificate | None:
    """A pending certificate row this worker alone fills, or None when there is nothing to
    issue: the registration has its certificate, or another worker is issuing it now."""
    with transaction.atomic():
        IssuedRegistration.objects.select_for_update().filter(pk=registration.pk).first()
        rows = registration.certificates.all()
        pending = rows.filter(status=Certificate.Status.PENDING).first()
        if pending is not None and not _discard_if_abandoned(pending):
            return None
        if not replacing and rows.exists():
            return None
        claim = Certificate(
            application_id=registration.application_id,
            registration=registration,
            code=code,
            agency=registration.agency,
            verification_code=new_verification_code(),
            valid_from=timezone.localdate(),
        )
        claim.pdf.name = _pdf_name(claim)
        claim.save()
    return claim


def _pdf_name(claim: Certificate) -> str:
    """Where the claim's signed PDF will be stored (named by its verification code)."""
    return str(claim.pdf.field.generate_filename(claim, f"{claim.verification_code}.pdf"))


def _discard_if_abandoned(pending: Certificate) -> bool:
    """Remove a pending row whose worker is gone (past the lease), and any file it left;
    False while its worker may still be at it."""
    if pending.created_at >= lease_expired_before():
        return False
    left = pending.pdf.name
    Certificate.objects.filter(pk=pending.pk, status=Certificate.Status.PENDING).delete()
    if left:
        transaction.on_commit(lambda: default_storage.delete(left))
    return True


def _fill(
    claim: Certificate, key: SigningKey | None, content: dict[str, Any], signed: bytes
) -> None:
    until = content["valid_until"]
    claim.signing_key = key
    claim.content = content
    claim.valid_from = dt.date.fromisoformat(content["valid_from"])
    claim.valid_until = dt.date.fromisoformat(until) if until else None
    claim.sha256 = hashlib.sha256(signed).hexdigest()
    claim.issued_at = timezone.now()
    claim.status = Certificate.Status.ISSUED


def _store_with_pdf(
    claim: Certificate, signed: bytes, replaces: Certificate | None, actor: Any
) -> Certificate:
    """Write the signed PDF under the claim's name, then mark the claim issued; if that does
    not commit, the file is removed: no PDF is left without its certificate."""
    name = claim.pdf.name
    stored = default_storage.save(name, ContentFile(signed))
    try:
        if stored != name:
            raise IntegrityError(f"{name} was taken")
        return _store(claim, replaces, actor)
    except BaseException:
        default_storage.delete(stored)
        if replaces is not None:
            _drop_claim(claim)
        raise


@transaction.atomic
def _store(claim: Certificate, replaces: Certificate | None, actor: Any) -> Certificate:
    """Mark the claimed certificate issued, if the claim is still this worker's; the one it
    replaces, if still in force, is marked replaced."""
    if replaces is not None:
        in_force = Certificate.objects.filter(pk=replaces.pk, status=Certificate.Status.ISSUED)
        if not in_force.update(status=Certificate.Status.REPLACED):
            raise NotRevocable(replaces.verification_code)
    ours = Certificate.objects.filter(
        pk=claim.pk, status=Certificate.Status.PENDING, verification_code=claim.verification_code
    )
    fields = ("status", "signing_key", "content", "valid_from", "valid_until", "sha256")
    if not ours.update(
        **{name: getattr(claim, name) for name in fields}, issued_at=claim.issued_at
    ):
        raise IntegrityError(f"The claim on {claim.verification_code} was taken over.")
    if replaces is not None:
        Certificate.objects.filter(pk=replaces.pk).update(replaced_by=claim)
    kind = Event.Kind.CERTIFICATE_REISSUED if replaces else Event.Kind.CERTIFICATE_ISSUED
    note_events(
        [
            Event(
                application_id=claim.application_id,
                kind=kind,
                actor=actor,
                details={"certificate": claim.code, "number": claim.registration.number},
            )
        ]
    )
    return claim


def _drop_claim(claim: Certificate) -> None:
    """A reissue that cannot go ahead gives up its pending row (kept by its own commit)."""
    with transaction.atomic():
        Certificate.objects.filter(
            pk=claim.pk,
            status=Certificate.Status.PENDING,
            verification_code=claim.verification_code,
        ).delete()


def _signed(
    registration: IssuedRegistration, content: dict[str, Any], pdf: bytes
) -> tuple[SigningKey | None, bytes]:
    """The PDF signed with the agency's key; a test run's is left unsigned, so never genuine."""
    if registration.application.is_test:
        return None, pdf
    agency_name = registration.application.definition.agency_name(registration.agency)
    key = signing_key_for(registration.agency, agency_name.en)
    signed = sign_pdf(
        pdf, pair=key_pair(key), reason=content["en"]["title"], location=settings.DZONG_SITE_URL
    )
    return key, signed


def _in_force(registration: IssuedRegistration) -> Certificate | None:
    found: Certificate | None = registration.certificates.filter(
        status=Certificate.Status.ISSUED
    ).first()
    return found


def issue_certificates(*, registrations: Iterable[IssuedRegistration]) -> list[Certificate]:
    """Issue the certificate of each registration that has one (each in its own transaction)."""
    issued = [issue_certificate(registration=r) for r in registrations]
    return [c for c in issued if c is not None]


def revoke_certificate(*, certificate: Certificate, reason: str, actor: Any = None) -> Certificate:
    """Revoke a certificate in force, with a reason; verifiers see it revoked from now on."""
    reason = reason.strip()
    if not reason:
        raise ValueError("A revocation needs a reason.")
    with transaction.atomic():
        locked: Certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.status != Certificate.Status.ISSUED:
            raise NotRevocable(locked.verification_code)
        locked.status = Certificate.Status.REVOKED
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason[:500]
        locked.save(update_fields=["status", "revoked_at", "revoked_reason"])
        note_events(
            [
                Event(
                    application=locked.application,
                    kind=Event.Kind.CERTIFICATE_REVOKED,
                    actor=actor,
                    details={
                        "certificate": locked.code,
                        "verification_code": locked.verification_code,
                    },
                )
            ]
        )
    return locked


def reissue_certificate(*, certificate: Certificate, actor: Any = None) -> Certificate:
    """A new certificate for the same registration; the old one is marked replaced by it."""
    if certificate.status != Certificate.Status.ISSUED:
        raise NotRevocable(certificate.verification_code)
    new = issue_certificate(
        registration=certificate.registration, replaces=certificate, actor=actor
    )
    if new is None:
        raise NotRevocable(certificate.verification_code)
    certificate.refresh_from_db()
    return new


@dataclass(frozen=True)
class Presented:
    """What checking an uploaded PDF found, and the certificate it is, when it is one."""

    finding: str  # genuine, altered, foreign or unreadable
    certificate: Certificate | None = None


def check_presented_pdf(*, pdf: bytes) -> Presented:
    """Whether a PDF is a certificate this platform issued, unaltered.

    Genuine needs both an intact signature by one of our keys and the very bytes we issued.
    """
    roots = trust_roots()
    ours = [load_certificate(k.certificate_pem) for k in SigningKey.objects.all()]
    finding = check_signature(pdf, roots=roots, ours=ours)
    if finding is Finding.UNREADABLE:
        return Presented("unreadable")
    if finding is Finding.FOREIGN:
        return Presented("foreign")
    issued = (
        Certificate.objects.ready()
        .filter(sha256=hashlib.sha256(pdf).hexdigest(), application__is_test=False)
        .first()
    )
    if finding is Finding.ALTERED or issued is None:
        return Presented("altered")
    return Presented("genuine", issued)


def registrations_granted_by(*, event_ids: Sequence[int]) -> list[int]:
    """The registrations granted by these events ("registered"), by their numbers."""
    granted = Event.objects.filter(pk__in=event_ids, kind=Event.Kind.REGISTERED)
    numbers = [event.details["number"] for event in granted]
    found = IssuedRegistration.objects.filter(number__in=numbers).order_by("pk")
    return list(found.values_list("pk", flat=True))


def issue_and_announce(*, registration_ids: list[int]) -> list[str]:
    """Issue the registrations' certificates; email the applicant once they are ready.

    Safe to run twice: nothing is issued again (nor a revoked one brought back), and the
    message is recorded once for these registrations."""
    registrations = list(
        IssuedRegistration.objects.filter(pk__in=registration_ids)
        .select_related("application__service_version", "application__applicant")
        .order_by("pk")
    )
    issued = issue_certificates(registrations=registrations)
    tested = any(r.application.is_test for r in registrations)  # nobody to tell of a test run
    # Read back what is in force: with two workers at once, each may have issued a part.
    ready = list(
        Certificate.objects.filter(registration__in=registrations, status="issued").order_by(
            "registration_id"
        )
    )
    if ready and not tested and len(ready) == len(_with_certificates(registrations)):
        once_key = "certificates_ready:" + ",".join(str(r.pk) for r in registrations)
        announce_certificates(certificates=ready, once_key=once_key)
    return [c.verification_code for c in issued]


def _with_certificates(registrations: list[IssuedRegistration]) -> list[IssuedRegistration]:
    return [r for r in registrations if _definition_of(r) is not None]


def announce_certificates(*, certificates: list[Certificate], once_key: str) -> None:
    """Tell the applicant, in their language, that their certificates can be downloaded;
    once for `once_key`."""
    application = certificates[0].application
    language = application.language
    with translation.override(language):
        subject = _("Your certificates for %(reference)s are ready") % {
            "reference": application.reference
        }
        titles = "\n".join(f"- {c.title(language)}" for c in certificates)
        body = _(
            "Your certificates are ready:\n%(titles)s\n\nDownload them from your application's "
            "page:\n%(link)s\n"
        ) % {
            "titles": titles,
            "link": site_url(reverse("portal:application", args=[application.reference])),
        }
    tell_applicant_once(
        application=application,
        event="certificates_ready",
        subject=subject,
        body=body,
        once_key=once_key,
    )


def issue_missing_certificates(*, older_than: dt.timedelta = dt.timedelta(minutes=5)) -> int:
    """Issue the certificates that approved registrations should have and do not (their job
    was lost, or its worker died), and tell the applicant; how many registrations repaired.

    Registrations granted together are repaired together, as their job would have."""
    now = timezone.now()
    lacking = (
        IssuedRegistration.objects.filter(
            issued_at__lt=now - older_than,
            issued_at__gte=now - SWEPT_BACK,
            application__is_test=False,
        )
        .exclude(certificates__status__in=["issued", "revoked", "replaced"])
        .values_list("application_id", "issued_at")
        .order_by()
        .distinct()
    )
    repaired = 0
    for application_id, issued_at in list(lacking):
        batch = IssuedRegistration.objects.filter(
            application_id=application_id, issued_at=issued_at
        ).order_by("pk")
        ids = list(batch.values_list("pk", flat=True))
        repaired += len(issue_and_announce(registration_ids=ids))
    return repaired


def remind_of_renewals(*, today: dt.date | None = None) -> int:
    """Remind holders of certificates expiring within the renewal period; each one once."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=settings.DZONG_CERTIFICATE_RENEWAL_DAYS)
    due = Certificate.objects.expiring_between(today, horizon).filter(
        reminded_at__isnull=True, application__is_test=False
    )
    count = 0
    for certificate in due.select_related("application__applicant", "application__service_version"):
        with transaction.atomic():
            claimed = Certificate.objects.filter(pk=certificate.pk, reminded_at__isnull=True)
            if claimed.update(reminded_at=timezone.now()):
                _remind(certificate)
                count += 1
    return count


def _remind(certificate: Certificate) -> None:
    application = certificate.application
    language = application.language
    slug = application.definition.slug
    expiry = format_date(certificate.valid_until or timezone.localdate(), language)
    with translation.override(language):
        subject = _("Your %(title)s expires on %(date)s") % {
            "title": certificate.title(language),
            "date": expiry,
        }
        body = _(
            "Your %(title)s (verification code %(code)s) expires on %(date)s.\n\n"
            "To renew it, apply again here:\n%(link)s\n"
        ) % {
            "title": certificate.title(language),
            "code": certificate.verification_code,
            "date": expiry,
            "link": site_url(reverse("portal:service", args=[slug])),
        }
    send_message(
        to=application.applicant,
        event="renewal_reminder",
        subject=subject,
        body=body,
        language=language,
        application=application,
    )
