"""Appeals and complaints: made by the applicant only, within the service's period, decided by
someone other than the officers who acted, and tracked like an application."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone

from dzong.accounts.models import StaffRole, User
from dzong.appeals.models import Appeal
from dzong.appeals.services import (
    AppealRefused,
    answer_complaint,
    decide_appeal,
    lodge_appeal,
    lodge_complaint,
    may_decide,
)
from dzong.applications.models import Application
from dzong.catalogue.models import Role
from dzong.notifications.models import Delivery
from dzong.office.tests.support import office_client
from dzong.workflow.services import act_on_task
from dzong.workflow.tests.factories import staff, submitted

pytestmark = pytest.mark.django_db


def rejected(applicant: User) -> Application:
    """A drone permit the aviation officer rejected."""
    application = submitted("drone-permit", applicant, weight=2500)
    task = application.tasks.get()
    officer = staff("aviation-officer", "caa")
    act_on_task(
        task=task, version=task.version, staff=officer, action="reject", reason="Blurred photo."
    )
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    return application


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_applicant_appeals_from_the_status_page_and_the_supervisor_gets_the_appeal(applicant):
    application = rejected(applicant)
    page = _client(applicant).get(f"/applications/{application.reference}/").text
    assert 'id="appeal-text"' in page

    response = _client(applicant).post(
        f"/applications/{application.reference}/appeal/", {"text": "The photo is sharp."}
    )

    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.kind, appeal.agency, appeal.role, appeal.status) == (
        "appeal",
        "caa",
        "supervisor",
        "open",
    )
    assert appeal.due_at is not None and appeal.due_at > timezone.now()
    assert application.events.filter(kind="appealed", details__appeal=appeal.reference).exists()
    assert Delivery.objects.filter(application=application, event="appeal_received").exists()
    page = _client(applicant).get(f"/applications/{application.reference}/").text
    assert appeal.reference in page and "Being looked at" in page
    assert 'id="appeal-text"' not in page  # once per decision
    supervisor = office_client(staff("supervisor", "caa"))
    assert appeal.reference in supervisor.get("/office/appeals/").text
    officer = office_client(staff("aviation-officer", "caa"))
    assert appeal.reference not in officer.get("/office/appeals/").text
    assert officer.get(f"/office/appeals/{appeal.reference}/").status_code == 404


def test_an_empty_or_late_appeal_is_refused_plainly_keeping_what_was_typed(applicant):
    application = rejected(applicant)
    client = _client(applicant)
    empty = client.post(f"/applications/{application.reference}/appeal/", {"text": "  "})
    assert empty.status_code == 400 and "Say why, in a few words." in empty.text
    too_long = client.post(f"/applications/{application.reference}/appeal/", {"text": "x" * 2001})
    assert too_long.status_code == 400 and "x" * 2001 in too_long.text
    late = application.decided_at - dt.timedelta(days=31)
    Application.objects.filter(pk=application.pk).update(decided_at=late)
    response = client.post(f"/applications/{application.reference}/appeal/", {"text": "Please."})
    assert response.status_code == 400 and "can no longer be appealed" in response.text
    assert not Appeal.objects.exists()


def test_no_one_else_may_appeal_or_complain_about_an_application(applicant):
    application = rejected(applicant)
    other = User.objects.create_user("pema@example.bt", None)
    for path in ("appeal", "complaint"):
        url = f"/applications/{application.reference}/{path}/"
        assert _client(other).post(url, {"text": "Mine now."}).status_code == 404
    with pytest.raises(AppealRefused):
        lodge_appeal(application=application, applicant=other, text="Mine now.")
    assert Client().post(f"/applications/{application.reference}/appeal/").status_code == 302
    assert not Appeal.objects.exists()


def test_the_officer_who_decided_may_not_decide_the_appeal_even_as_a_supervisor(applicant):
    application = rejected(applicant)
    appeal = lodge_appeal(application=application, applicant=applicant, text="Sharp photo.")
    officer = staff("aviation-officer", "caa")
    StaffRole.objects.create(
        user=officer, role=Role.objects.get(code="supervisor", agency__code="caa")
    )
    officer = User.objects.get(pk=officer.pk)  # roles read afresh

    assert not may_decide(appeal, officer)
    with pytest.raises(AppealRefused):
        decide_appeal(appeal=appeal, staff=officer, overturn=True, reason="I was wrong.")
    response = office_client(officer).post(
        f"/office/appeals/{appeal.reference}/", {"outcome": "overturn", "text": "I was wrong."}
    )
    assert response.status_code == 400
    appeal.refresh_from_db()
    assert appeal.status == "open" and not may_decide(appeal, AnonymousUser())


def test_an_appeal_upheld_leaves_the_rejection_and_tells_the_applicant(applicant):
    application = rejected(applicant)
    appeal = lodge_appeal(application=application, applicant=applicant, text="Sharp photo.")
    supervisor = office_client(staff("supervisor", "caa"))

    response = supervisor.post(
        f"/office/appeals/{appeal.reference}/", {"outcome": "uphold", "text": "Still blurred."}
    )

    assert response.status_code == 302
    appeal.refresh_from_db()
    application.refresh_from_db()
    assert appeal.status == "upheld" and appeal.answer == "Still blurred."
    assert application.status == "rejected"
    told = Delivery.objects.get(application=application, event="appeal_upheld")
    assert "Still blurred." in told.body
    page = _client(applicant).get(f"/applications/{application.reference}/").text
    assert "Decision upheld" in page and "Still blurred." in page
    screen = office_client(staff("aviation-officer", "caa"))
    screen = screen.get(f"/office/applications/{application.reference}/").text
    assert f"Appeal {appeal.reference}: decision upheld" in screen  # the office's timeline


def test_an_appeal_overturned_sends_the_application_back_to_the_step_that_rejected_it(applicant):
    application = rejected(applicant)
    appeal = lodge_appeal(application=application, applicant=applicant, text="Sharp photo.")
    supervisor = staff("supervisor", "caa")

    decide_appeal(appeal=appeal, staff=supervisor, overturn=True, reason="The photo is fine.")

    application.refresh_from_db()
    assert application.status == "submitted" and application.decided_at is None
    task = application.tasks.get(status="open")
    assert (task.step, task.role) == ("officer-check", "aviation-officer")
    assert application.events.filter(kind="appeal_decided", details__outcome="overturned").exists()
    act_on_task(
        task=task, version=task.version, staff=staff("aviation-officer", "caa"), action="approve"
    )
    application.refresh_from_db()
    assert application.step == "flight-safety-review"


def test_an_appeal_decided_twice_is_decided_once(applicant):
    application = rejected(applicant)
    appeal = lodge_appeal(application=application, applicant=applicant, text="Sharp photo.")
    supervisor = staff("supervisor", "caa")
    stale = Appeal.objects.get(pk=appeal.pk)  # shown on two screens
    decide_appeal(appeal=appeal, staff=supervisor, overturn=False, reason="No.")
    with pytest.raises(AppealRefused):
        decide_appeal(appeal=stale, staff=supervisor, overturn=True, reason="Yes.")
    assert Appeal.objects.get().status == "upheld"
    assert application.events.filter(kind="appeal_decided").count() == 1


def test_a_complaint_goes_to_the_agencys_administrator_who_answers_it(applicant):
    application = submitted("drone-permit", applicant, weight=2500)
    response = _client(applicant).post(
        f"/applications/{application.reference}/complaint/", {"text": "Nobody answers calls."}
    )
    assert response.status_code == 302
    complaint = Appeal.objects.get(kind="complaint")
    assert (complaint.agency, complaint.role) == ("caa", "administrator")
    with pytest.raises(AppealRefused):
        lodge_complaint(application=application, applicant=applicant, text="Again.")
    with pytest.raises(AppealRefused):
        answer_complaint(complaint=complaint, staff=staff("supervisor", "caa"), answer="Sorry.")
    administrator = office_client(staff("administrator", "caa"))
    assert complaint.reference in administrator.get("/office/appeals/").text

    administrator.post(f"/office/appeals/{complaint.reference}/", {"text": "We are sorry."})

    complaint.refresh_from_db()
    assert complaint.status == "answered"
    assert Delivery.objects.filter(event="complaint_answered", application=application).exists()
    assert application.events.filter(kind="complaint_answered").exists()
