"""Single window: each registration that applies runs its own steps in its own agency."""

import pytest
import yaml
from django.test import Client

from conftest import DEMO_SERVICES
from dzong.accounts.models import StaffRole, User
from dzong.applications.models import Event, IssuedRegistration
from dzong.applications.tests.factories import business_draft
from dzong.catalogue.models import Role
from dzong.catalogue.services import import_definition, publish_version
from dzong.notifications.models import Delivery
from dzong.workflow.models import Task
from dzong.workflow.services import NotAllowed, act_on_task
from dzong.workflow.submission import submit_application
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.django_db

TAX_OFFICER = {"code": "tax-officer", "agency": "revenue", "name": {"en": "Tax", "dz": "ཁྲལ།"}}


def _with_a_tax_review() -> None:
    """Publish Register a business with the taxpayer number reviewed by a tax officer too."""
    document = yaml.safe_load((DEMO_SERVICES / "register-business.yaml").read_text("utf-8"))
    document["roles"].append(TAX_OFFICER)
    review = {
        "code": "tpn-review",
        "type": "human",
        "name": {"en": "Taxpayer review", "dz": "ཁྲལ་སྤྲོད་པའི་ཞིབ་དཔྱད།"},
        "role": "tax-officer",
        "actions": [
            {"code": "approve", "label": {"en": "Approve", "dz": "ཆོག"}, "to": "tpn-approved"},
            {"code": "reject", "label": {"en": "Reject", "dz": "མི་ཆོག"}, "to": "tpn-rejected"},
        ],
    }
    ends = [
        {"code": f"tpn-{o}", "type": "end", "outcome": o, "name": {"en": o, "dz": o}}
        for o in ("approved", "rejected")
    ]
    document["registrations"][1]["workflow"] = {"start": "tpn-review", "steps": [review, *ends]}
    publish_version(version=import_definition(text=yaml.safe_dump(document, allow_unicode=True)))


def _tax_officer() -> User:
    user = User.objects.create(email="tax@revenue.example.bt", is_staff=True)
    StaffRole.objects.create(user=user, role=Role.objects.get(code="tax-officer"))
    return user


def _tour_operator(applicant, employees="3"):
    draft = business_draft(applicant, activity="tour-operator", employees=employees)
    return submit_application(application=draft).application


def _act(task, officer, action, reason=""):
    return act_on_task(task=task, version=task.version, staff=officer, action=action, reason=reason)


def _outcomes(application):
    return dict(application.registration_states.values_list("code", "outcome"))


def test_a_tour_operator_gets_its_numbers_while_the_licence_waits(applicant):
    application = _tour_operator(applicant)
    assert application.status == "submitted"
    assert _outcomes(application) == {
        "business-licence": "",
        "taxpayer": "approved",
        "employer": "approved",
    }
    issued = IssuedRegistration.objects.filter(application=application)
    assert sorted(issued.values_list("code", flat=True)) == ["employer", "taxpayer"]
    task = application.tasks.get()
    assert (task.registration, task.agency, task.step) == ("business-licence", "trade", "review")
    assert not application.events.filter(kind__in=["approved", "rejected"]).exists()


def test_the_licensing_officer_approves_the_licence_and_the_application_is_complete(applicant):
    application = _tour_operator(applicant, employees="0")
    officer = staff("licensing-officer", "trade")
    _act(application.tasks.get(), officer, "approve")
    application.refresh_from_db()
    assert application.status == "approved" and application.decided_at is not None
    assert _outcomes(application) == {"business-licence": "approved", "taxpayer": "approved"}
    codes = application.registrations.values_list("code", flat=True)
    assert sorted(codes) == ["business-licence", "taxpayer"]
    decided = application.events.get(kind=Event.Kind.APPROVED)
    assert decided.actor == officer and "partly" not in decided.details
    moved = application.events.filter(kind="moved", actor=officer).get()
    assert (moved.from_step, moved.to_step) == ("review", "licence-approved")
    assert moved.details["registration"] == "business-licence"


def test_a_refused_licence_leaves_the_other_registrations_granted(applicant):
    application = _tour_operator(applicant)
    _act(application.tasks.get(), staff("licensing-officer", "trade"), "reject", "No permit")
    application.refresh_from_db()
    assert application.status == "approved"
    assert application.events.get(kind=Event.Kind.APPROVED).details["partly"] is True
    assert _outcomes(application)["business-licence"] == "rejected"
    assert not application.registrations.filter(code="business-licence").exists()


def test_each_agency_sees_only_its_registrations_task_and_decides_it_in_parallel(applicant):
    _with_a_tax_review()
    tax_officer = _tax_officer()
    application = _tour_operator(applicant, employees="0")
    licence = application.tasks.get(registration="business-licence")
    tpn = application.tasks.get(registration="taxpayer")
    assert (tpn.agency, tpn.role, tpn.step) == ("revenue", "tax-officer", "tpn-review")
    assert list(Task.objects.visible_to(tax_officer)) == [tpn]
    assert list(Task.objects.for_roles_of(tax_officer)) == [tpn]
    licensing = staff("licensing-officer", "trade")
    assert list(Task.objects.for_roles_of(licensing)) == [licence]
    with pytest.raises(NotAllowed):
        _act(licence, tax_officer, "approve")

    _act(tpn, tax_officer, "approve")
    application.refresh_from_db()
    assert application.status == "submitted"
    assert list(application.registrations.values_list("code", flat=True)) == ["taxpayer"]
    assert _outcomes(application) == {"business-licence": "", "taxpayer": "approved"}

    _act(licence, licensing, "approve")
    application.refresh_from_db()
    assert application.status == "approved"
    assert application.events.filter(kind=Event.Kind.APPROVED).count() == 1


def test_when_every_registration_is_refused_the_application_is_rejected(applicant):
    _with_a_tax_review()
    tax_officer = _tax_officer()
    application = _tour_operator(applicant, employees="0")
    _act(application.tasks.get(registration="taxpayer"), tax_officer, "reject")
    licensing = staff("licensing-officer", "trade")
    _act(application.tasks.get(registration="business-licence"), licensing, "reject", "No")
    application.refresh_from_db()
    assert application.status == "rejected"
    assert application.events.get(kind=Event.Kind.REJECTED).actor == licensing
    assert not application.registrations.exists()


def test_a_partly_approved_applicant_reads_each_refusals_reason_and_which_were_granted(
    applicant, immediate_tasks, django_capture_on_commit_callbacks
):
    application = _tour_operator(applicant)
    with django_capture_on_commit_callbacks(execute=True):  # the decision's reactions run
        _act(application.tasks.get(), staff("licensing-officer", "trade"), "reject", "No permit")
    mine = Client()
    mine.force_login(applicant)
    page = mine.get(f"/applications/{application.reference}/").text
    assert "Reason: No permit" in page
    message = Delivery.objects.get(
        application=application, channel="email", event="partly_approved"
    )
    assert message.subject == f"Your application {application.reference} is partly approved"
    assert "Granted: Taxpayer Registration (TPN), Employer Registration" in message.body
    assert "Not granted: Business Licence. Reason: No permit" in message.body
    assert "is registered" not in message.subject
    assert not Delivery.objects.filter(application=application, event="approved").exists()
