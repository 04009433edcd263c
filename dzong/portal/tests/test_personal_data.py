"""My data: the signed-in person downloads everything held about them, and only that."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client

from dzong.accounts.models import User
from dzong.applications.demo_answers import PNG
from dzong.notifications.services import send_message
from dzong.workflow.services import record_read
from dzong.workflow.tests.factories import staff, submitted

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def drone(applicant):
    application = submitted("drone-permit", applicant, weight=2500)
    record_read(application=application, staff=staff("aviation-officer", "caa"), what="application")
    send_message(
        to=applicant,
        event="submitted",
        subject="We received your application",
        body="Thank you.",
        language="en",
        application=application,
    )
    return application


def test_the_json_holds_the_account_answers_files_events_messages_and_who_looked(drone, applicant):
    response = _client(applicant).get("/account/my-data/data.json")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "karma@example.bt"
    [application] = data["applications"]
    assert application["reference"] == drone.reference
    assert application["answers"] == drone.answers
    assert [f["name"] for f in application["files"]] == ["drone.png"]
    assert {"started", "submitted"} <= {e["kind"] for e in application["events"]}
    assert data["staff_reads"][0]["agency"] == "caa"
    assert data["staff_reads"][0]["application"] == drone.reference
    assert any(m["application"] == drone.reference for m in data["messages"])
    assert {"payments", "certificates", "appeals", "corrections"} <= data.keys()


def test_the_zip_holds_the_json_and_the_files_themselves(drone, applicant):
    response = _client(applicant).get("/account/my-data/data.zip")

    assert response.status_code == 200
    packed = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(packed.read("data.json"))
    [listed] = data["applications"][0]["files"]
    assert packed.read(listed["in_zip"]) == PNG


def test_the_pdf_is_a_readable_document_of_the_same(drone, applicant):
    response = _client(applicant).get("/account/my-data/data.pdf")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert response.headers["Content-Type"] == "application/pdf"


def test_no_one_sees_anyone_elses_data(drone):
    other = User.objects.create_user("pema@example.bt", None)
    data = json.loads(_client(other).get("/account/my-data/data.json").content)
    assert data["applications"] == [] and data["staff_reads"] == [] and data["messages"] == []
    assert drone.reference not in json.dumps(data)
    anonymous = Client().get("/account/my-data/data.json")
    assert anonymous.status_code == 302 and "sign-in" in anonymous["Location"]


def test_downloading_too_often_is_refused_plainly(applicant, settings):
    client = _client(applicant)
    for _ in range(30):
        assert client.get("/account/my-data/data.json").status_code == 200
    refused = client.get("/account/my-data/data.json")
    assert refused.status_code == 429 and "Try again in an hour" in refused.text


def test_the_account_page_leads_to_the_downloads_in_both_languages(applicant):
    client = _client(applicant)
    assert 'href="/account/my-data/"' in client.get("/account/").text
    client.cookies["dzong_language"] = "dz"
    page = client.get("/account/my-data/").text
    assert 'href="/account/my-data/data.zip"' in page and "Download everything" not in page
