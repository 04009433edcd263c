"""The owner of a business chooses who acts for it; every change is recorded and logged."""

from __future__ import annotations

import pytest

from dzong.accounts import national_identity
from dzong.accounts.models import User
from dzong.applications.tests.factories import founded_business
from dzong.audit.models import Entry
from dzong.organisations.models import MembershipChange, Organisation
from dzong.organisations.services import (
    AlreadyAMember,
    NoSuchPerson,
    NotTheOwner,
    OwnerStays,
    add_member,
    allow_to_apply,
    may_apply_for,
    remove_member,
)

CLAIMS = {
    "iss": "http://identity.example/o",
    "sub": "77",
    "citizenship_id": "10203040506",
    "name": "Sonam Choden",
    "birthdate": "1994-02-01",
}


@pytest.fixture
def business(applicant: User) -> Organisation:
    return founded_business(applicant)


def test_the_owner_adds_a_member_by_email_or_verified_citizenship_id(business, applicant):
    by_email = User.objects.create_user("pema@example.bt", None)
    by_id = User.objects.create_user("sonam@example.bt", None)
    national_identity.link(by_id, CLAIMS)

    add_member(organisation=business, actor=applicant, identifier=" PEMA@example.bt ")
    add_member(organisation=business, actor=applicant, identifier="10203040506", may_apply=True)

    assert not may_apply_for(by_email, business)
    assert may_apply_for(by_id, business)
    changes = business.changes.order_by("pk").values_list("member__email", "action")
    assert list(changes) == [
        ("pema@example.bt", "added"),
        ("sonam@example.bt", "added"),
        ("sonam@example.bt", "allowed"),
    ]
    logged = Entry.objects.filter(subject=f"organisation:{business.registration_number}")
    assert list(logged.order_by("position").values_list("action", "actor"))[1:] == [
        ("organisation.added", f"applicant:{applicant.pk}"),
        ("organisation.added", f"applicant:{applicant.pk}"),
        ("organisation.allowed", f"applicant:{applicant.pk}"),
    ]


def test_an_unknown_person_or_a_member_already_is_refused(business, applicant):
    User.objects.create_user("pema@example.bt", None)
    add_member(organisation=business, actor=applicant, identifier="pema@example.bt")
    with pytest.raises(AlreadyAMember):
        add_member(organisation=business, actor=applicant, identifier="pema@example.bt")
    for unknown in ("nobody@example.bt", "99999999999", ""):
        with pytest.raises(NoSuchPerson):
            add_member(organisation=business, actor=applicant, identifier=unknown)


def test_only_the_owner_changes_the_members_and_the_owner_stays(business, applicant):
    member = User.objects.create_user("pema@example.bt", None)
    add_member(organisation=business, actor=applicant, identifier="pema@example.bt", may_apply=True)
    with pytest.raises(NotTheOwner):
        add_member(organisation=business, actor=member, identifier="karma@example.bt")
    with pytest.raises(NotTheOwner):
        remove_member(organisation=business, actor=member, member=member)
    with pytest.raises(OwnerStays):
        remove_member(organisation=business, actor=applicant, member=applicant)
    with pytest.raises(OwnerStays):
        allow_to_apply(organisation=business, actor=applicant, member=applicant, may_apply=False)


def test_a_removed_member_may_no_longer_apply_and_may_be_added_again(business, applicant):
    member = User.objects.create_user("pema@example.bt", None)
    add_member(organisation=business, actor=applicant, identifier="pema@example.bt", may_apply=True)
    assert remove_member(organisation=business, actor=applicant, member=member)
    assert not remove_member(organisation=business, actor=applicant, member=member)
    assert not may_apply_for(member, business)
    add_member(organisation=business, actor=applicant, identifier="pema@example.bt")
    actions = list(business.changes.filter(member=member).order_by("pk").values_list("action"))
    assert [a for (a,) in actions] == ["added", "allowed", "removed", "added"]
    assert MembershipChange.objects.filter(action="removed").count() == 1
