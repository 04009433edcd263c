import io

import pytest
from django.core.management import call_command

from dzong.accounts.models import User
from dzong.applications.models import Application, IssuedRegistration
from dzong.portal.tests.journeys import BUSINESS, fill_business, post_page, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def applicant(client, demo):
    user = User.objects.create_user("karma@example.bt", None, full_name="Karma Wangmo")
    client.force_login(user)
    return user


def test_starting_needs_an_account(client, demo):
    response = client.get("/services/register-business/apply/")
    assert response.status_code == 302
    assert "sign-in" in response["Location"] or "login" in response["Location"]


def test_the_first_page_shows_its_progress_and_fields(client, applicant):
    page = client.get("/services/register-business/apply/").text
    assert "Page 1 of 2" in page
    assert 'name="full_name"' in page and 'name="date_of_birth-day"' in page


def test_a_business_meeting_the_rule_is_approved_at_once_with_its_numbers(client, applicant):
    confirmation = submit(client, fill_business(client))
    page = client.get(confirmation).text
    application = Application.objects.get()
    assert application.status == "approved"
    assert application.reference in page
    numbers = list(IssuedRegistration.objects.values_list("code", "number"))
    assert [code for code, _ in numbers] == ["business-licence", "taxpayer", "employer"]
    assert all(number in page for _, number in numbers)
    assert numbers[0][1].startswith("BL-")


def test_a_page_with_errors_keeps_what_was_typed_and_links_each_error(client, applicant):
    typed = {**BUSINESS["about-you"], "cid": "123", "mobile": "99"}
    response = client.post("/services/register-business/apply/", typed)
    assert response.status_code == 200
    assert 'href="#f-cid"' in response.text and 'href="#f-mobile"' in response.text
    assert 'value="Karma Wangmo"' in response.text and 'value="123"' in response.text
    assert response.text.count("govuk-error-message") == 2
    draft = Application.objects.get()
    assert draft.answers["full_name"] == "Karma Wangmo"


def test_submitting_twice_gives_one_application(client, applicant):
    check_url = fill_business(client)
    key = client.get(check_url).text.split('name="submission_key" value="')[1].split('"')[0]
    first = client.post(check_url, {"declaration": "yes", "submission_key": key})
    second = client.post(check_url, {"declaration": "yes", "submission_key": key})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Application.objects.count() == 1
    assert IssuedRegistration.objects.count() == 3


def test_the_declaration_is_required(client, applicant):
    check_url = fill_business(client)
    response = client.post(check_url, {"submission_key": "k"})
    assert response.status_code == 200
    assert "Confirm that the information" in response.text
    assert Application.objects.get().status == "draft"


def test_another_applicant_cannot_open_a_draft(client, applicant):
    check_url = fill_business(client)
    other = User.objects.create_user("other@example.bt", None)
    client.force_login(other)
    assert client.get(check_url).status_code == 404
    reference = Application.objects.get().reference
    assert client.get(f"/applications/{reference}/").status_code == 404


def test_a_duplicate_business_name_is_refused_with_the_services_message(client, applicant):
    submit(client, fill_business(client))
    url = post_page(client, "/services/register-business/apply/", BUSINESS["about-you"])
    response = client.post(url, {**BUSINESS["your-business"], "business_name": "wangmo  HANDICRAFTS"})
    assert response.status_code == 200
    assert "already licensed" in response.text
