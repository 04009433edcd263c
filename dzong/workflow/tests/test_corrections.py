"""Corrections after a send-back: every corrected answer kept, each change recorded, and fees
already paid hold the answers they were paid for."""

import pytest

from dzong.applications.models import Application, Event
from dzong.workflow.services import (
    CorrectionsRefused,
    ReasonRequired,
    act_on_task,
    correct_application,
)
from dzong.workflow.tests.factories import paid, staff, submitted
from dzong.workflow.tests.test_single_window import _tour_operator

pytestmark = pytest.mark.django_db


def _send_back(application: Application, fields: list[str]) -> None:
    task = application.tasks.get(status="open")
    act_on_task(
        task=task,
        version=task.version,
        staff=staff("transport-officer", "rsta"),
        action="send-back",
        reason="Please check these.",
        fields=fields,
    )


def test_corrections_on_two_pages_keep_every_value_and_record_old_and_new(applicant):
    application = submitted("bus-route-permit", applicant)
    _send_back(application, ["contact_person", "origin_town"])
    correct_application(
        application=application,
        submitted={"contact_person": "Pema Lhamo", "origin_town": "Paro"},
    )
    application.refresh_from_db()
    assert application.answers["contact_person"] == "Pema Lhamo"
    assert application.answers["origin_town"] == "Paro"
    event = application.events.filter(kind=Event.Kind.SUBMITTED).last()
    assert event.details["changes"] == {
        "contact_person": {"old": "Sonam Dorji", "new": "Pema Lhamo"},
        "origin_town": {"old": "Thimphu", "new": "Paro"},
    }


def test_a_correction_that_would_change_a_paid_fee_is_refused_with_both_amounts(applicant):
    application = paid("bus-route-permit", applicant)
    assert application.status == Application.Status.SUBMITTED
    _send_back(application, ["seating_capacity", "contact_person"])
    with pytest.raises(CorrectionsRefused) as refused:
        correct_application(
            application=application,
            submitted={"seating_capacity": "40", "contact_person": "Pema Lhamo"},
        )
    message = refused.value.errors["seating_capacity"]
    assert "Nu. 1,500" in message and "Nu. 2,000" in message
    application.refresh_from_db()
    assert application.answers["seating_capacity"] == 30
    assert application.corrections.filter(resubmitted_at__isnull=True).exists()
    correct_application(
        application=application,
        submitted={"seating_capacity": "30", "contact_person": "Pema Lhamo"},
    )
    application.refresh_from_db()
    assert application.answers["contact_person"] == "Pema Lhamo"


def test_the_task_returns_to_the_officer_who_sent_it_back_a_registrations_too(applicant):
    bus = submitted("bus-route-permit", applicant)
    _send_back(bus, ["contact_person"])
    correct_application(application=bus, submitted={"contact_person": "Pema Lhamo"})
    assert bus.tasks.get(status="open").assignee == staff("transport-officer", "rsta")
    licence = _tour_operator(applicant)
    officer = staff("licensing-officer", "trade")
    task = licence.tasks.get()
    act_on_task(
        task=task,
        version=task.version,
        staff=officer,
        action="send-back",
        reason="Use the name on your lease.",
        fields=["business_name"],
    )
    correct_application(application=licence, submitted={"business_name": "Druk Tours"})
    returned = licence.tasks.get(status="open")
    assert (returned.registration, returned.assignee) == ("business-licence", officer)


def test_the_service_sends_back_only_what_the_applicant_was_shown(applicant):
    """Whatever calls it (the office, a test run, a future API), a field the applicant never
    saw cannot be sent back to them."""
    drone = submitted("drone-permit", applicant, weight=2500)  # recreational: no insurance page
    task = drone.tasks.get()
    officer = staff("aviation-officer", "caa")
    for fields in (["insurance_certificate"], ["make_model", "insurance_certificate"]):
        with pytest.raises(ReasonRequired):
            act_on_task(
                task=task,
                version=task.version,
                staff=officer,
                action="send-back",
                reason="Send your insurance.",
                fields=fields,
            )
    assert not drone.corrections.exists()
    act_on_task(
        task=task,
        version=task.version,
        staff=officer,
        action="send-back",
        reason="Which model is it?",
        fields=["make_model"],
    )
    assert list(drone.corrections.values_list("fields", flat=True)) == [["make_model"]]
