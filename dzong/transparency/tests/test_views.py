"""The performance pages, the open data and the applicant's feedback, through the front door."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from dzong.accounts.models import User
from dzong.applications.models import Application
from dzong.catalogue.models import ServiceVersion
from dzong.transparency.figures import compute_daily_figures
from dzong.transparency.models import DailyFigure, Feedback
from dzong.transparency.opendata import DATASETS
from dzong.workflow.services import act_on_task
from dzong.workflow.tests.factories import staff, submitted

BUS = "bus-route-permit"
pytestmark = pytest.mark.django_db


def _decided(applicant: User) -> Application:
    application = submitted(BUS, applicant)
    task = application.tasks.get(status="open")
    officer = staff("transport-officer", "rsta")
    act_on_task(task=task, version=task.version, staff=officer, action="approve")
    application.refresh_from_db()
    return application


def _in_dzongkha(client) -> None:  # type: ignore[no-untyped-def]
    client.post(reverse("set_language"), {"language": "dz", "next": "/"})


def test_a_service_page_shows_its_figures_charts_and_tables_in_both_languages(applicant, client):
    for _ in range(6):
        submitted(BUS, applicant)
    compute_daily_figures()
    url = reverse("transparency:service", args=[BUS])
    assert url in client.get(reverse("portal:service", args=[BUS])).content.decode()
    assert url in client.get(reverse("transparency:overview")).content.decode()
    page = client.get(url).content.decode()
    assert 'Applications received</dt><dd class="govuk-summary-list__value">6<' in page
    assert page.count('role="img"') == 3 and page.count("<title id=") == 3
    assert page.count("<desc id=") == 3 and page.count('class="govuk-table govuk-table--small') == 3
    assert "<script" not in page.split("<main")[1].split("</main>")[0]
    _in_dzongkha(client)
    page = client.get(url).content.decode()
    assert 'lang="dz"' in page and '<dd class="govuk-summary-list__value">༦<' in page


def test_small_counts_are_suppressed_on_pages_and_in_open_data(applicant, client):
    for _ in range(3):
        submitted(BUS, applicant)
    compute_daily_figures()
    page = client.get(reverse("transparency:agency", args=["rsta"])).content.decode()
    assert "fewer than 5" in page
    rows = list(
        csv.DictReader(io.StringIO(client.get("/open-data/applications.csv").content.decode()))
    )
    bus = next(r for r in rows if r["service"] == BUS)
    assert bus["received"] == "" and bus["approved"] == "0"
    data = client.get("/open-data/payments.json").json()
    assert {(r["payments"], r["amount_minor_units"]) for r in data["rows"]} == {(None, None)}


def test_open_data_keeps_its_documented_columns_and_licence(client):
    compute_daily_figures()
    for name, dataset in DATASETS.items():
        columns = [c.name for c in dataset.columns]
        header = client.get(f"/open-data/{name}.csv").content.decode().splitlines()[0]
        assert header.split(",") == columns
        data = client.get(f"/open-data/{name}.json").json()
        assert [c["name"] for c in data["columns"]] == columns
        assert data["licence"] == "https://creativecommons.org/licenses/by/4.0/"
    catalogue = client.get(reverse("transparency:catalogue")).json()
    listed = {d["dct:identifier"]: d for d in catalogue["dcat:dataset"]}
    assert set(listed) == set(DATASETS)
    urls = [u["dcat:downloadURL"]["@id"] for u in listed["payments"]["dcat:distribution"]]
    assert urls == [
        "http://testserver/open-data/payments.csv",
        "http://testserver/open-data/payments.json",
    ]
    assert client.get("/open-data/nothing.csv").status_code == 404


def test_a_service_not_open_to_the_public_has_no_page_and_no_figures(applicant, client):
    ServiceVersion.objects.filter(service__slug=BUS).update(status="draft")
    compute_daily_figures()
    assert client.get(reverse("transparency:service", args=[BUS])).status_code == 404
    assert not DailyFigure.objects.filter(service=BUS).exists()
    assert BUS not in client.get("/open-data/applications.csv").content.decode()
    assert BUS not in client.get(reverse("transparency:overview")).content.decode()


def test_the_applicant_rates_a_decided_application_once(applicant, client):
    application = _decided(applicant)
    client.force_login(applicant)
    status = client.get(reverse("portal:application", args=[application.reference])).content
    url = reverse("transparency:feedback", args=[application.reference])
    assert url.encode() in status
    response = client.post(url, {"rating": "4", "comment": "Quick, thank you."})
    assert b"Thank you for your feedback" in response.content
    kept = Feedback.objects.get(application=application)
    assert (kept.rating, kept.comment, kept.service) == (4, "Quick, thank you.", BUS)
    again = client.post(url, {"rating": "1", "comment": "Changed my mind"})
    assert b"Feedback can be given once" in again.content
    assert Feedback.objects.get().rating == 4
    status = client.get(reverse("portal:application", args=[application.reference])).content
    assert url.encode() not in status


def test_bad_feedback_gets_a_message_and_keeps_what_was_typed(applicant, client):
    application = _decided(applicant)
    client.force_login(applicant)
    url = reverse("transparency:feedback", args=[application.reference])
    page = client.post(url, {"rating": "9", "comment": "Kept text"}).content.decode()
    assert "Choose a rating from 1 to 5." in page and "Kept text" in page
    page = client.post(url, {"rating": "3", "comment": "x" * 1001}).content.decode()
    assert "1,000 characters or fewer" in page
    page = client.post(url, {"rating": "3", "comment": "ok\u202eevil"}).content.decode()
    assert "characters that cannot be kept" in page and "evil" in page
    assert not Feedback.objects.exists()


def test_feedback_only_on_ones_own_decided_application(applicant, client):
    waiting = submitted(BUS, applicant)
    client.force_login(applicant)
    page = client.post(reverse("transparency:feedback", args=[waiting.reference]), {"rating": "5"})
    assert b"Feedback can be given once, after" in page.content
    client.force_login(User.objects.create_user("other@example.bt", None))
    decided = _decided(applicant)
    response = client.post(
        reverse("transparency:feedback", args=[decided.reference]), {"rating": "5"}
    )
    assert response.status_code == 404 and not Feedback.objects.exists()


def test_ratings_are_shown_per_service_once_there_are_five(applicant, client):
    for rating in (5, 4, 4, 3, 5):
        application = _decided(applicant)
        Feedback.objects.create(
            application=application, service=BUS, rating=rating, given_by=applicant
        )
    compute_daily_figures()
    page = client.get(reverse("transparency:service", args=[BUS])).content.decode()
    assert 'Average rating (1 to 5)</dt><dd class="govuk-summary-list__value">4.2<' in page
