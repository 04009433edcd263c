"""The application screen as an officer reads it: what may be sent back, what the applicant
corrected, the timeline's words and where the application really stands."""

import re

import pytest
from django.test import Client
from django.utils import translation

from dzong.accounts.models import StaffRole
from dzong.applications.models import Application
from dzong.applications.tests.factories import business_draft
from dzong.office.tests.support import office_client
from dzong.workflow.submission import submit_application
from dzong.workflow.tests.factories import staff, submitted

pytestmark = pytest.mark.django_db


def _send_back(client: Client, application: Application, fields: list[str]) -> None:
    task = application.tasks.get(status="open")
    response = client.post(
        f"/office/tasks/{task.pk}/act/",
        {
            "action": "send-back",
            "version": task.version,
            "reason": "Check these.",
            "marked": fields,
        },
    )
    assert response.status_code == 302, response.text


def _correct(applicant, application: Application, answers: dict[str, str]) -> None:
    client = Client()
    client.force_login(applicant)
    response = client.post(f"/applications/{application.reference}/corrections/", answers)
    assert response.status_code == 302


def _marked_choices(page: str) -> list[str]:
    return re.findall(r'name="marked" type="checkbox" value="([^"]+)"', page)


def test_only_the_fields_the_applicant_was_shown_may_be_sent_back(applicant):
    drone = submitted("drone-permit", applicant, weight=2500)  # recreational: no insurance page
    client = office_client(staff("aviation-officer", "caa"))
    page = client.get(f"/office/applications/{drone.reference}/").text
    offered = _marked_choices(page)
    assert "make_model" in offered and "drone_photo" in offered
    assert "insurance_certificate" not in offered
    task = drone.tasks.get()
    refused = client.post(
        f"/office/tasks/{task.pk}/act/",
        {
            "action": "send-back",
            "version": task.version,
            "reason": "Send your insurance.",
            "marked": ["insurance_certificate"],
        },
    )
    assert refused.status_code == 400
    assert not drone.corrections.exists()


def test_after_corrections_the_officer_who_sent_back_has_the_task_and_sees_old_and_new(
    applicant,
):
    bus = submitted("bus-route-permit", applicant)
    officer = staff("transport-officer", "rsta")
    client = office_client(officer)
    _send_back(client, bus, ["contact_person", "origin_town"])
    _correct(applicant, bus, {"contact_person": "Pema Lhamo", "origin_town": "Paro"})
    task = bus.tasks.get(status="open")
    assert task.assignee == officer
    page = client.get(f"/office/applications/{bus.reference}/").text
    corrected = page[
        page.index('id="corrected"') : page.index("</table>", page.index('id="corrected"'))
    ]
    assert "What the applicant corrected" in page
    assert "Sonam Dorji" in corrected and "Pema Lhamo" in corrected
    assert "Thimphu" in corrected and "Paro" in corrected
    assert "Corrections sent" in page and "Sonam Dorji → Pema Lhamo" in page
    assert f"With {officer.email}" in page


def test_an_officer_who_no_longer_holds_the_role_does_not_get_the_task_back(applicant):
    bus = submitted("bus-route-permit", applicant)
    officer = staff("transport-officer", "rsta")
    _send_back(office_client(officer), bus, ["contact_person"])
    StaffRole.objects.filter(user=officer).delete()
    _correct(applicant, bus, {"contact_person": "Pema Lhamo"})
    assert bus.tasks.get(status="open").assignee is None


def test_the_first_move_reads_as_a_move_to_a_step_in_both_languages(applicant):
    drone = submitted("drone-permit", applicant, weight=2500)
    client = office_client(staff("aviation-officer", "caa"))
    page = client.get(f"/office/applications/{drone.reference}/").text
    assert "Moved from -" not in page and "Moved from  to" not in page
    assert "Moved to Aviation officer" in page
    client.cookies["dzong_language"] = "dz"
    with translation.override("dz"):
        moved = translation.gettext("Moved to %(step)s") % {"step": "STEP"}
    assert moved != "Moved to STEP"
    dz = client.get(f"/office/applications/{drone.reference}/").text
    before, after = moved.split("STEP")
    assert re.search(re.escape(before) + r"[^<]+" + re.escape(after), dz)
    assert "Moved to" not in dz and "Moved from" not in dz
    looked = dz[dz.index('<ul class="govuk-list dzong-break">') :]
    assert re.search("[\u0f20-\u0f29]{4}", looked), "the time of each read in Tibetan digits"
    assert not re.search(r"\d{4}-\d{2}-\d{2}", looked)


def test_the_header_says_which_registrations_are_still_to_decide(applicant):
    application = submit_application(
        application=business_draft(applicant, activity="tour-operator", employees="3")
    ).application
    client = office_client(staff("licensing-officer", "trade"))
    page = client.get(f"/office/applications/{application.reference}/").text
    step = re.search(r'id="current-step">([^<]*)<', page)
    assert step is not None
    assert step.group(1) == "Waiting for the decision on Business Licence"
    assert 'id="status">In progress<' in page


def test_the_timeline_reads_against_the_audit_log_and_shows_who_really_acted(applicant):
    from dzong.applications.models import Event

    drone = submitted("drone-permit", applicant, weight=2500)
    officer = staff("aviation-officer", "caa")
    client = office_client(officer)
    page = client.get(f"/office/applications/{drone.reference}/").text
    assert 'id="timeline-altered"' not in page and "Altered" not in page
    sent = drone.events.select_related("actor").get(kind="submitted")
    assert sent.actor != officer
    moved = drone.events.get(kind="moved")
    # Behind the log's back: the submission credited to the officer, the move deleted, and
    # an approval that never happened inserted.
    Event.objects.filter(pk=sent.pk).update(actor=officer)
    Event.objects.filter(pk=moved.pk).delete()
    Event.objects.create(application=drone, kind="approved", actor=officer, details={})
    page = client.get(f"/office/applications/{drone.reference}/").text
    assert "3 lines of this timeline are not as the audit log recorded them" in page
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', page, re.S)
    submitted_row = next(r for r in rows if ">Submitted<" in r or ">Submitted" in r)
    assert str(sent.actor) in submitted_row and str(officer) not in submitted_row
    assert "Changed after it was recorded" in submitted_row
    moved_row = next(r for r in rows if "Moved to Aviation officer" in r)
    assert "Deleted after it was recorded" in moved_row
    approved_row = next(r for r in rows if ">Approved" in r)
    assert "Not in the audit log" in approved_row
    client.cookies["dzong_language"] = "dz"
    dz = client.get(f"/office/applications/{drone.reference}/").text
    warned = dz[
        dz.index('id="timeline-altered"') : dz.index("</div>", dz.index('id="timeline-altered"'))
    ]
    assert "\u0f23" in warned and "3" not in warned  # the count in Tibetan digits
