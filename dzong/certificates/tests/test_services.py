import datetime as dt

import pytest
from weasyprint import HTML

from dzong.applications.models import Application, Event, IssuedRegistration
from dzong.certificates.keys import create_agency_key, create_authority, key_pair
from dzong.certificates.models import Certificate, SigningKey
from dzong.certificates.services import (
    NotRevocable,
    check_presented_pdf,
    issue_certificate,
    reissue_certificate,
    remind_of_renewals,
    revoke_certificate,
)
from dzong.certificates.signing import sign_pdf
from dzong.certificates.tests.conftest import pdf_bytes, pdfsig, pdftotext
from dzong.notifications.models import Delivery
from dzong.notifications.tests.support import sent_once
from dzong.workflow.services import act_on_task
from dzong.workflow.tests.factories import paid, staff

pytestmark = pytest.mark.django_db


def test_a_business_registration_gives_three_signed_certificates(issued, tmp_path):
    assert [c.code for c in issued] == ["business-licence", "taxpayer", "employer"]
    for certificate in issued:
        pdf = pdf_bytes(certificate)
        assert pdf.startswith(b"%PDF-")
        assert check_presented_pdf(pdf=pdf).finding == "genuine"
        path = tmp_path / f"{certificate.code}.pdf"
        path.write_bytes(pdf)
        report = pdfsig(path)
        assert "Signature Validation: Signature is Valid." in report
        assert "Total document signed" in report


def test_each_certificate_is_signed_by_its_own_agency(issued, tmp_path):
    path = tmp_path / "licence.pdf"
    path.write_bytes(pdf_bytes(issued[0]))
    assert "CN=Department of Trade" in pdfsig(path)
    assert {c.signing_key.agency for c in issued} == {"trade", "revenue", "labour"}


def test_the_pdf_holds_the_dzongkha_words_exactly_and_its_verification_code(issued, tmp_path):
    licence = issued[0]
    path = tmp_path / "licence.pdf"
    path.write_bytes(pdf_bytes(licence))
    text = pdftotext(path)
    for words in ("ཚོང་ལས་ཆོག་ཐམ།", "ཚོང་ལས་ལས་ཁུངས།", "ཆོག་ཐམ་ཨང་།", "ཚོང་ལས་ཀྱི་མིང་།"):
        assert words in text
    assert "Business Licence" in text
    assert licence.verification_code in text
    assert f"/verify/{licence.verification_code}/" in text


def test_one_byte_changed_anywhere_signed_is_reported_altered(issued, tmp_path):
    pdf = bytearray(pdf_bytes(issued[0]))
    middle = len(pdf) // 3
    pdf[middle] ^= 0x01
    assert check_presented_pdf(pdf=bytes(pdf)).finding == "altered"
    path = tmp_path / "altered.pdf"
    path.write_bytes(bytes(pdf))
    assert "Signature is Valid." not in pdfsig(path)


def test_a_pdf_signed_elsewhere_or_not_signed_is_not_ours(issued):
    unsigned = HTML(string="<h1>Business Licence</h1>").write_pdf()
    assert check_presented_pdf(pdf=unsigned).finding == "foreign"
    authority = create_authority(name="Someone else")
    key = create_agency_key(authority=authority, agency="forger", agency_name="Forger")
    forged = sign_pdf(unsigned, pair=key_pair(key), reason="x", location="x")
    key.delete()
    authority.delete()
    assert check_presented_pdf(pdf=forged).finding == "foreign"


def test_junk_is_unreadable_not_an_error(issued):
    assert check_presented_pdf(pdf=b"%PDF-1.7\n nonsense").finding == "unreadable"


def test_certificates_signed_with_a_retired_key_still_verify(issued, applicant):
    old = issued[0]
    key = old.signing_key
    create_agency_key(authority=key.authority, agency="trade", agency_name="Department of Trade")
    assert SigningKey.objects.get(pk=key.pk).retired_at is not None
    new = reissue_certificate(certificate=old)
    assert new.signing_key != key
    assert check_presented_pdf(pdf=pdf_bytes(new)).finding == "genuine"
    assert check_presented_pdf(pdf=pdf_bytes(old)).finding == "genuine"


def test_issuing_again_keeps_the_certificate_in_force(issued):
    again = issue_certificate(registration=issued[0].registration)
    assert again == issued[0]
    assert Certificate.objects.filter(registration=issued[0].registration).count() == 1


def test_revoking_records_an_event_and_a_reason_and_happens_once(issued):
    licence = revoke_certificate(certificate=issued[0], reason="Issued in error")
    assert licence.standing() == "revoked"
    assert licence.revoked_reason == "Issued in error"
    event = Event.objects.get(kind=Event.Kind.CERTIFICATE_REVOKED)
    assert event.application == licence.application
    with pytest.raises(NotRevocable):
        revoke_certificate(certificate=licence, reason="Again")
    with pytest.raises(ValueError, match="reason"):
        revoke_certificate(certificate=issued[1], reason="  ")


def test_reissuing_marks_the_old_one_replaced_by_the_new(issued):
    old = issued[1]
    new = reissue_certificate(certificate=old)
    old.refresh_from_db()
    assert old.standing() == "replaced"
    assert old.replaced_by == new
    assert new.standing() == "valid"
    assert new.verification_code != old.verification_code
    assert Event.objects.filter(kind=Event.Kind.CERTIFICATE_REISSUED).count() == 1
    with pytest.raises(NotRevocable):
        reissue_certificate(certificate=old)


def test_a_certificate_past_its_date_is_expired(issued):
    licence = issued[0]
    assert licence.valid_until == licence.valid_from + dt.timedelta(days=365)
    assert licence.standing(today=licence.valid_until) == "valid"
    assert licence.standing(today=licence.valid_until + dt.timedelta(days=1)) == "expired"


def test_holders_are_reminded_once_before_a_certificate_expires(
    issued, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.DZONG_CERTIFICATE_RENEWAL_DAYS = 30
    licence = issued[0]
    before = licence.valid_until - dt.timedelta(days=31)
    assert remind_of_renewals(today=before) == 0
    sent = len(smtp_server.messages)
    soon = licence.valid_until - dt.timedelta(days=29)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_of_renewals(today=soon) == 1
        assert remind_of_renewals(today=soon) == 0
    smtp_server.wait_for(sent + 1)
    message = Delivery.objects.get(event="renewal_reminder")
    assert message.application == licence.application
    assert message.recipient == licence.application.applicant
    reminder = sent_once(smtp_server, message)
    assert reminder["Subject"].startswith("Your Business Licence expires on")
    assert "/services/register-business/" in reminder.get_content()


def test_the_applicant_hears_when_the_certificates_are_ready(
    applicant, immediate_tasks, smtp_server, django_capture_on_commit_callbacks
):
    from dzong.applications.tests.factories import business_draft
    from dzong.workflow.submission import submit_application

    with django_capture_on_commit_callbacks(execute=True):
        application = submit_application(application=business_draft(applicant)).application
    messages = smtp_server.wait_for(3)
    ready = [m for m in messages if "certificates" in m["Subject"]]
    assert len(ready) == 1
    assert ready[0]["Subject"] == f"Your certificates for {application.reference} are ready"
    assert "Taxpayer Registration Certificate" in ready[0].get_content()
    assert f"/applications/{application.reference}/" in ready[0].get_content()


def test_damaged_copies_of_a_certificate_never_pass_and_never_crash(issued):
    genuine = pdf_bytes(issued[0])
    step = len(genuine) // 25
    damaged = [genuine[:cut] for cut in range(10, len(genuine), step)]
    for offset in range(0, len(genuine), step):
        copy = bytearray(genuine)
        copy[offset] = (copy[offset] + 7) % 256
        damaged.append(bytes(copy))
    damaged.append(genuine + b"\n%% appended\n")
    findings = {check_presented_pdf(pdf=pdf).finding for pdf in damaged}
    assert "genuine" not in findings
    assert findings <= {"altered", "unreadable", "foreign"}


def test_a_certificate_states_the_fee_as_paid_not_worked_out_again_from_the_answers(applicant):
    application = paid("industrial-land-lease", applicant)  # 3,000 m² at Pasakha: Nu. 90,000
    # answers kept before corrections were held to the fees paid: 4,000 m² make Nu. 120,000
    answers = {**application.answers, "plot_area": 4000}
    Application.objects.filter(pk=application.pk).update(answers=answers)
    for role, action in (("estate-officer", "forward"), ("estates-committee", "approve")):
        task = application.tasks.get(status="open")
        act_on_task(task=task, version=task.version, staff=staff(role, "industry"), action=action)
    registration = IssuedRegistration.objects.get(application=application)
    certificate = issue_certificate(registration=registration)
    facts = dict(certificate.content["en"]["facts"])
    assert facts["Yearly rent"] == "Nu. 90,000"
