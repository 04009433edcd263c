"""Test runs of a draft: started, filled through the portal, walked through the workflow by the
designer in every role, their certificates downloaded, removed; and nobody else reaching them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from dzong.applications.models import Application, NumberSequence
from dzong.applications.reactions import TELL_APPLICANT
from dzong.applications.services import save_page
from dzong.applications.tests.factories import run_reactions
from dzong.catalogue.models import ServiceVersion
from dzong.certificates.models import Certificate
from dzong.notifications.models import Delivery
from dzong.office.tests.support import office_client
from dzong.payments.models import Payment
from dzong.workflow.models import Task
from dzong.workflow.tests.factories import bus_pages, staff, submitted


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def start(designer: Client) -> Application:
    response = designer.post("/designer/bus-route-permit/draft/test-runs/")
    run = Application.objects.filter(is_test=True).latest("pk")
    assert response.status_code == 302
    assert response["Location"] == f"/applications/{run.reference}/pages/operator/"
    return run


def filled(designer: Client) -> Application:
    run = start(designer)
    for page, answers, uploads in bus_pages():
        result = save_page(
            application=run, page_code=page, submitted=answers, uploads=uploads, language="en"
        )
        assert result.is_valid, result.errors
    return run


def submit(designer: Client, run: Application) -> None:
    response = designer.post(f"/applications/{run.reference}/check/", {"declaration": "yes"})
    assert response.status_code == 302
    assert response["Location"] == f"/designer/test-runs/{run.reference}/"


def approve(designer: Client, run: Application, django_capture_on_commit_callbacks) -> None:
    task = Task.objects.get(application=run, status="open")
    with django_capture_on_commit_callbacks(execute=True):
        response = designer.post(
            f"/designer/test-runs/{run.reference}/tasks/{task.pk}/",
            {"action": "approve", "version": task.version},
        )
    assert response.status_code == 302


def test_a_test_run_is_an_application_to_the_draft_filled_in_the_real_form(designer, bus_draft):
    run = start(designer)

    assert run.service_version == bus_draft
    assert run.applicant.email == "designer@rsta.demo.dzong.test"
    page = designer.get(f"/applications/{run.reference}/pages/operator/")
    assert page.status_code == 200
    assert "data-test-run" in page.content.decode()


def test_a_test_run_is_submitted_without_paying_and_waits_for_the_reviewer(designer, bus_draft):
    run = filled(designer)
    check = designer.get(f"/applications/{run.reference}/check/")
    assert "Nu. 1,500" in check.content.decode()  # 30 seats at Nu. 50 each

    submit(designer, run)

    run.refresh_from_db()
    assert run.status == "submitted"
    assert not Payment.objects.exists()
    page = designer.get(f"/designer/test-runs/{run.reference}/").content.decode()
    assert "Transport officer&#x27;s review" in page
    assert 'value="send-back"' in page


def test_the_designer_approves_as_the_reviewer_and_gets_a_test_certificate(
    designer, bus_draft, django_capture_on_commit_callbacks
):
    run = filled(designer)
    submit(designer, run)

    approve(designer, run, django_capture_on_commit_callbacks)

    run.refresh_from_db()
    assert run.status == "approved"
    assert run.events.filter(kind="approved", actor__email__startswith="designer@").exists()
    number = run.registrations.get().number
    assert number.startswith("TEST-")
    assert not NumberSequence.objects.filter(key__startswith=number.split("-")[1]).exists()
    certificate = Certificate.objects.get(application=run)
    assert certificate.signing_key is None
    assert certificate.content["en"]["title"].startswith("TEST / SPECIMEN")
    download = designer.get(f"/designer/test-runs/{run.reference}/certificates/{certificate.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert Client().get(f"/verify/{certificate.verification_code}/").status_code == 404


def test_sending_back_lets_the_designer_correct_as_the_applicant(designer, bus_draft):
    run = filled(designer)
    submit(designer, run)
    task = Task.objects.get(application=run, status="open")

    designer.post(
        f"/designer/test-runs/{run.reference}/tasks/{task.pk}/",
        {
            "action": "send-back",
            "version": task.version,
            "reason": "Seats?",
            "marked": ["seating_capacity"],
        },
    )
    response = designer.post(
        f"/applications/{run.reference}/corrections/", {"seating_capacity": "40"}
    )

    assert response["Location"] == f"/designer/test-runs/{run.reference}/"
    run.refresh_from_db()
    assert run.answers["seating_capacity"] == 40
    assert Task.objects.filter(application=run, status="open").exists()


def test_a_rejection_without_a_reason_is_refused_and_the_run_shown_again(designer, bus_draft):
    run = filled(designer)
    submit(designer, run)
    task = Task.objects.get(application=run, status="open")

    response = designer.post(
        f"/designer/test-runs/{run.reference}/tasks/{task.pk}/",
        {"action": "reject", "version": task.version},
    )

    assert response.status_code == 400
    assert 'id="action-error"' in response.content.decode()


def test_nobody_is_sent_a_message_about_a_test_run(
    designer, bus_draft, applicant, django_capture_on_commit_callbacks
):
    run = filled(designer)
    submit(designer, run)
    approve(designer, run, django_capture_on_commit_callbacks)
    run_reactions(run, TELL_APPLICANT)

    assert not Delivery.objects.filter(application=run).exists()
    real = submitted("bus-route-permit", applicant)
    run_reactions(real, TELL_APPLICANT)
    assert Delivery.objects.filter(application=real).exists()


def test_another_agencys_designer_cannot_see_or_act_on_the_test_run(designer, bus_draft):
    run = filled(designer)
    submit(designer, run)
    task = Task.objects.get(application=run, status="open")
    other = office_client(staff("designer", "caa"))

    base = f"/designer/test-runs/{run.reference}/"
    assert other.get(base).status_code == 404
    assert (
        other.post(f"{base}tasks/{task.pk}/", {"action": "approve", "version": 1}).status_code
        == 404
    )
    assert other.post(f"{base}remove/").status_code == 404
    assert other.get(f"/applications/{run.reference}/").status_code == 404
    assert Application.objects.filter(pk=run.pk, status="submitted").exists()


def test_an_applicant_cannot_reach_a_test_run(designer, bus_draft, applicant):
    run = filled(designer)
    client = Client()
    client.force_login(applicant)

    assert client.get(f"/designer/test-runs/{run.reference}/").status_code in (302, 404)
    assert client.post(f"/designer/test-runs/{run.reference}/remove/").status_code in (302, 404)
    assert client.get(f"/applications/{run.reference}/pages/operator/").status_code == 404
    assert Application.objects.filter(pk=run.pk).exists()


def test_test_runs_are_not_in_the_office(designer, bus_draft, applicant):
    run = filled(designer)
    submit(designer, run)
    real = submitted("bus-route-permit", applicant)
    officer = office_client(staff("transport-officer", "rsta"))

    queue = officer.get("/office/").content.decode()

    assert real.reference in queue
    assert run.reference not in queue
    assert officer.get(f"/office/applications/{run.reference}/").status_code == 404
    task = Task.objects.get(application=run)
    assert (
        officer.post(
            f"/office/tasks/{task.pk}/act/", {"action": "approve", "version": task.version}
        ).status_code
        == 404
    )


def test_removing_a_test_run_removes_its_certificates_and_their_files(
    designer, bus_draft, django_capture_on_commit_callbacks
):
    run = filled(designer)
    submit(designer, run)
    approve(designer, run, django_capture_on_commit_callbacks)
    certificate = Certificate.objects.get(application=run)
    storage, name = certificate.pdf.storage, certificate.pdf.name

    with django_capture_on_commit_callbacks(execute=True):
        response = designer.post(f"/designer/test-runs/{run.reference}/remove/")

    assert response["Location"] == "/designer/bus-route-permit/draft/test-runs/"
    assert not Application.objects.filter(pk=run.pk).exists()
    assert not Certificate.objects.exists()
    assert not storage.exists(name)


def test_publishing_the_draft_removes_its_test_runs(designer, bus_draft):
    run = filled(designer)
    submit(designer, run)

    designer.post(f"/designer/bus-route-permit/versions/{bus_draft.number}/publish/")

    assert ServiceVersion.objects.get(pk=bus_draft.pk).status == "published"
    assert not Application.objects.filter(pk=run.pk).exists()


def test_old_test_runs_are_pruned_and_recent_ones_kept(designer, bus_draft, settings):
    settings.DZONG_TEST_RUN_RETENTION_DAYS = 7
    old, recent = start(designer), start(designer)
    Application.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))

    call_command("prune_test_runs", stdout=io.StringIO())

    assert list(Application.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_test_runs_page_lists_the_drafts_runs(designer, bus_draft):
    run = start(designer)

    page = designer.get("/designer/bus-route-permit/draft/test-runs/").content.decode()

    assert run.reference in page
    assert (
        "/designer/bus-route-permit/draft/test-runs/"
        in designer.get("/designer/bus-route-permit/draft/").content.decode()
    )
