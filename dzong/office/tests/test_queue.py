"""The queue: who applied and whether the fees are paid, read in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dzong.applications.services import submit_application
from dzong.office.tests.support import office_client
from dzong.workflow.tests.factories import paid, staff, submitted

pytestmark = pytest.mark.django_db


def _row(page: str, reference: str) -> str:
    start = page.index(f">{reference}<")
    return page[start : page.index("</tr>", start)]


def test_the_queue_shows_the_applicants_name_and_whether_the_fees_are_paid(applicant):
    applicant.full_name = "Karma Wangchuk"
    applicant.save()
    cash = submit_application(application=paid("bus-route-permit", applicant)).application
    unpaid = submitted("bus-route-permit", applicant)
    page = office_client(staff("transport-officer", "rsta")).get("/office/").text
    assert "Karma Wangchuk" in _row(page, cash.reference)
    assert ">Paid<" in _row(page, cash.reference)
    assert ">Paid<" not in _row(page, unpaid.reference)


def test_a_page_of_the_queue_costs_the_same_queries_however_many_tasks(applicant):
    client = office_client(staff("aviation-officer", "caa"))
    submitted("drone-permit", applicant, weight=2500)
    client.get("/office/")  # the session and the caches warmed
    with CaptureQueriesContext(connection) as one:
        assert client.get("/office/").status_code == 200
    for _ in range(4):
        submitted("drone-permit", applicant, weight=2500)
    with CaptureQueriesContext(connection) as five:
        page = client.get("/office/").text
    assert page.count('href="/office/applications/') == 5
    assert len(five) == len(one), [q["sql"] for q in five.captured_queries]
    assert len(five) <= 10
