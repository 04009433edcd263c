import re

import pytest
from django.test import Client

from dzong.accounts import totp
from dzong.accounts.models import StaffRole, StaffSecret, User
from dzong.catalogue.models import Role
from dzong.office.tests.support import office_client
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.django_db

PASSWORD = "dzong-demo-2026"


def _signed_in_through_both_factors(user: User, next_page: str = "") -> str:
    """Where the back office's sign-in sends this member of staff."""
    client = Client()
    query = f"?next={next_page}" if next_page else ""
    client.post(f"/office/sign-in/{query}", {"email": user.email, "password": PASSWORD})
    secret = StaffSecret.objects.get(user=user).secret
    response = client.post(
        "/office/sign-in/code/", {"code": totp.code_at(secret, totp.current_step())}
    )
    assert response.status_code == 302
    return response.url


def _areas(html: str) -> list[str]:
    nav = re.search(r'<nav class="dzong-account" aria-label="Staff areas">(.*?)</nav>', html, re.S)
    assert nav is not None, "no staff header"
    return re.findall(r'<a class="govuk-link" href="[^"]*"[^>]*>([^<]+)</a>', nav.group(1))


@pytest.mark.parametrize(
    ("role", "agency", "landing"),
    [
        ("transport-officer", "rsta", "/office/"),
        ("cashier", "rsta", "/counter/"),
        ("designer", "rsta", "/designer/"),
        ("administrator", "rsta", "/office/staff/"),
    ],
)
def test_each_role_lands_on_its_own_work_after_signing_in(demo, role, agency, landing):
    assert _signed_in_through_both_factors(staff(role, agency)) == landing


def test_a_cashier_sent_to_sign_in_from_the_reconciliation_comes_back_to_it(demo):
    sign_in = Client().get("/reconciliation/")["Location"]
    assert sign_in == "/office/sign-in/?next=/reconciliation/"
    cashier = staff("cashier", "rsta")
    assert _signed_in_through_both_factors(cashier, "/reconciliation/") == "/reconciliation/"


@pytest.mark.parametrize(
    ("role", "agency", "page", "areas"),
    [
        ("transport-officer", "rsta", "/office/", ["Queue"]),
        ("cashier", "rsta", "/counter/", ["Counter", "Reconciliation"]),
        ("cashier", "rsta", "/reconciliation/", ["Counter", "Reconciliation"]),
        ("designer", "rsta", "/designer/", ["Designer"]),
        ("administrator", "rsta", "/office/staff/rsta/", ["Staff"]),
    ],
)
def test_every_staff_page_has_the_staff_header_with_the_areas_of_the_roles_held(
    demo, role, agency, page, areas
):
    response = office_client(staff(role, agency)).get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert _areas(html) == areas
    assert "My applications" not in html
    assert 'class="govuk-template__body dzong-staff"' in html  # the full width for casework


def test_someone_holding_several_roles_sees_each_of_their_areas_and_the_current_one(demo):
    officer = staff("transport-officer", "rsta")
    for code in ("cashier", "designer"):
        StaffRole.objects.create(
            user=officer, role=Role.objects.get(code=code, agency__code="rsta")
        )
    html = office_client(officer).get("/counter/").content.decode()
    assert _areas(html) == ["Queue", "Counter", "Reconciliation", "Designer"]
    assert 'href="/counter/" aria-current="page">Counter' in html


def test_the_staff_header_speaks_dzongkha(demo):
    client = office_client(staff("cashier", "rsta"))
    client.cookies["dzong_language"] = "dz"
    html = client.get("/counter/").content.decode()
    assert 'lang="dz"' in html and "Staff areas" not in html


def test_applicant_pages_keep_the_applicants_header(applicant):
    client = Client()
    client.force_login(applicant)
    html = client.get("/").content.decode()
    assert "My applications" in html and "dzong-staff" not in html
