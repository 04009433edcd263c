import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from dzong.applications.models import Application, Event, IssuedRegistration
from dzong.notifications.models import Delivery
from dzong.notifications.tests.support import sent_once
from dzong.workflow.escalation import escalate_overdue
from dzong.workflow.models import Correction, Holiday, Task
from dzong.workflow.moves import due_after
from dzong.workflow.services import (
    NotAllowed,
    ReasonRequired,
    TaskChanged,
    act_on_task,
    add_note,
    assign_task,
    claim_task,
    resubmit_corrections,
)
from dzong.workflow.tests.factories import staff, submitted

pytestmark = pytest.mark.django_db


def _task(application):
    return application.tasks.get(status="open")


def test_submitting_opens_a_task_for_the_steps_role_with_a_due_date(applicant):
    application = submitted("drone-permit", applicant, weight=900)
    task = _task(application)
    assert (task.step, task.role, task.agency) == ("officer-check", "aviation-officer", "caa")
    assert task.due_at == application.step_due
    assert task.due_at == due_after(task.opened_at, 5)


def test_a_light_drone_is_approved_by_the_aviation_officer_alone(
    applicant, smtp_server, immediate_tasks, django_capture_on_commit_callbacks
):
    application = submitted("drone-permit", applicant, weight=900)
    officer = staff("aviation-officer", "caa")
    task = _task(application)
    with django_capture_on_commit_callbacks(execute=True):
        act_on_task(task=task, version=task.version, staff=officer, action="approve")
    application.refresh_from_db()
    assert application.status == "approved" and application.step == "approved"
    assert IssuedRegistration.objects.filter(application=application).count() == 1
    approved = application.events.get(kind=Event.Kind.APPROVED)
    assert approved.actor == officer
    subjects = [m["Subject"] for m in smtp_server.wait_for(1)]
    assert "Your drone permit is approved" in subjects


def test_a_heavy_drone_then_needs_the_chief_of_flight_safety(applicant):
    application = submitted("drone-permit", applicant, weight=2000)
    task = _task(application)
    act_on_task(
        task=task, version=task.version, staff=staff("aviation-officer", "caa"), action="approve"
    )
    application.refresh_from_db()
    assert application.step == "flight-safety-review" and application.status == "submitted"
    chief_task = _task(application)
    assert chief_task.role == "chief-flight-safety"
    with pytest.raises(NotAllowed):
        act_on_task(
            task=chief_task,
            version=chief_task.version,
            staff=staff("aviation-officer", "caa"),
            action="approve",
        )
    act_on_task(
        task=chief_task,
        version=chief_task.version,
        staff=staff("chief-flight-safety", "caa"),
        action="approve",
    )
    application.refresh_from_db()
    assert application.status == "approved"
    steps = list(application.events.filter(kind="moved").values_list("from_step", "to_step"))
    assert ("officer-check", "weight-check") in steps
    assert ("weight-check", "flight-safety-review") in steps
    assert ("flight-safety-review", "approved") in steps


def test_rejecting_needs_a_reason_which_the_event_keeps(applicant):
    application = submitted("industrial-land-lease", applicant)
    officer = staff("estate-officer", "industry")
    task = _task(application)
    with pytest.raises(ReasonRequired):
        act_on_task(task=task, version=task.version, staff=officer, action="reject", reason=" ")
    act_on_task(
        task=task, version=task.version, staff=officer, action="reject", reason="The plot is taken."
    )
    application.refresh_from_db()
    assert application.status == "rejected"
    assert application.events.get(kind="rejected").details["reason"] == "The plot is taken."
    assert not application.registrations.exists()


def test_an_action_the_step_does_not_allow_is_refused(applicant):
    from dzong.engine.workflow import WorkflowError

    application = submitted("industrial-land-lease", applicant)
    task = _task(application)
    with pytest.raises(WorkflowError):
        act_on_task(
            task=task,
            version=task.version,
            staff=staff("estate-officer", "industry"),
            action="approve",
        )


def test_of_two_officers_acting_on_one_task_only_the_first_succeeds(applicant):
    application = submitted("bus-route-permit", applicant)
    officer = staff("transport-officer", "rsta")
    task = _task(application)
    shown = task.version
    act_on_task(task=task, version=shown, staff=officer, action="approve")
    with pytest.raises(TaskChanged):
        act_on_task(task=task, version=shown, staff=officer, action="reject", reason="Late")
    application.refresh_from_db()
    assert application.status == "approved"
    assert application.events.filter(kind__in=["approved", "rejected"]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_officers_at_the_same_moment_get_one_success(demo, applicant):
    application = submitted("bus-route-permit", applicant)
    officer = staff("transport-officer", "rsta")
    task = _task(application)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def act(action: str) -> None:
        try:
            barrier.wait()
            act_on_task(
                task=Task.objects.get(pk=task.pk),
                version=task.version,
                staff=officer,
                action=action,
                reason="Not safe",
            )
            outcomes.append("done")
        except TaskChanged:
            outcomes.append("changed")
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(a,)) for a in ("approve", "reject")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["changed", "done"]
    assert application.events.filter(kind__in=["approved", "rejected"]).count() == 1


def test_sent_back_the_applicant_corrects_only_the_marked_fields_and_it_returns(applicant):
    application = submitted("bus-route-permit", applicant)
    officer = staff("transport-officer", "rsta")
    task = _task(application)
    with pytest.raises(ReasonRequired):
        act_on_task(
            task=task, version=task.version, staff=officer, action="send-back", reason="Check it"
        )
    act_on_task(
        task=task,
        version=task.version,
        staff=officer,
        action="send-back",
        reason="The vehicle registration is wrong.",
        fields=["vehicle_registration"],
    )
    application.refresh_from_db()
    assert not application.tasks.filter(status="open").exists()
    assert Correction.objects.get(application=application).fields == ["vehicle_registration"]
    resubmit_corrections(
        application=application,
        answers={"vehicle_registration": "BP-1-B5678", "origin_town": "Paro"},
    )
    application.refresh_from_db()
    assert application.answers["vehicle_registration"] == "BP-1-B5678"
    assert application.answers["origin_town"] == "Thimphu"
    assert application.step == "review" and _task(application).step == "review"


def test_claiming_from_the_pool_and_supervisors_assigning(applicant):
    application = submitted("bus-route-permit", applicant)
    officer = staff("transport-officer", "rsta")
    supervisor = staff("supervisor", "rsta")
    task = _task(application)
    claimed = claim_task(task=task, version=task.version, staff=officer)
    assert claimed.assignee == officer
    with pytest.raises(TaskChanged):
        claim_task(task=claimed, version=task.version, staff=officer)
    with pytest.raises(NotAllowed):
        assign_task(task=claimed, version=claimed.version, supervisor=officer, assignee=None)
    back = assign_task(task=claimed, version=claimed.version, supervisor=supervisor, assignee=None)
    assert back.assignee is None
    with pytest.raises(NotAllowed):
        claim_task(task=back, version=back.version, staff=staff("aviation-officer", "caa"))


def test_a_note_needs_text(applicant):
    application = submitted("bus-route-permit", applicant)
    with pytest.raises(ReasonRequired):
        add_note(application=application, staff=staff("transport-officer", "rsta"), text="  ")


def test_deadlines_skip_holidays_in_the_table():
    friday = timezone.make_aware(dt.datetime(2026, 12, 11, 10, 0))
    Holiday.objects.create(date=dt.date(2026, 12, 17), name="National Day")
    due = due_after(friday, 5)
    assert timezone.localtime(due).date() == dt.date(2026, 12, 22)


def test_overdue_tasks_are_escalated_once_to_the_agencys_supervisors(
    applicant, smtp_server, immediate_tasks, django_capture_on_commit_callbacks
):
    application = submitted("bus-route-permit", applicant)
    later = timezone.now() + dt.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        assert escalate_overdue(now=later) == 1
    assert escalate_overdue(now=later) == 0
    assert _task(application).escalated_at == later
    smtp_server.wait_for(1)
    message = Delivery.objects.get(event="escalation")
    assert message.recipient == staff("supervisor", "rsta") and message.application is None
    escalation = sent_once(smtp_server, message)
    assert escalation["Subject"] == "1 overdue task"
    assert escalation["To"] == "supervisor@rsta.demo.dzong.test"
    assert application.reference in escalation.get_content()


def test_the_holiday_command_adds_a_day_off():
    import io

    from django.core.management import call_command

    call_command("holiday", "2026-12-17", "National Day", stdout=io.StringIO())
    assert Holiday.objects.get(date=dt.date(2026, 12, 17)).name == "National Day"


def test_acting_as_a_test_run_on_a_real_application_is_refused(applicant):
    application = submitted("bus-route-permit", applicant)
    task = application.tasks.get()
    with pytest.raises(NotAllowed):
        act_on_task(
            task=task,
            version=task.version,
            staff=staff("designer", "rsta"),
            action="approve",
            test_run=True,
        )
    assert Application.objects.get(pk=application.pk).status == "submitted"


def test_overdue_tasks_of_test_runs_are_not_escalated(applicant):
    application = submitted("bus-route-permit", applicant)
    Application.objects.filter(pk=application.pk).update(is_test=True)
    later = timezone.now() + dt.timedelta(days=30)
    assert escalate_overdue(now=later) == 0
