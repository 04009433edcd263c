"""Centres and their operators, and applying for a walk-in citizen: the request, the
citizen's consent (SMS code, national identity or signed paper form), refusal and expiry.

Nothing of the citizen is read or written before consent: the draft, whose applicant is the
citizen's account, is made when consent is given.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dzong.accounts import national_identity, wallet
from dzong.accounts.invitations import invitation_token
from dzong.accounts.models import User, VerifiedIdentity, WalletRequest, normalise_mobile
from dzong.accounts.oidc import Refused
from dzong.applications.models import Application
from dzong.applications.services import start_application
from dzong.applications.uploads import describe_upload, sha256_of
from dzong.audit.services import actor_of, append
from dzong.catalogue.models import ServiceVersion
from dzong.centres.models import AssistedApplication, Centre, Operator
from dzong.notifications.services import send_message

CITIZENSHIP_ID = re.compile(r"\d{11}")
CONSENT_FORM_TYPES = ("image/jpeg", "image/png", "application/pdf")
CONSENT_FORM_MAX_BYTES = 10 * 1024 * 1024
Method = AssistedApplication.Method
Consent = AssistedApplication.Consent


class CentreRefused(Exception):
    """What an operator or administrator asked cannot be done: a message per field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def operator_of(user: Any) -> Operator | None:
    """The user's place at an active centre, if they work at one."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_staff", False):
        return None
    found: Operator | None = (
        Operator.objects.select_related("centre")
        .filter(user=user, is_active=True, centre__is_active=True)
        .first()
    )
    return found


@transaction.atomic
def create_centre(
    *, actor: Any, code: str, name: str, gewog: str, dzongkhag: str, contact: str
) -> Centre:
    """A new community centre; CentreRefused if its code is taken or a field is empty."""
    values = {"code": code, "name": name, "gewog": gewog, "dzongkhag": dzongkhag}
    errors = {key: _("Enter this") for key, value in values.items() if not value.strip()}
    if code.strip() and Centre.objects.filter(code=code.strip().lower()).exists():
        errors["code"] = _("Another centre has this code")
    if errors:
        raise CentreRefused(errors)
    centre = Centre.objects.create(
        code=code.strip().lower(),
        name=name.strip(),
        gewog=gewog.strip(),
        dzongkhag=dzongkhag.strip(),
        contact=contact.strip(),
    )
    append(actor=actor_of(actor), action="centre.created", subject=f"centre:{centre.code}")
    return centre


@transaction.atomic
def add_operator(*, actor: Any, centre: Centre, email: str, full_name: str) -> User:
    """A new operator of the centre: a staff account with no password yet, who sets one
    through the invitation's link and enrols an authenticator app, as staff do."""
    email = User.objects.normalize_email(email.strip()).lower()
    if not email or "@" not in email:
        raise CentreRefused({"email": _("Enter an email address like name@example.bt")})
    if User.objects.filter(email=email).exists():
        raise CentreRefused({"email": _("Someone has an account with this email address")})
    user = User.objects.create_user(email, None, full_name=full_name.strip(), is_staff=True)
    Operator.objects.create(user=user, centre=centre)
    append(
        actor=actor_of(actor),
        action="centre.operator_added",
        subject=f"staff:{user.pk}",
        data={"centre": centre.code},
    )
    _invite(user, centre)
    return user


def _invite(user: User, centre: Centre) -> None:
    """The link where a new operator chooses a password and enrols an authenticator app."""
    link = settings.DZONG_SITE_URL.rstrip("/") + reverse(
        "office:invitation", args=[invitation_token(user)]
    )
    subjects, bodies = [], []
    for language in ("en", "dz"):
        with translation.override(language):
            subjects.append(_("Your invitation to work at a community centre on Dzong"))
            text = _(
                "You are invited to apply for citizens at %(centre)s. Open this link to choose "
                "your password and set up your authenticator app. It works once, for "
                "%(days)s days:"
            ) % {"centre": centre.name, "days": settings.DZONG_INVITATION_DAYS}
            bodies.append(f"{text}\n{link}")
    send_message(
        to=user,
        event="invitation",
        subject=" / ".join(subjects),
        body="\n\n".join(bodies),
        language=user.preferred_language,
        secret_link=True,
    )


def check_citizen(*, citizenship_id: str, mobile_number: str) -> tuple[str, str]:
    """The citizenship ID and mobile number as typed, cleaned; CentreRefused if wrong."""
    citizen = re.sub(r"\s", "", citizenship_id)[:40]
    errors = {}
    if not CITIZENSHIP_ID.fullmatch(citizen):
        errors["citizenship_id"] = _("Enter the 11 digits of the citizenship ID number")
    try:
        mobile = normalise_mobile(mobile_number)
    except ValueError as wrong:
        errors["mobile_number"] = str(wrong)
    if errors:
        raise CentreRefused(errors)
    return citizen, mobile


@transaction.atomic
def start_assisted(
    *, operator: Operator, slug: str, citizenship_id: str, mobile_number: str, language: str
) -> AssistedApplication:
    """An operator's request to apply for a citizen; nothing is shown until they consent."""
    version = ServiceVersion.objects.current_for(slug)
    errors = {} if version is not None else {"service": _("Choose a service")}
    try:
        citizen, mobile = check_citizen(citizenship_id=citizenship_id, mobile_number=mobile_number)
    except CentreRefused as refused:
        errors |= refused.errors
    if errors or version is None:
        raise CentreRefused(errors)
    assisted = AssistedApplication.objects.create(
        service_version=version,
        centre=operator.centre,
        operator=operator.user,
        citizenship_id=citizen,
        mobile_number=mobile,
        language="dz" if language == "dz" else "en",
    )
    audit_act(assisted, "centre.assisted_started", {"service": slug})
    return assisted


def audit_act(assisted: AssistedApplication, action: str, data: dict[str, Any]) -> None:
    append(
        actor=actor_of(assisted.operator),
        action=action,
        subject=f"assisted:{assisted.pk}",
        data={"centre": assisted.centre.code, **data},
    )


def requests_of(operator: Operator) -> Any:
    """The requests this operator made at their centre (pending, stopped or consented)."""
    return AssistedApplication.objects.filter(
        operator=operator.user, centre=operator.centre
    ).select_related("application", "service_version__service", "centre")


def assisted_application(*, operator: Operator, reference: str) -> AssistedApplication | None:
    """The assisted application the operator may work on (consented, still visible)."""
    visible = Application.objects.assisted_by(operator.user).filter(reference=reference)
    found: AssistedApplication | None = (
        AssistedApplication.objects.filter(application__in=visible)
        .select_related("application__service_version__service", "centre", "operator")
        .first()
    )
    return found


def locked_pending(assisted: AssistedApplication, now: dt.datetime) -> AssistedApplication:
    """The request, locked, while its consent is still to be given; CentreRefused otherwise."""
    locked = AssistedApplication.objects.select_for_update().get(pk=assisted.pk)
    if locked.consent_lapsed(now):  # the sweeper records it; it counts from now on
        locked.consent = Consent.EXPIRED
    if locked.consent != Consent.PENDING:
        raise CentreRefused({"consent": stopped_message(locked)})
    return locked


def stopped_message(assisted: AssistedApplication) -> str:
    """Why nothing more can be done with this request, in the reader's language."""
    if assisted.consent == Consent.EXPIRED:
        return _("The citizen did not consent in time. Start again if they still want to apply.")
    if assisted.consent == Consent.REFUSED:
        return _("The citizen refused consent. Nothing more can be done for this request.")
    return _("Consent was already given.")


def give_consent(
    *, assisted: AssistedApplication, method: str, citizen: User | None = None, **kept: Any
) -> AssistedApplication:
    """Record the citizen's consent and make the draft, theirs, for the operator to fill in.

    CentreRefused when it was refused, has expired or was given already."""
    now = timezone.now()
    with transaction.atomic():
        locked = locked_pending(assisted, now)
        applicant = citizen or _citizen_account(locked)
        application = start_application(
            version=locked.service_version,
            applicant=applicant,
            language=locked.language,
            actor=locked.operator,
            details={"centre": locked.centre.code},
        )
        for name, value in kept.items():
            setattr(locked, name, value)
        locked.application = application
        locked.consent, locked.consent_method, locked.consent_at = Consent.GIVEN, method, now
        locked.save()
        audit_act(
            locked, "centre.consent_given", {"method": method, "application": application.reference}
        )
    return locked


def _citizen_account(assisted: AssistedApplication) -> User:
    """The citizen's account: the one the national identity vouched for with this citizenship
    ID, else the one an earlier assisted application made, else the one holding the mobile
    number (unless the national identity vouched for someone else there), else a new one with
    no password and no email, holding the number: the citizen signs in to it by SMS code."""
    identity = VerifiedIdentity.objects.filter(citizenship_id=assisted.citizenship_id).first()
    if identity is not None:
        return identity.user
    earlier = (
        AssistedApplication.objects.filter(citizenship_id=assisted.citizenship_id)
        .exclude(application=None)
        .select_related("application__applicant")
        .first()
    )
    if earlier is not None and earlier.application is not None:
        applicant: User = earlier.application.applicant
        return applicant
    holder = User.objects.filter(mobile_number=assisted.mobile_number, is_staff=False).first()
    if holder is not None and not VerifiedIdentity.objects.filter(user=holder).exists():
        return holder
    user = User(email=None, preferred_language=assisted.language)
    if holder is None:
        user.mobile_number = assisted.mobile_number
    user.set_unusable_password()
    user.save()
    return user


def consent_by_paper(*, assisted: AssistedApplication, upload: Any) -> AssistedApplication:
    """Consent on a signed paper form, photographed or scanned: an image or PDF that reads
    whole, within the size limit; CentreRefused (the form's message) otherwise."""
    described = describe_upload(upload)
    if described["content_type"] not in CONSENT_FORM_TYPES or described.get("damaged"):
        raise CentreRefused({"consent_form": _("The file must be a photo (JPEG, PNG) or a PDF")})
    if described["size"] > CONSENT_FORM_MAX_BYTES:
        raise CentreRefused({"consent_form": _("The file must be smaller than 10 MB")})
    digest = sha256_of(upload)
    upload.name = f"consent-{secrets.token_hex(8)}.bin"  # tells nothing of the citizen
    return give_consent(
        assisted=assisted, method=Method.PAPER, consent_form=upload, consent_form_sha256=digest
    )


def consent_by_identity(
    *, assisted: AssistedApplication, citizen: User, method: str = Method.NATIONAL_IDENTITY
) -> AssistedApplication:
    """Consent by the citizen signing in with the national identity (or presenting it from
    their wallet): it must vouch for the citizenship ID the operator gave."""
    identity = VerifiedIdentity.objects.filter(user=citizen).first()
    if identity is None or identity.citizenship_id != assisted.citizenship_id:
        raise CentreRefused(
            {"consent": _("The national identity names someone else than this citizen.")}
        )
    return give_consent(assisted=assisted, method=method, citizen=citizen)


def open_wallet_consent() -> WalletRequest:
    """A request for the citizen's wallet, on their own phone, shown as a QR code at the
    centre; the wallet's answer comes to Dzong, not to the centre's computer."""
    return wallet.open_request(purpose=WalletRequest.Purpose.CONSENT)


def consent_by_wallet(*, assisted: AssistedApplication, request_id: str) -> AssistedApplication:
    """Consent by the citizen presenting their national identity from their wallet: the
    request the centre opened, answered and not yet used, vouching for this citizen."""
    try:
        citizen = wallet.take(request_id, response_code=None, purpose=WalletRequest.Purpose.CONSENT)
    except Refused as refusal:
        national_identity.record_refusal(refusal.reason)
        raise CentreRefused(
            {"consent": _("The citizen's wallet could not confirm who they are. Try again.")}
        ) from refusal
    return consent_by_identity(assisted=assisted, citizen=citizen, method=Method.WALLET)


@transaction.atomic
def refuse_consent(*, assisted: AssistedApplication) -> AssistedApplication:
    """The citizen said no: the request stops, and nothing is made."""
    locked = locked_pending(assisted, timezone.now())
    locked.consent = Consent.REFUSED
    locked.save(update_fields=["consent"])
    audit_act(locked, "centre.consent_refused", {})
    return locked


def expire_lapsed_consents(*, now: dt.datetime | None = None) -> int:
    """Stop every request whose consent was not given in time (safe to run twice, and on
    two workers at once: each row changes once); how many stopped."""
    limit = dt.timedelta(minutes=settings.DZONG_CENTRE_CONSENT_MINUTES)
    moment = (now or timezone.now()) - limit
    lapsed = AssistedApplication.objects.filter(consent=Consent.PENDING, arrived_at__lt=moment)
    return lapsed.update(consent=Consent.EXPIRED)
