"""A new agency and its first administrator, invited by email from the command line.

The invitation's link is signed, expires after DZONG_INVITATION_DAYS and works once: it
carries a digest of the account's password, which accepting the invitation changes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from dzong.accounts.administration import ADMINISTRATOR
from dzong.accounts.models import StaffRole, User
from dzong.accounts.staff import check_staff_code
from dzong.audit.services import append
from dzong.catalogue.models import Agency, Role
from dzong.notifications.services import send_message

SALT = "dzong.accounts.invitation"


class InvitationRefused(Exception):
    """The agency or the person cannot be set up as asked."""


@transaction.atomic
def create_agency(*, code: str, name_en: str, name_dz: str) -> Agency:
    """A new agency with its administrator role; InvitationRefused if the code is taken."""
    if Agency.objects.filter(code=code).exists():
        raise InvitationRefused(f"An agency with the code {code} exists already.")
    agency = Agency.objects.create(code=code, name_en=name_en.strip(), name_dz=name_dz.strip())
    Role.objects.create(
        agency=agency, code=ADMINISTRATOR, name_en="Administrator", name_dz="བདག་སྐྱོང་པ།"
    )
    return agency


@transaction.atomic
def invite_administrator(*, agency: str, email: str, full_name: str = "") -> str:
    """A staff account holding the agency's administrator role, with no password yet, and
    an email with the link where they set one and enrol their authenticator app; the link."""
    role = Role.objects.filter(agency__code=agency, code=ADMINISTRATOR).first()
    if role is None:
        raise InvitationRefused(f"No agency {agency} (create it with `dzong agency create`).")
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email=email).exists():
        raise InvitationRefused(f"Someone has an account with {email} already.")
    user = User.objects.create_user(email, None, full_name=full_name.strip(), is_staff=True)
    StaffRole.objects.create(user=user, role=role)
    append(
        actor="system",
        action="staff.invited",
        subject=f"staff:{user.pk}",
        data={"agency": agency, "role": ADMINISTRATOR},
    )
    link = settings.DZONG_SITE_URL.rstrip("/") + reverse(
        "office:invitation", args=[invitation_token(user)]
    )
    _send(user, role.agency, link)
    return link


def _state(user: User) -> str:
    return salted_hmac(SALT, f"{user.pk}:{user.password}", algorithm="sha256").hexdigest()[:32]


def invitation_token(user: User) -> str:
    """The signed token of the invitation's link, valid until the password is set."""
    return signing.dumps([user.pk, _state(user)], salt=SALT, compress=True)


def invited_person(token: str) -> User | None:
    """The person the link invites, while it is fresh and unused; None otherwise."""
    max_age = settings.DZONG_INVITATION_DAYS * 24 * 3600
    try:
        pk, state = signing.loads(token, salt=SALT, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    user = User.objects.filter(pk=pk, is_staff=True, is_active=True).first()
    if user is None or user.has_usable_password():
        return None
    return user if constant_time_compare(_state(user), str(state)) else None


@transaction.atomic
def accept_invitation(*, user: User, password: str, code: str, address: str = "") -> bool:
    """Set the password and confirm the authenticator app in one go: False (nothing set) for a
    wrong code; ValidationError for a weak password."""
    validate_password(password, user)
    if not check_staff_code(user=user, code=code, address=address):
        return False
    user.set_password(password)
    user.save(update_fields=["password"])
    return True


def _send(user: User, agency: Agency, link: str) -> None:
    subjects, bodies = [], []
    for language in ("en", "dz"):
        with translation.override(language):
            subjects.append(_("Your invitation to Dzong's back office"))
            text = _(
                "You are invited to administer %(agency)s on Dzong. Open this link to choose "
                "your password and set up your authenticator app. It works once, for "
                "%(days)s days:"
            ) % {"agency": agency.name, "days": settings.DZONG_INVITATION_DAYS}
            bodies.append(f"{text}\n{link}")
    send_message(
        to=user,
        event="invitation",
        subject=" / ".join(subjects),
        body="\n\n".join(bodies),
        language=user.preferred_language,
        secret_link=True,
    )
