import pytest

from dzong.applications.models import Application
from dzong.office.tests.support import office_client
from dzong.workflow.models import Note, StaffRead
from dzong.workflow.tests.factories import PNG, staff, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def drone(applicant) -> Application:
    return submitted("drone-permit", applicant, weight=2500)


def _urls(application: Application) -> list[tuple[str, str]]:
    task = application.tasks.get()
    file = application.attachments.get()
    ref = application.reference
    return [
        ("get", f"/office/applications/{ref}/"),
        ("get", f"/office/applications/{ref}/files/{file.pk}/"),
        ("post", f"/office/applications/{ref}/notes/"),
        ("post", f"/office/tasks/{task.pk}/act/"),
        ("post", f"/office/tasks/{task.pk}/claim/"),
        ("post", f"/office/tasks/{task.pk}/assign/"),
    ]


def test_an_officer_of_another_agency_gets_404_on_every_url(drone):
    other = office_client(staff("transport-officer", "rsta"))
    version = drone.tasks.get().version
    for method, url in _urls(drone):
        response = getattr(other, method)(
            url, {"version": version, "text": "x", "action": "approve"}
        )
        assert response.status_code == 404, url
    assert "DZ-" not in other.get("/office/").text
    assert not Note.objects.exists() and drone.tasks.get().version == version


def test_the_queue_shows_the_roles_tasks_sorted_by_due_date(drone, applicant):
    bus = submitted("bus-route-permit", applicant)
    client = office_client(staff("aviation-officer", "caa"))
    page = client.get("/office/").text
    assert drone.reference in page and bus.reference not in page
    assert 'id="count-open">1<' in page
    chief = office_client(staff("chief-flight-safety", "caa"))
    assert drone.reference not in chief.get("/office/").text
    filtered = client.get("/office/", {"service": "bus-route-permit"}).text
    assert drone.reference not in filtered
    assert drone.reference not in client.get("/office/", {"overdue": "1"}).text
    assert drone.reference in client.get("/office/", {"scope": "pool"}).text


def test_the_application_screen_shows_answers_documents_fees_and_records_the_read(drone):
    officer = staff("aviation-officer", "caa")
    page = office_client(officer).get(f"/office/applications/{drone.reference}/").text
    assert "DJI Mavic 3" in page and "drone.png" in page and "Nu. 500" in page.replace("\xa0", " ")
    assert "Aviation officer&#x27;s check" in page or "Aviation officer's check" in page
    assert StaffRead.objects.filter(application=drone, staff=officer).count() == 1


def test_documents_are_served_in_the_page_to_allowed_staff_only(drone):
    officer = staff("aviation-officer", "caa")
    file = drone.attachments.get()
    response = office_client(officer).get(
        f"/office/applications/{drone.reference}/files/{file.pk}/"
    )
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response.headers["Content-Disposition"] == "inline"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert StaffRead.objects.filter(application=drone, what=f"file {file.pk}").exists()


def test_approving_moves_the_application_on(drone):
    client = office_client(staff("aviation-officer", "caa"))
    task = drone.tasks.get()
    response = client.post(
        f"/office/tasks/{task.pk}/act/", {"action": "approve", "version": task.version}
    )
    assert response.status_code == 302
    drone.refresh_from_db()
    assert drone.step == "flight-safety-review"


def test_an_officer_acting_second_is_told_plainly_and_keeps_what_they_typed(drone):
    client = office_client(staff("aviation-officer", "caa"))
    task = drone.tasks.get()
    client.post(f"/office/tasks/{task.pk}/act/", {"action": "approve", "version": task.version})
    response = client.post(
        f"/office/tasks/{task.pk}/act/",
        {"action": "reject", "version": task.version, "reason": "The photo is blurred."},
    )
    assert response.status_code == 409
    assert "Someone else acted on this task first" in response.text
    assert "The photo is blurred." in response.text


def test_rejecting_without_a_reason_asks_for_one(drone):
    client = office_client(staff("aviation-officer", "caa"))
    task = drone.tasks.get()
    response = client.post(
        f"/office/tasks/{task.pk}/act/", {"action": "reject", "version": task.version}
    )
    assert response.status_code == 400 and "Write the reason" in response.text


def test_the_applicant_never_sees_internal_notes(drone, applicant):
    officer = office_client(staff("aviation-officer", "caa"))
    officer.post(f"/office/applications/{drone.reference}/notes/", {"text": "Looks like a fake"})
    assert "Looks like a fake" in officer.get(f"/office/applications/{drone.reference}/").text
    from django.test import Client

    mine = Client()
    mine.force_login(applicant)
    page = mine.get(f"/applications/{drone.reference}/")
    assert page.status_code == 200 and "Looks like a fake" not in page.text


def test_claiming_and_assigning_from_the_screen(drone):
    officer = staff("aviation-officer", "caa")
    task = drone.tasks.get()
    office_client(officer).post(f"/office/tasks/{task.pk}/claim/", {"version": task.version})
    task.refresh_from_db()
    assert task.assignee == officer
    supervisor = office_client(staff("supervisor", "caa"))
    page = supervisor.get(f"/office/applications/{drone.reference}/").text
    assert "Give the task to" in page
    supervisor.post(f"/office/tasks/{task.pk}/assign/", {"version": task.version, "assignee": ""})
    task.refresh_from_db()
    assert task.assignee is None
