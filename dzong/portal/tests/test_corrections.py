import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dzong.office.tests.support import office_client
from dzong.workflow.services import act_on_task, add_note
from dzong.workflow.tests.factories import PDF, paid, staff, submitted

pytestmark = pytest.mark.django_db


def _sent_back(applicant, field="seating_capacity", note="A bus of this route seats at most 25."):
    application = submitted("bus-route-permit", applicant)
    task = application.tasks.get()
    act_on_task(
        task=task,
        version=task.version,
        staff=staff("transport-officer", "rsta"),
        action="send-back",
        reason=note,
        fields=[field],
    )
    client = Client()
    client.force_login(applicant)
    return application, client


def test_the_applicant_reads_the_note_and_changes_only_the_marked_fields(applicant):
    # A field that leaves the fees paid before submission as they are.
    application, client = _sent_back(applicant, "vehicle_registration", "The plate is misread.")
    page = client.get(f"/applications/{application.reference}/").text
    assert "The plate is misread." in page
    assert "Sent back to you for corrections" in page
    form = client.get(f"/applications/{application.reference}/corrections/").text
    assert 'name="vehicle_registration"' in form and 'name="origin_town"' not in form
    response = client.post(
        f"/applications/{application.reference}/corrections/",
        {"vehicle_registration": "BP-1-B5678", "origin_town": "Paro"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.answers["vehicle_registration"] == "BP-1-B5678"
    assert application.answers["origin_town"] == "Thimphu"
    assert application.tasks.get(status="open").step == "review"
    assert client.get(f"/applications/{application.reference}/corrections/").status_code == 302


def test_a_wrong_correction_is_refused_with_its_message_and_kept(applicant):
    application, client = _sent_back(applicant)
    response = client.post(
        f"/applications/{application.reference}/corrections/", {"seating_capacity": "99"}
    )
    assert response.status_code == 200 and 'value="99"' in response.text
    assert "govuk-error-summary" in response.text
    application.refresh_from_db()
    assert application.answers["seating_capacity"] == 30


def test_someone_elses_corrections_page_is_not_found(applicant):
    from dzong.accounts.models import User

    application, _ = _sent_back(applicant)
    stranger = Client()
    stranger.force_login(User.objects.create_user("other@example.bt", None))
    assert stranger.get(f"/applications/{application.reference}/corrections/").status_code == 404


def test_the_applicant_reads_the_rejection_reason_but_never_internal_notes(applicant):
    application = submitted("industrial-land-lease", applicant)
    officer = staff("estate-officer", "industry")
    add_note(application=application, staff=officer, text="Brother of a committee member")
    task = application.tasks.get()
    act_on_task(
        task=task,
        version=task.version,
        staff=officer,
        action="reject",
        reason="Pasakha has no free plot of this size.",
    )
    client = Client()
    client.force_login(applicant)
    page = client.get(f"/applications/{application.reference}/").text
    assert "Pasakha has no free plot of this size." in page
    assert "Brother of a committee member" not in page


def _proposal_sent_back(applicant):
    application = submitted("industrial-land-lease", applicant)
    task = application.tasks.get()
    act_on_task(
        task=task,
        version=task.version,
        staff=staff("estate-officer", "industry"),
        action="send-back",
        reason="The proposal is not signed.",
        fields=["project_proposal"],
    )
    client = Client()
    client.force_login(applicant)
    return application, client


def test_a_document_sent_back_is_replaced_and_the_earlier_file_stays_for_staff(applicant):
    application, client = _proposal_sent_back(applicant)
    earlier = application.attachments.get()
    url = f"/applications/{application.reference}/corrections/"
    form = client.get(url).text
    assert 'enctype="multipart/form-data"' in form and 'name="project_proposal"' in form
    assert 'name="remove-file"' not in form
    signed = SimpleUploadedFile("signed.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {"project_proposal": signed}).status_code == 302
    application.refresh_from_db()
    current = application.attachments.get(name="signed.pdf")
    assert application.answers["project_proposal"]["attachment"] == current.pk
    assert application.attachments.filter(pk=earlier.pk).exists()
    page = client.get(f"/applications/{application.reference}/").text
    assert "signed.pdf" in page and "proposal.pdf" not in page
    office = office_client(staff("estate-officer", "industry"))
    screen = office.get(f"/office/applications/{application.reference}/").text
    assert "signed.pdf" in screen and "proposal.pdf" in screen and "Replaced" in screen
    assert application.tasks.get(status="open").step == "estate-review"


def test_a_document_sent_back_must_be_replaced_by_a_file(applicant):
    application, client = _proposal_sent_back(applicant)
    response = client.post(f"/applications/{application.reference}/corrections/", {})
    assert response.status_code == 200 and "govuk-error-summary" in response.text
    application.refresh_from_db()
    assert application.attachments.count() == 1
    assert application.corrections.get().resubmitted_at is None


def test_a_wrong_file_is_refused_and_the_earlier_one_kept(applicant):
    application, client = _proposal_sent_back(applicant)
    text = SimpleUploadedFile("notes.pdf", b"plain words", content_type="application/pdf")
    response = client.post(
        f"/applications/{application.reference}/corrections/", {"project_proposal": text}
    )
    assert response.status_code == 200 and "govuk-error-summary" in response.text
    application.refresh_from_db()
    assert application.answers["project_proposal"]["name"] == "proposal.pdf"


def test_corrections_on_two_pages_are_both_kept(applicant):
    application = submitted("bus-route-permit", applicant)
    task = application.tasks.get()
    act_on_task(
        task=task,
        version=task.version,
        staff=staff("transport-officer", "rsta"),
        action="send-back",
        reason="Check the contact and the route.",
        fields=["contact_person", "origin_town"],
    )
    client = Client()
    client.force_login(applicant)
    response = client.post(
        f"/applications/{application.reference}/corrections/",
        {"contact_person": "Pema Lhamo", "origin_town": "Paro"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.answers["contact_person"] == "Pema Lhamo"
    assert application.answers["origin_town"] == "Paro"


def test_a_correction_changing_a_paid_fee_is_refused_and_what_was_typed_kept(applicant):
    application = paid("bus-route-permit", applicant)
    task = application.tasks.get()
    act_on_task(
        task=task,
        version=task.version,
        staff=staff("transport-officer", "rsta"),
        action="send-back",
        reason="A bus of this route seats at most 25.",
        fields=["seating_capacity"],
    )
    client = Client()
    client.force_login(applicant)
    response = client.post(
        f"/applications/{application.reference}/corrections/", {"seating_capacity": "40"}
    )
    assert response.status_code == 200 and 'value="40"' in response.text
    assert "You have already paid Nu. 1,500" in response.text and "Nu. 2,000" in response.text
    application.refresh_from_db()
    assert application.answers["seating_capacity"] == 30
