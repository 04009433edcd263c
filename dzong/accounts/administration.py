"""An agency's administrator manages its staff: adds members, grants and removes the agency's
roles, deactivates; never another agency's staff. Every change is a `StaffChange`."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from dzong.accounts.factors import forget_factors
from dzong.accounts.models import StaffChange, StaffRole, User
from dzong.audit.services import actor_of, append
from dzong.catalogue.models import Role

ADMINISTRATOR = "administrator"


class AlreadyRegistered(Exception):
    """Someone already has an account with this email address."""


def administers(person: Any, agency: str) -> bool:
    """Whether this member of staff holds the agency's administrator role."""
    if not getattr(person, "is_authenticated", False) or not getattr(person, "is_staff", False):
        return False
    held = StaffRole.objects.filter(user=person, role__agency__code=agency)
    return bool(person.is_active) and held.filter(role__code=ADMINISTRATOR).exists()


def administered_agencies(person: Any) -> list[str]:
    """The agencies this member of staff administers."""
    if not getattr(person, "is_authenticated", False) or not getattr(person, "is_staff", False):
        return []
    held = StaffRole.objects.filter(user=person, role__code=ADMINISTRATOR)
    return sorted(held.values_list("role__agency__code", flat=True))


def staff_of(agency: str) -> QuerySet[User]:
    """The agency's staff: holding one of its roles, or added by it and holding no other
    agency's role (so that removing every role does not lose them)."""
    elsewhere = StaffRole.objects.filter(user=OuterRef("pk")).exclude(role__agency__code=agency)
    added = Q(staff_changes__agency=agency, staff_changes__action=StaffChange.Action.ADDED)
    found = User.objects.filter(is_staff=True).filter(
        Q(staff_roles__role__agency__code=agency) | (added & ~Exists(elsewhere))
    )
    return found.distinct().order_by("email")


def _record(agency: str, actor: Any, staff: User, action: str, role: str = "") -> None:
    StaffChange.objects.create(agency=agency, actor=actor, staff=staff, action=action, role=role)
    append(
        actor=actor_of(actor),
        action=f"staff.{action}",
        subject=f"staff:{staff.pk}",
        data={"agency": agency, "role": role},
    )


@transaction.atomic
def add_staff(*, agency: str, actor: Any, email: str, full_name: str, roles: list[Role]) -> User:
    """A new member of staff with some of the agency's roles and a random password: they
    choose their own through the password reset, then enrol an authenticator app."""
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email=email).exists():
        raise AlreadyRegistered(email)
    user = User.objects.create_user(
        email, secrets.token_urlsafe(32), full_name=full_name.strip(), is_staff=True
    )
    _record(agency, actor, user, StaffChange.Action.ADDED)
    for role in roles:
        grant_role(agency=agency, actor=actor, staff=user, role=role)
    return user


@transaction.atomic
def grant_role(*, agency: str, actor: Any, staff: User, role: Role) -> bool:
    """Give a member of staff one of the agency's roles; whether it was new."""
    if role.agency.code != agency:
        raise ValueError("A role of another agency.")
    _, created = StaffRole.objects.get_or_create(user=staff, role=role)
    if created:
        _record(agency, actor, staff, StaffChange.Action.GRANTED, role.code)
    return created


@transaction.atomic
def remove_role(*, agency: str, actor: Any, staff: User, role: Role) -> bool:
    """Take one of the agency's roles from a member of staff; whether they held it."""
    if role.agency.code != agency:
        raise ValueError("A role of another agency.")
    removed, _ = StaffRole.objects.filter(user=staff, role=role).delete()
    if removed:
        _record(agency, actor, staff, StaffChange.Action.REMOVED, role.code)
    return bool(removed)


@transaction.atomic
def deactivate_staff(*, agency: str, actor: Any, staff: User) -> None:
    """Remove every role of the agency from a member of staff; their account is switched
    off unless they hold another agency's role (that agency still needs them)."""
    for held in StaffRole.objects.filter(user=staff, role__agency__code=agency).select_related(
        "role__agency"
    ):
        remove_role(agency=agency, actor=actor, staff=staff, role=held.role)
    if not StaffRole.objects.filter(user=staff).exists():
        User.objects.filter(pk=staff.pk).update(is_active=False)
    _record(agency, actor, staff, StaffChange.Action.DEACTIVATED)


@transaction.atomic
def reset_factors(*, agency: str, actor: Any, staff: User) -> None:
    """Remove a member of staff's passkeys, authenticator app and recovery codes (a lost
    phone or key) and end their sessions: they set up their second factor again at their next
    sign-in."""
    forget_factors(staff)
    staff.sessions_ended_at = timezone.now()  # a session on a lost device ends too
    staff.save(update_fields=["sessions_ended_at"])
    _record(agency, actor, staff, StaffChange.Action.RESET)
