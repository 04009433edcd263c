"""Acting for a business in the portal: choosing whom an application is for, the business's
pages in the account, who sees its applications, and the office's view of who applied."""

from __future__ import annotations

import pytest
from django.test import Client

from dzong.accounts.models import User
from dzong.applications.models import Application
from dzong.applications.tests.factories import business_draft, founded_business
from dzong.certificates.services import issue_certificates
from dzong.notifications.services import tell_of_events
from dzong.office.tests.support import office_client
from dzong.organisations.models import Organisation
from dzong.organisations.services import add_member, allow_to_apply, remove_member
from dzong.portal.tests.journeys import post_page
from dzong.workflow.submission import submit_application
from dzong.workflow.tests.factories import staff, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def business(applicant: User) -> Organisation:
    applicant.full_name = "Karma Wangmo"
    applicant.save(update_fields=["full_name"])
    return founded_business(applicant)


def _member(business: Organisation, email: str, *, may_apply: bool = True) -> User:
    person = User.objects.create_user(email, None, full_name="Sonam Choden")
    add_member(organisation=business, actor=business.owner, identifier=email, may_apply=may_apply)
    return person


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_person_acting_for_a_business_chooses_whom_they_apply_for(business, applicant):
    client = _signed_in(applicant)
    choose = client.get("/services/industrial-land-lease/apply/")
    assert "Who are you applying for?" in choose.text
    assert "For myself" in choose.text and "Thunder Dragon Handicrafts" in choose.text

    first = client.get(f"/services/industrial-land-lease/apply/?for={business.pk}").text
    assert 'value="Thunder Dragon Handicrafts" readonly' in first
    assert f'value="{business.registration_number}" readonly' in first
    assert "As the business is registered: it cannot be changed here." in first
    url = post_page(
        client,
        f"/services/industrial-land-lease/apply/?for={business.pk}",
        {"company_name": "Typed Over", "contact_email": "office@thunder.bt", "start_key": "k1"},
    )
    application = Application.objects.get(reference=url.split("/")[2])
    assert application.organisation == business and application.applicant == applicant
    assert application.answers["company_name"] == "Thunder Dragon Handicrafts"

    myself = client.get("/services/industrial-land-lease/apply/?for=myself").text
    assert 'name="company_name"' in myself and "readonly" not in myself


def test_the_choice_is_skipped_for_someone_acting_for_no_business(client, applicant):
    client.force_login(applicant)
    page = client.get("/services/industrial-land-lease/apply/").text
    assert "Who are you applying for?" not in page and 'name="company_name"' in page


def test_a_business_one_may_not_apply_for_cannot_be_chosen(business, applicant):
    barred = _member(business, "barred@example.bt", may_apply=False)
    outsider = founded_business(barred, name="Barred Crafts")
    client = _signed_in(applicant)
    refused = client.get(f"/services/industrial-land-lease/apply/?for={outsider.pk}")
    assert refused.status_code == 400 and "Choose who you are applying for" in refused.text
    sent = client.post(
        f"/services/industrial-land-lease/apply/?for={outsider.pk}", {"company_name": "x"}
    )
    assert sent.status_code == 400
    assert not Application.objects.filter(organisation=outsider).exclude(applicant=barred).exists()


def test_the_owner_manages_the_members_from_your_businesses(business, applicant):
    User.objects.create_user("pema@example.bt", None, full_name="Pema Lhamo")
    client = _signed_in(applicant)
    assert "Thunder Dragon Handicrafts" in client.get("/account/businesses/").text
    url = f"/account/businesses/{business.pk}/"

    bad = client.post(url, {"identifier": "12345"})
    assert bad.status_code == 400
    assert "citizenship ID number of 11 digits" in bad.text and 'value="12345"' in bad.text
    unknown = client.post(url, {"identifier": "nobody@example.bt"})
    assert "No Dzong account has this email address or ID" in unknown.text
    too_long = client.post(url, {"identifier": "a" * 300 + "@example.bt"})
    assert too_long.status_code == 400
    empty = client.post(url, {"identifier": ""})
    assert "Enter an email address or a citizenship ID number" in empty.text

    assert client.post(url, {"identifier": "pema@example.bt"}).status_code == 302
    pema = User.objects.get(email="pema@example.bt")
    page = client.get(url).text
    assert "Pema Lhamo" in page and "May not apply" in page
    member_url = f"{url}members/{pema.pk}/"
    assert client.post(member_url, {"change": "allow"}).status_code == 302
    assert "May apply" in client.get(url).text
    assert client.post(member_url, {"change": "remove"}).status_code == 302
    assert "Pema Lhamo" not in client.get(url).text
    assert list(business.changes.values_list("action", flat=True)) == [
        "removed",
        "allowed",
        "added",
    ]


def test_only_the_owner_changes_members_and_strangers_see_no_business(business, applicant):
    member = _member(business, "sonam@example.bt")
    url = f"/account/businesses/{business.pk}/"
    as_member = _signed_in(member)
    assert (
        "Sonam Choden" in as_member.get(url).text and "Add a member" not in as_member.get(url).text
    )
    assert as_member.post(url, {"identifier": "karma@example.bt"}).status_code == 403
    owner_url = f"{url}members/{applicant.pk}/"
    assert as_member.post(owner_url, {"change": "remove"}).status_code == 403
    assert _signed_in(applicant).post(owner_url, {"change": "remove"}).status_code == 403

    stranger = _signed_in(User.objects.create_user("stranger@example.bt", None))
    assert stranger.get(url).status_code == 404
    assert stranger.post(f"{url}members/{member.pk}/", {"change": "remove"}).status_code == 404
    assert "Thunder Dragon" not in stranger.get("/account/businesses/").text


def test_your_businesses_in_dzongkha(business, applicant):
    client = _signed_in(applicant)
    client.cookies["dzong_language"] = "dz"
    page = client.get(f"/account/businesses/{business.pk}/", HTTP_ACCEPT_LANGUAGE="dz").text
    assert "ཚོང་ལས་ཀྱི་དོན་ལུ་ ལཱ་འབད་མི་ཚུ།" in page and "Add a member" not in page


def _object_urls(business: Organisation, member: User) -> list[str]:
    """Every page of the portal, payments and downloads that shows something of one of the
    business's applications."""
    land = submitted("industrial-land-lease", member, organisation=business)
    licence = business_draft(member, name="Thunder Dragon Exports")
    licence.organisation = business
    licence.save(update_fields=["organisation"])
    licence = submit_application(application=licence).application
    certificate = issue_certificates(registrations=list(licence.registrations.all()))[0]
    draft = submitted("industrial-land-lease", member, organisation=business)
    Application.objects.filter(pk=draft.pk).update(status="draft")
    payment = land.payments.get()
    certificates = f"/applications/{licence.reference}/certificates/"
    return [
        f"/applications/{land.reference}/",
        f"/applications/{land.reference}/submitted/",
        f"/applications/{land.reference}/corrections/",
        f"/applications/{land.reference}/files/{land.attachments.get().pk}/",
        f"/applications/{draft.reference}/pages/company/",
        f"/applications/{draft.reference}/check/",
        f"/payments/{payment.reference}/receipt/",
        f"/payments/{payment.reference}/receipt.pdf",
        certificates,
        f"{certificates}{certificate.pk}/",
        f"{certificates}{certificate.pk}/credential/",
    ]


def _status(client: Client, url: str) -> int:
    response = client.get(url)
    if response.streaming:  # a download: read to its end, which closes its file
        b"".join(response.streaming_content)
    return int(response.status_code)


def test_every_object_url_of_a_business_application_is_for_its_members_who_may_apply(
    business, applicant
):
    member = _member(business, "sonam@example.bt")
    barred = _member(business, "barred@example.bt", may_apply=False)
    removed = _member(business, "removed@example.bt")
    stranger = User.objects.create_user("stranger@example.bt", None)
    urls = _object_urls(business, member)
    remove_member(organisation=business, actor=applicant, member=removed)

    for person in (applicant, member):
        client = _signed_in(person)
        for url in urls:
            assert _status(client, url) in {200, 302}, (person.email, url)
    for person in (barred, removed, stranger):
        client = _signed_in(person)
        for url in urls:
            assert _status(client, url) == 404, (person.email, url)
    allow_to_apply(organisation=business, actor=applicant, member=member, may_apply=False)
    assert _signed_in(member).get(urls[0]).status_code == 404  # at once


def test_members_see_the_business_applications_and_messages(business, applicant):
    member = _member(business, "sonam@example.bt")
    land = submitted("industrial-land-lease", member, organisation=business)
    client = _signed_in(applicant)
    listed = client.get("/applications/").text
    shown = client.get(f"/applications/{land.reference}/").text
    assert "For Thunder Dragon Handicrafts" in shown
    assert land.reference in listed and "For Thunder Dragon Handicrafts" in listed
    stranger = _signed_in(User.objects.create_user("stranger@example.bt", None))
    assert land.reference not in stranger.get("/applications/").text
    tell_of_events(event_ids=list(land.events.values_list("pk", flat=True)))
    assert land.reference in client.get("/messages/").text
    assert land.reference not in stranger.get("/messages/").text


def test_the_office_shows_who_applied_for_which_business(business, applicant):
    member = _member(business, "sonam@example.bt")
    land = submitted("industrial-land-lease", member, organisation=business)
    officer = office_client(staff("estate-officer", "industry"))
    said = "Sonam Choden for Thunder Dragon Handicrafts"
    assert said in officer.get(f"/office/applications/{land.reference}/").text
    assert said in officer.get("/office/").text
    own = submitted("industrial-land-lease", applicant)
    page = officer.get(f"/office/applications/{own.reference}/").text
    assert "Applied by Karma Wangmo<" in page
