"""The application screen per registration, partly approved applications, and who looked."""

import pytest
from django.test import Client

from dzong.accounts.models import StaffRole, User
from dzong.applications.tests.factories import business_draft
from dzong.catalogue.models import Role
from dzong.office.tests.support import office_client
from dzong.workflow.models import StaffRead
from dzong.workflow.services import act_on_task
from dzong.workflow.submission import submit_application
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def tour(applicant):
    draft = business_draft(applicant, activity="tour-operator", employees="3")
    return submit_application(application=draft).application


def _row(page, code):
    start = page.index(f'id="registration-{code}"')
    return page[start : page.index("</tr>", start)]


def _reject_licence(application):
    task = application.tasks.get()
    act_on_task(
        task=task,
        version=task.version,
        staff=staff("licensing-officer", "trade"),
        action="reject",
        reason="No tourism licence",
    )


def test_the_screen_lists_each_registrations_state_step_holder_due_date_and_number(tour):
    page = office_client(staff("licensing-officer", "trade")).get(
        f"/office/applications/{tour.reference}/"
    )
    assert page.status_code == 200
    licence = _row(page.text, "business-licence")
    assert "Waiting for a decision" in licence and "Licensing review" in licence
    assert "Nobody has taken it yet" in licence and "Department of Trade" in licence
    due = tour.tasks.get().due_at
    assert str(due.year) in licence
    taxpayer = _row(page.text, "taxpayer")
    number = tour.registrations.get(code="taxpayer").number
    assert "Granted" in taxpayer and number in taxpayer
    assert "Department of Revenue and Customs" in taxpayer


def test_a_task_taken_and_then_sent_back_shows_its_holder(tour):
    officer = staff("licensing-officer", "trade")
    client = office_client(officer)
    task = tour.tasks.get()
    client.post(f"/office/tasks/{task.pk}/claim/", {"version": task.version})
    page = client.get(f"/office/applications/{tour.reference}/").text
    assert officer.email in _row(page, "business-licence")
    task.refresh_from_db()
    client.post(
        f"/office/tasks/{task.pk}/act/",
        {
            "action": "send-back",
            "version": task.version,
            "reason": "Spell the name as on your lease",
            "marked": ["business_name"],
        },
    )
    page = client.get(f"/office/applications/{tour.reference}/").text
    licence = _row(page, "business-licence")
    assert "Waiting for the applicant" in licence and "The applicant" in licence


def test_another_agencys_officer_cannot_open_the_screen(tour):
    other = office_client(staff("aviation-officer", "caa"))
    assert other.get(f"/office/applications/{tour.reference}/").status_code == 404
    assert not StaffRead.objects.exists()


def test_a_mixed_outcome_is_partly_approved_for_officer_and_applicant(tour, applicant):
    _reject_licence(tour)
    officer = office_client(staff("licensing-officer", "trade"))
    screen = officer.get(f"/office/applications/{tour.reference}/").text
    assert '<strong id="status">Partly approved</strong>' in screen
    partly = officer.get("/office/", {"status": "done", "decision": "partly_approved"}).text
    assert tour.reference in partly
    approved = officer.get("/office/", {"status": "done", "decision": "approved"}).text
    assert tour.reference not in approved
    mine = Client()
    mine.force_login(applicant)
    detail = mine.get(f"/applications/{tour.reference}/").text
    assert "Partly approved" in detail and "Application partly approved" in detail
    assert "Partly approved" in mine.get("/applications/").text
    mine.cookies["dzong_language"] = "dz"
    assert "Partly approved" not in mine.get(f"/applications/{tour.reference}/").text


def test_the_applicant_sees_which_office_and_role_looked_but_not_who(tour, applicant):
    officer = User.objects.create_user(
        "dechen@trade.gov.bt", None, full_name="Dechen Wangchuk", is_staff=True
    )
    StaffRole.objects.create(user=officer, role=Role.objects.get(code="licensing-officer"))
    office_client(officer).get(f"/office/applications/{tour.reference}/")
    read = StaffRead.objects.get()
    assert (read.agency, read.role) == ("trade", "licensing-officer")
    mine = Client()
    mine.force_login(applicant)
    page = mine.get(f"/applications/{tour.reference}/").text
    reads = page[page.index('id="reads"') :]
    assert "Department of Trade" in reads and "Licensing officer" in reads
    assert officer.email not in page and officer.full_name not in page
    stranger = Client()
    stranger.force_login(staff("aviation-officer", "caa"))
    assert stranger.get(f"/applications/{tour.reference}/").status_code == 404
