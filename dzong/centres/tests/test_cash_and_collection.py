"""The centre's cash book closed and handed over, the centres' reconciliation and figures,
the administrators' pages, and handing over a paper document at a centre."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from dzong.accounts.models import User
from dzong.centres.cash import take_cash
from dzong.centres.models import CashEntry, CashHandover, Centre, Operator
from dzong.centres.tests.support import CITIZEN, centre, client_of, consented, filled, operator
from dzong.notifications.models import Delivery
from dzong.office.tests.support import office_client
from dzong.workflow.services import act_on_task
from dzong.workflow.tests.factories import staff

pytestmark = pytest.mark.django_db


def _paid(desk: Operator, citizen: str = CITIZEN):
    assisted = consented(desk, citizen=citizen)
    filled(assisted)
    take_cash(operator=desk, assisted=assisted)
    assisted.refresh_from_db()
    return assisted


def test_the_days_cash_is_closed_with_its_total_and_shown_per_centre_operator_and_account(demo):
    desk = operator(centre())
    _paid(desk)
    _paid(desk, citizen="11512000998")
    other = operator(centre("kawang"))
    _paid(other, citizen="11512000997")
    client = client_of(desk)
    page = client.get(reverse("centres:cash")).content.decode()
    assert "3,000" in page  # two permits of 30 seats at Nu. 50 a seat
    closed = client.post(reverse("centres:cash"), {"handed_to": "Dorji, gewog accountant"})
    assert closed.status_code == 302
    handover = CashHandover.objects.get()
    assert handover.total == 300000 and handover.operator == desk.user
    assert not CashEntry.objects.filter(operator=desk.user, handover=None).exists()
    again = client.post(reverse("centres:cash"), {"handed_to": "Dorji"})
    assert again.status_code == 400 and "no cash to hand over" in again.content.decode()

    admin = office_client(User.objects.create_superuser("root@dzong.test", "x" * 20))
    day = timezone.localdate().isoformat()
    figures = admin.get(reverse("centres:admin_figures") + f"?day={day}")
    html = figures.content.decode()
    assert figures.status_code == 200
    assert "Chang community centre" in html and "Kawang community centre" in html
    assert "RSTA-ROUTE-PERMITS" in html and "4,500" in html  # every centre's cash, per account
    assert "Dorji, gewog accountant" in html


def test_an_administrator_adds_a_centre_and_invites_its_operator(demo):
    admin = office_client(User.objects.create_superuser("root@dzong.test", "x" * 20))
    missing = admin.post(reverse("centres:admin"), {"code": "chang", "name": ""})
    assert missing.status_code == 400 and 'value="chang"' in missing.content.decode()
    added = admin.post(
        reverse("centres:admin"),
        {"code": "chang", "name": "Chang", "gewog": "Chang", "dzongkhag": "Thimphu"},
    )
    assert added.status_code == 302
    url = reverse("centres:admin_centre", args=["chang"])
    admin.post(url, {"email": "Pema@Chang.test", "full_name": "Pema"})
    person = User.objects.get(email="pema@chang.test")
    assert person.is_staff and not person.has_usable_password()
    assert Operator.objects.get(user=person).centre == Centre.objects.get(code="chang")
    invitation = Delivery.objects.get(recipient=person)
    assert "/office/invitation/" in invitation.body


def test_a_document_is_handed_over_at_the_collection_centre_to_the_citizen_only(demo):
    desk = operator(centre())
    assisted = _paid(desk)
    application = assisted.application
    assert application is not None
    client = client_of(desk)
    url = reverse("centres:collect_at", args=[application.reference])
    assert client.post(url, {"centre": "chang"}).status_code == 302
    queue = reverse("centres:collection")
    assert application.reference not in client.get(queue).content.decode()  # not ready yet
    task = application.tasks.get(status="open")
    act_on_task(
        task=task,
        version=task.version,
        staff=staff("transport-officer", "rsta"),
        action="approve",
    )
    assert application.reference in client.get(queue).content.decode()
    wrong = client.post(
        queue, {"reference": application.reference, "identification": "10101000001"}
    )
    assert wrong.status_code == 400
    right = client.post(queue, {"reference": application.reference, "identification": CITIZEN})
    assert right.status_code == 200
    assisted.refresh_from_db()
    assert assisted.handed_over_by == desk.user
    assert assisted.handed_over_identification == f"citizenship-id:{CITIZEN}"
    assert "Nothing is waiting." in client.get(queue).content.decode()


def test_cash_taken_twice_by_a_double_click_is_recorded_once(demo):
    desk = operator(centre())
    assisted = consented(desk)
    application = filled(assisted)
    client = client_of(desk)
    url = reverse("centres:take_cash", args=[application.reference])
    assert client.post(url).status_code == 302
    again = client.post(url)
    assert again.status_code == 400
    assert "Nothing is due now." in again.content.decode()
    assert CashEntry.objects.count() == 1
