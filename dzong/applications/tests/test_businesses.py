"""A registration that founds a business makes it an organisation once; applications for it
are prefilled from its registration, and seen by every member who may apply for it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dzong.accounts.models import User
from dzong.applications.demo_answers import filled
from dzong.applications.models import Application, IssuedRegistration
from dzong.applications.reactions import FOUND_BUSINESS
from dzong.applications.registrations import found_missing_businesses
from dzong.applications.services import NotActingForBusiness, save_page
from dzong.applications.tasks import found_businesses_of
from dzong.applications.tests.factories import business_draft, founded_business, run_reactions
from dzong.audit.models import Entry
from dzong.conftest import twice_at_once
from dzong.organisations.models import Membership, Organisation
from dzong.organisations.services import add_member, allow_to_apply, remove_member
from dzong.workflow.submission import submit_application


def _member(business: Organisation, email: str, *, may_apply: bool = True) -> User:
    person = User.objects.create_user(email, None, full_name="Sonam Choden")
    add_member(organisation=business, actor=business.owner, identifier=email, may_apply=may_apply)
    return person


def test_an_approved_business_licence_founds_one_organisation_owned_by_its_applicant(applicant):
    application = submit_application(application=business_draft(applicant)).application
    run_reactions(application, FOUND_BUSINESS)
    run_reactions(application, FOUND_BUSINESS)  # the job run twice founds nothing more

    business = Organisation.objects.get()
    licence = application.registrations.get(code="business-licence")
    assert (business.name, business.registration_number) == ("Wangmo Handicrafts", licence.number)
    assert (business.address, business.owner) == ("thimphu", applicant)
    owner = Membership.objects.get(organisation=business)
    assert (owner.user, owner.may_apply) == (applicant, True)
    assert Entry.objects.filter(action="organisation.founded").count() == 1


def test_a_draft_or_a_registration_awaiting_review_founds_nothing(applicant):
    business_draft(applicant)
    review = business_draft(applicant, name="Druk Tours", activity="tour-operator")
    review = submit_application(application=review).application
    run_reactions(review, FOUND_BUSINESS)
    assert not Organisation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_founding_on_two_workers_at_once_founds_one_organisation(demo):
    applicant = User.objects.create_user("karma@example.bt", None)
    application = submit_application(application=business_draft(applicant)).application
    ids = list(application.events.filter(kind="registered").values_list("pk", flat=True))

    outcomes = twice_at_once(lambda: found_businesses_of.call(event_ids=ids))

    assert sorted(len(o) for o in outcomes) == [0, 1], outcomes  # type: ignore[arg-type]
    assert Organisation.objects.count() == 1
    assert Membership.objects.count() == 1


def test_the_sweeper_founds_the_business_a_lost_job_left_unfounded(applicant):
    application = submit_application(application=business_draft(applicant)).application
    assert found_missing_businesses() == 0  # still waiting for its job
    IssuedRegistration.objects.filter(application=application).update(
        issued_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert found_missing_businesses() == 1
    assert found_missing_businesses() == 0
    assert Organisation.objects.get().owner == applicant


def test_an_application_for_a_business_starts_with_and_keeps_its_registrations_answers(
    applicant,
):
    business = founded_business(applicant)
    application = filled("industrial-land-lease", applicant, organisation=business)

    assert application.organisation == business
    assert application.answers["company_name"] == "Thunder Dragon Handicrafts"
    assert application.answers["business_licence_number"] == business.registration_number
    typed = {"company_name": "Another Name", "business_licence_number": "BL-1999-000001"}
    typed["contact_email"] = "office@thunder.bt"
    save_page(
        application=application, page_code="company", submitted=typed, uploads={}, language="en"
    )
    application.refresh_from_db()
    assert application.answers["company_name"] == "Thunder Dragon Handicrafts"
    assert application.answers["business_licence_number"] == business.registration_number


def test_applying_for_oneself_leaves_the_business_questions_to_fill(applicant):
    founded_business(applicant)
    application = filled("industrial-land-lease", applicant)
    assert application.organisation is None
    assert application.answers["company_name"] == "Druk Ferro Alloys"


def test_only_a_member_allowed_to_apply_may_start_an_application_for_the_business(applicant):
    business = founded_business(applicant)
    stranger = User.objects.create_user("stranger@example.bt", None)
    barred = _member(business, "barred@example.bt", may_apply=False)
    for person in (stranger, barred):
        with pytest.raises(NotActingForBusiness):
            filled("industrial-land-lease", person, organisation=business)


def test_members_allowed_to_apply_see_the_business_applications_until_removed(applicant):
    business = founded_business(applicant)
    member = _member(business, "sonam@example.bt")
    application = filled("industrial-land-lease", member, organisation=business)
    mine = filled("industrial-land-lease", member)
    visible = Application.objects.visible_to

    assert set(visible(applicant)) >= {application}
    assert mine not in set(visible(applicant))  # what a member applies for themselves is theirs
    assert {application, mine} <= set(visible(member))

    allow_to_apply(organisation=business, actor=applicant, member=member, may_apply=False)
    assert application not in set(visible(member)) and mine in set(visible(member))
    allow_to_apply(organisation=business, actor=applicant, member=member, may_apply=True)
    assert application in set(visible(member))
    remove_member(organisation=business, actor=applicant, member=member)
    assert application not in set(visible(member))
    assert application in set(visible(applicant))
