"""The counter and the reconciliation: staff of the right agency only, and what they see."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone

from dzong.accounts.models import StaffRole, User
from dzong.applications.models import Application
from dzong.catalogue.models import Role
from dzong.office.tests.support import office_client
from dzong.payments.models import Payment
from dzong.payments.tests.support import BUS_FEE, bus_draft, load_demo, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    load_demo()
    client, _ = signed_in()
    return bus_draft(client)


def staff(role_code, agency, *, is_staff=True, email=None):
    user = User.objects.create_user(
        email or f"{role_code}-{agency}@example.bt", "pw-long-enough", is_staff=is_staff
    )
    role = Role.objects.get(code=role_code, agency__code=agency)
    StaffRole.objects.create(user=user, role=role)
    return office_client(user)


def test_a_cashier_records_cash_and_the_application_is_submitted(draft):
    cashier = staff("cashier", "rsta")
    found = cashier.get("/counter/", {"reference": draft.reference.lower()})
    assert found.status_code == 302 and found["Location"] == f"/counter/{draft.reference}/"
    page = cashier.get(found["Location"])
    assert "Nu. 1,500" in page.text and "Dorji Wangchuk" in page.text
    recorded = cashier.post(found["Location"], {"receipt_number": " RSTA-0042 "})
    assert recorded.status_code == 200 and "Payment recorded" in recorded.text
    payment = Payment.objects.get()
    assert (payment.provider, payment.status, payment.amount) == ("counter", "paid", BUS_FEE)
    assert payment.counter_receipt == "RSTA-0042" and payment.recorded_by.email.startswith(
        "cashier"
    )
    assert Application.objects.get(pk=draft.pk).status == "submitted"
    again = cashier.post(found["Location"], {"receipt_number": "RSTA-0043"})
    assert (
        "Payment recorded" not in again.text
        and "due once the application is approved" in again.text
    )
    assert Payment.objects.count() == 1


def test_a_receipt_number_is_needed_and_used_once(draft):
    cashier = staff("cashier", "rsta")
    url = f"/counter/{draft.reference}/"
    blank = cashier.post(url, {"receipt_number": "  "})
    assert "govuk-error-summary" in blank.text and "Enter the receipt number" in blank.text
    client, _ = signed_in("second@example.bt")
    other = bus_draft(client)
    cashier.post(url, {"receipt_number": "R-1"})
    reused = cashier.post(f"/counter/{other.reference}/", {"receipt_number": "R-1"})
    assert "govuk-error-summary" in reused.text and "already recorded" in reused.text
    assert Application.objects.get(pk=other.pk).is_draft


def test_the_counter_is_closed_to_other_agencies_applicants_and_strangers(draft):
    url = f"/counter/{draft.reference}/"
    assert staff("cashier", "caa").get(url).status_code == 404  # another agency's cashier
    assert staff("transport-officer", "rsta").get(url).status_code == 403  # not a cashier
    no_longer_staff = staff("cashier", "rsta", is_staff=False, email="former@example.bt")
    assert no_longer_staff.get(url)["Location"].startswith("/office/sign-in/")
    applicant, _ = signed_in("someone@example.bt")
    assert applicant.get(url)["Location"].startswith("/office/sign-in/")
    assert applicant.post(url, {"receipt_number": "X"})["Location"].startswith("/office/sign-in/")
    assert Client().get(url)["Location"] == f"/office/sign-in/?next={url}"
    assert Payment.objects.count() == 0


def test_the_reconciliation_shows_the_day_by_channel_and_account_with_a_csv(draft):
    cashier = staff("cashier", "rsta")
    cashier.post(f"/counter/{draft.reference}/", {"receipt_number": "R-7"})
    page = cashier.get("/reconciliation/")
    assert page.status_code == 200
    assert "RSTA-ROUTE-PERMITS" in page.text and draft.reference in page.text
    assert "Nu. 1,500" in page.text
    export = cashier.get("/reconciliation/export.csv", {"agency": "rsta"})
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    received = [r for r in rows if r[0] == "received"]
    assert len(received) == 1 and received[0][3] == draft.reference
    assert received[0][5:10] == ["counter", "R-7", "seat-fee", "RSTA-ROUTE-PERMITS", str(BUS_FEE)]
    assert ["total_received", str(BUS_FEE)] == [rows[-3][0], rows[-3][9]]


def test_the_csv_gives_the_local_time_the_page_shows_and_names_the_zone(draft, settings):
    cashier = staff("cashier", "rsta")
    cashier.post(f"/counter/{draft.reference}/", {"receipt_number": "R-8"})
    paid_at = Payment.objects.get(application=draft).paid_at
    local = timezone.localtime(paid_at)
    assert local.utcoffset() == dt.timedelta(hours=6)  # Asia/Thimphu, as configured
    page = cashier.get("/reconciliation/").text
    export = cashier.get("/reconciliation/export.csv", {"agency": "rsta"})
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0][1] == f"time ({settings.TIME_ZONE})"
    received = next(r for r in rows if r[0] == "received")
    assert dt.datetime.fromisoformat(received[1]) == paid_at.replace(microsecond=0)
    assert received[1].startswith(local.strftime("%Y-%m-%dT%H:%M")) and received[1].endswith(
        "+06:00"
    )
    assert f"{local:%H:%M}" in page


def test_the_reconciliation_of_another_agency_is_refused(draft):
    cashier = staff("cashier", "rsta")
    assert cashier.get("/reconciliation/", {"agency": "caa"}).status_code == 403
    assert cashier.get("/reconciliation/export.csv", {"agency": "caa"}).status_code == 403
    assert staff("aviation-officer", "caa").get("/reconciliation/").status_code == 403


def test_a_cashier_who_passed_only_the_password_is_sent_to_the_staffs_sign_in(draft):
    user = User.objects.create_user("half@example.bt", "pw-long-enough", is_staff=True)
    StaffRole.objects.create(user=user, role=Role.objects.get(code="cashier", agency__code="rsta"))
    client = Client()
    client.force_login(user)  # no second factor in this session
    for page in ("/counter/", f"/counter/{draft.reference}/", "/reconciliation/"):
        answer = client.get(page)
        assert answer.status_code == 302 and answer["Location"].startswith("/office/sign-in/")
