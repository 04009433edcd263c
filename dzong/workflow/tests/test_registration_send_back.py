"""A registration's own step sends back for corrections; the others keep their progress."""

import pytest

from dzong.accounts.models import StaffRole, User
from dzong.applications.models import Event
from dzong.catalogue.models import Role
from dzong.workflow.models import Correction, Task
from dzong.workflow.presenters import registration_rows
from dzong.workflow.services import (
    ReasonRequired,
    act_on_task,
    open_correction,
    resubmit_corrections,
)
from dzong.workflow.tests.factories import staff
from dzong.workflow.tests.test_single_window import _outcomes, _tour_operator, _with_a_tax_review

pytestmark = pytest.mark.django_db


def _send_back(task, officer, fields=("business_name",), note="Use the name on your lease"):
    return act_on_task(
        task=task,
        version=task.version,
        staff=officer,
        action="send-back",
        reason=note,
        fields=fields,
    )


def test_the_licensing_officer_sends_the_licence_back_and_the_other_numbers_stay(applicant):
    application = _tour_operator(applicant)
    officer = staff("licensing-officer", "trade")
    _send_back(application.tasks.get(), officer)
    application.refresh_from_db()
    correction = open_correction(application)
    assert correction is not None
    assert (correction.registration, correction.step, correction.fields) == (
        "business-licence",
        "review",
        ["business_name"],
    )
    assert application.tasks.get().status == Task.Status.WAITING
    assert application.status == "submitted"
    assert _outcomes(application) == {
        "business-licence": "",
        "taxpayer": "approved",
        "employer": "approved",
    }
    rows = {r.name: r.outcome for r in registration_rows(application, "en")}
    assert rows["Business Licence"] == "corrections" and rows["Employer Registration"] == "approved"
    sent = application.events.get(details__sent_back=True)
    assert (sent.actor, sent.details["registration"]) == (officer, "business-licence")


def test_resubmitting_resumes_the_licence_step_alone_and_keeps_the_issued_numbers(applicant):
    application = _tour_operator(applicant)
    numbers = sorted(application.registrations.values_list("number", flat=True))
    _send_back(application.tasks.get(), staff("licensing-officer", "trade"))
    resubmit_corrections(
        application=application, answers={"business_name": "Wangmo Tours", "activity": "retail"}
    )
    application.refresh_from_db()
    assert application.answers["business_name"] == "Wangmo Tours"
    assert application.answers["activity"] == "tour-operator"  # not marked: unchanged
    assert open_correction(application) is None
    task = application.tasks.get(status=Task.Status.OPEN)
    assert (task.registration, task.step, task.agency) == ("business-licence", "review", "trade")
    assert task.due_at is not None
    assert sorted(application.registrations.values_list("number", flat=True)) == numbers
    assert _outcomes(application)["taxpayer"] == "approved"
    assert application.status == "submitted"
    resumed = application.events.filter(kind=Event.Kind.MOVED).last()
    assert (resumed.from_step, resumed.to_step) == ("review", "review")
    assert resumed.details["registration"] == "business-licence"

    act_on_task(task=task, version=task.version, staff=task_officer(), action="approve")
    application.refresh_from_db()
    assert application.status == "approved"
    assert application.registrations.filter(code="business-licence").exists()


def task_officer():
    return staff("licensing-officer", "trade")


def test_a_registration_send_back_needs_a_field_and_a_note(applicant):
    application = _tour_operator(applicant)
    task = application.tasks.get()
    with pytest.raises(ReasonRequired):
        _send_back(task, task_officer(), fields=())
    with pytest.raises(ReasonRequired):
        _send_back(task, task_officer(), note=" ")
    assert not Correction.objects.exists()


def test_while_one_registration_waits_for_the_applicant_another_agency_decides(applicant):
    _with_a_tax_review()
    application = _tour_operator(applicant, employees="0")
    _send_back(application.tasks.get(registration="business-licence"), task_officer())
    tpn = application.tasks.get(registration="taxpayer")
    tax = User.objects.create(email="tax@revenue.example.bt", is_staff=True)
    StaffRole.objects.create(user=tax, role=Role.objects.get(code="tax-officer"))
    act_on_task(task=tpn, version=tpn.version, staff=tax, action="approve")
    resubmit_corrections(application=application, answers={"business_name": "Dorji Tours"})
    application.refresh_from_db()
    assert _outcomes(application) == {"business-licence": "", "taxpayer": "approved"}
    assert application.tasks.get(status=Task.Status.OPEN).registration == "business-licence"
