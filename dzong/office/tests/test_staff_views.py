"""An agency's administrator manages its staff; nobody else reaches the page."""

import pytest

from dzong.accounts.models import StaffChange, StaffRole, User
from dzong.notifications.models import Delivery
from dzong.notifications.tests.support import sent_once
from dzong.office.tests.support import office_client
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(demo) -> User:
    return staff("administrator", "rsta")


def _roles(user: User, agency: str = "rsta") -> list[str]:
    held = StaffRole.objects.filter(user=user, role__agency__code=agency)
    return sorted(held.values_list("role__code", flat=True))


def test_the_administrator_lists_the_agencys_staff_only(admin):
    page = office_client(admin).get("/office/staff/rsta/").text
    assert "transport-officer@rsta.demo.dzong.test" in page
    assert "aviation-officer@caa" not in page
    assert office_client(admin).get("/office/staff/").url == "/office/staff/rsta/"
    assert 'href="/office/staff/"' in office_client(admin).get("/office/").text


def test_adding_a_member_records_it_and_emails_them(
    admin, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = office_client(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/office/staff/rsta/add/",
            {"email": "Kinley@RSTA.gov.bt", "full_name": "Kinley Wangmo", "roles": ["supervisor"]},
        )
    assert response.status_code == 302
    kinley = User.objects.get(email="kinley@rsta.gov.bt")
    assert kinley.is_staff and kinley.is_active and _roles(kinley) == ["supervisor"]
    changes = StaffChange.objects.filter(staff=kinley).order_by("pk")
    assert [(c.action, c.role, c.actor, c.agency) for c in changes] == [
        ("added", "", admin, "rsta"),
        ("granted", "supervisor", admin, "rsta"),
    ]
    smtp_server.wait_for(1)
    message = Delivery.objects.get(event="staff_welcome")
    assert (message.recipient, message.address, message.application) == (kinley, kinley.email, None)
    welcome = sent_once(smtp_server, message)
    assert welcome["To"] == "kinley@rsta.gov.bt"
    assert "/account/password/" in welcome.get_content()
    again = client.post(
        "/office/staff/rsta/add/", {"email": "kinley@rsta.gov.bt", "full_name": "K"}
    )
    assert again.status_code == 400 and "already has an account" in again.text
    assert client.post("/office/staff/rsta/add/", {"email": ""}).status_code == 400


def test_granting_removing_and_deactivating_are_recorded(admin):
    client = office_client(admin)
    officer = staff("transport-officer", "rsta")
    url = f"/office/staff/rsta/{officer.pk}"
    client.post(f"{url}/roles/", {"role": "supervisor", "change": "grant"})
    assert _roles(officer) == ["supervisor", "transport-officer"]
    client.post(f"{url}/roles/", {"role": "transport-officer", "change": "remove"})
    assert _roles(officer) == ["supervisor"]
    client.post(f"{url}/deactivate/")
    officer.refresh_from_db()
    assert _roles(officer) == [] and not officer.is_active
    actions = list(
        StaffChange.objects.filter(staff=officer).order_by("pk").values_list("action", "role")
    )
    assert actions == [
        ("granted", "supervisor"),
        ("removed", "transport-officer"),
        ("removed", "supervisor"),
        ("deactivated", ""),
    ]
    page = client.get("/office/staff/rsta/").text
    assert "Deactivated transport-officer@rsta.demo.dzong.test" in page
    assert "Deactivated" in page  # still listed, as deactivated


def test_deactivating_someone_who_also_works_elsewhere_keeps_their_account(admin):
    officer = staff("transport-officer", "rsta")
    StaffRole.objects.create(user=officer, role=staff("supervisor", "caa").staff_roles.get().role)
    office_client(admin).post(f"/office/staff/rsta/{officer.pk}/deactivate/")
    officer.refresh_from_db()
    assert officer.is_active and _roles(officer) == [] and _roles(officer, "caa") == ["supervisor"]


def test_other_agencies_and_non_administrators_get_404(admin):
    other = staff("aviation-officer", "caa")
    stranger = office_client(staff("administrator", "caa"))
    officer = office_client(staff("supervisor", "rsta"))
    mine = staff("transport-officer", "rsta")
    urls = [
        ("get", "/office/staff/rsta/", {}),
        ("post", "/office/staff/rsta/add/", {"email": "x@y.bt", "full_name": "X"}),
        ("post", f"/office/staff/rsta/{mine.pk}/roles/", {"role": "supervisor", "change": "grant"}),
        ("post", f"/office/staff/rsta/{mine.pk}/deactivate/", {}),
    ]
    for client in (stranger, officer):
        for method, url, data in urls:
            assert getattr(client, method)(url, data).status_code == 404, url
    assert officer.get("/office/staff/").status_code == 404
    own = office_client(admin)
    for url, data in [
        (f"/office/staff/rsta/{other.pk}/roles/", {"role": "supervisor", "change": "grant"}),
        (f"/office/staff/rsta/{other.pk}/deactivate/", {}),
        (f"/office/staff/rsta/{mine.pk}/roles/", {"role": "aviation-officer", "change": "grant"}),
        (f"/office/staff/caa/{other.pk}/deactivate/", {}),
    ]:
        assert own.post(url, data).status_code == 404, url
    other.refresh_from_db()
    assert other.is_active and _roles(other, "caa") == ["aviation-officer"]
    assert not User.objects.filter(email="x@y.bt").exists()
    assert not StaffChange.objects.exists()


def test_the_administrator_cannot_lock_themselves_out(admin):
    client = office_client(admin)
    client.post(f"/office/staff/rsta/{admin.pk}/deactivate/")
    client.post(
        f"/office/staff/rsta/{admin.pk}/roles/", {"role": "administrator", "change": "remove"}
    )
    admin.refresh_from_db()
    assert admin.is_active and _roles(admin) == ["administrator"]
