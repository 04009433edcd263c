"""Changing businesses: founding one from its registration, and its owner choosing who acts
for it. Every change of members is a `MembershipChange` and an entry of the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from dzong.audit.services import actor_of, append
from dzong.organisations.models import Membership, MembershipChange, Organisation

MAX_IDENTIFIER_LENGTH = 254  # the longest email address; a citizenship ID is 11 digits


class NotTheOwner(Exception):
    """Only the business's owner changes who acts for it."""


class NoSuchPerson(Exception):
    """No account has this email address or verified citizenship ID."""


class AlreadyAMember(Exception):
    """The person already acts for the business."""


class OwnerStays(Exception):
    """The owner is always a member who may apply."""


@transaction.atomic
def found_business(
    *, name: str, registration_number: str, address: str, owner: Any, service: str
) -> tuple[Organisation, bool]:
    """The business a registration founded, owned by its applicant; once per registration
    number, however often it is asked (a job run twice, or at once on two workers)."""
    organisation, created = Organisation.objects.get_or_create(
        registration_number=registration_number,
        defaults={
            "name": name[:200],
            "address": address[:300],
            "owner": owner,
            "service": service,
        },
    )
    if created:
        Membership.objects.create(organisation=organisation, user=owner, may_apply=True)
        append(
            actor="system",
            action="organisation.founded",
            subject=_subject(organisation),
            data={"owner": owner.pk},
        )
    return organisation, created


def find_person(identifier: str) -> Any:
    """The account with this email address, or whose citizenship ID the national identity
    verified; NoSuchPerson otherwise."""
    identifier = identifier.strip()[:MAX_IDENTIFIER_LENGTH]
    users = get_user_model().objects.filter(is_active=True, is_staff=False)
    if "@" in identifier:
        found = users.filter(email__iexact=identifier).first()
    else:
        found = users.filter(verified_identity__citizenship_id=identifier).first()
    if found is None or not identifier:
        raise NoSuchPerson(identifier)
    return found


@transaction.atomic
def add_member(
    *, organisation: Organisation, actor: Any, identifier: str, may_apply: bool = False
) -> Membership:
    """Add a person (by email or citizenship ID) to those who act for the business."""
    _check_owner(organisation, actor)
    person = find_person(identifier)
    try:
        with transaction.atomic():  # one current membership each, also when added at once
            membership = Membership.objects.create(
                organisation=organisation, user=person, may_apply=may_apply
            )
    except IntegrityError as error:
        raise AlreadyAMember(identifier) from error
    _record(organisation, actor, person, MembershipChange.Action.ADDED)
    if may_apply:
        _record(organisation, actor, person, MembershipChange.Action.ALLOWED)
    return membership


@transaction.atomic
def remove_member(*, organisation: Organisation, actor: Any, member: Any) -> bool:
    """Remove a person from those who act for the business: at once they see none of its
    applications. Whether they were a member."""
    _check_owner(organisation, actor)
    if member.pk == organisation.owner_id:
        raise OwnerStays(member.pk)
    removed = (
        organisation.memberships.current().filter(user=member).update(removed_at=timezone.now())
    )
    if removed:
        _record(organisation, actor, member, MembershipChange.Action.REMOVED)
    return bool(removed)


@transaction.atomic
def allow_to_apply(*, organisation: Organisation, actor: Any, member: Any, may_apply: bool) -> bool:
    """Choose whether a member may apply for the business (and see its applications);
    whether it changed."""
    _check_owner(organisation, actor)
    if member.pk == organisation.owner_id:
        raise OwnerStays(member.pk)
    changed = (
        organisation.memberships.current()
        .filter(user=member)
        .exclude(may_apply=may_apply)
        .update(may_apply=may_apply)
    )
    if changed:
        action = (
            MembershipChange.Action.ALLOWED if may_apply else MembershipChange.Action.DISALLOWED
        )
        _record(organisation, actor, member, action)
    return bool(changed)


def may_apply_for(person: Any, organisation: Organisation) -> bool:
    """Whether this person may apply for the business now."""
    return Organisation.objects.acted_for_by(person).filter(pk=organisation.pk).exists()


def business_attributes(organisation: Organisation | None) -> dict[str, str]:
    """What the business's registration holds, for the fields prefilled from it
    (`business.name`, `business.licence_number`, `business.address`)."""
    if organisation is None:
        return {}
    found = {
        "business.name": organisation.name,
        "business.licence_number": organisation.registration_number,
        "business.address": organisation.address,
    }
    return {key: value for key, value in found.items() if value}


def _check_owner(organisation: Organisation, actor: Any) -> None:
    if getattr(actor, "pk", None) != organisation.owner_id:
        raise NotTheOwner(organisation.pk)


def _record(organisation: Organisation, actor: Any, member: Any, action: str) -> None:
    MembershipChange.objects.create(
        organisation=organisation, actor=actor, member=member, action=action
    )
    append(
        actor=actor_of(actor),
        action=f"organisation.{action}",
        subject=_subject(organisation),
        data={"member": member.pk},
    )


def _subject(organisation: Organisation) -> str:
    return f"organisation:{organisation.registration_number}"
