import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from weasyprint import HTML

from dzong.accounts.models import User
from dzong.certificates.services import reissue_certificate, revoke_certificate
from dzong.certificates.tests.conftest import pdf_bytes

pytestmark = pytest.mark.django_db


def _page(client, certificate, language="en"):
    client.cookies["dzong_language"] = language
    return client.get(reverse("verify:certificate", args=[certificate.verification_code]))


def test_the_code_shows_the_certificates_facts_and_that_it_is_valid(client, issued):
    page = _page(client, issued[0]).text
    assert "Business Licence" in page
    assert "Wangmo Handicrafts" in page
    assert issued[0].registration.number in page
    assert "govuk-panel--confirmation" in page
    # Nothing the certificate does not show: not the national ID nor the mobile number.
    assert "11512345678" not in page
    assert "17123456" not in page


def test_the_page_speaks_dzongkha(client, issued):
    page = _page(client, issued[0], "dz").text
    assert "ཚོང་ལས་ཆོག་ཐམ།" in page
    assert "ནུས་ཚད་ཡོད།" in page


def test_a_revoked_certificate_says_so_with_the_date(client, issued):
    revoke_certificate(certificate=issued[0], reason="Closed")
    page = _page(client, issued[0]).text
    assert "Revoked on" in page
    assert "govuk-panel--confirmation" not in page


def test_a_replaced_certificate_points_to_the_new_one(client, issued):
    new = reissue_certificate(certificate=issued[1])
    page = _page(client, issued[1]).text
    assert "Replaced by a newer certificate" in page
    assert reverse("verify:certificate", args=[new.verification_code]) in page


def test_a_typed_code_is_forgiven_its_case_and_spaces(client, issued):
    typed = issued[0].verification_code.replace("-", " ").lower()
    response = client.get(reverse("verify:start"), {"code": typed})
    assert response.status_code == 302
    assert response.url == reverse("verify:certificate", args=[issued[0].verification_code])


def test_a_wrong_code_is_not_found_and_a_short_one_is_explained(client, issued):
    assert client.get(reverse("verify:certificate", args=["AAAA-BBBB-CCCC"])).status_code == 404
    page = client.get(reverse("verify:start"), {"code": "AB"}).text
    assert "A verification code has 12 letters and digits." in page


def _upload(client, content, name="certificate.pdf"):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(reverse("verify:document"), {"document": upload})


def test_genuine_altered_and_foreign_pdfs_get_three_different_answers(client, issued):
    genuine = pdf_bytes(issued[0])
    altered = bytearray(genuine)
    altered[len(altered) // 2] ^= 0x20
    foreign = HTML(string="<h1>Business Licence</h1>").write_pdf()
    answers = [_upload(client, bytes(content)) for content in (genuine, altered, foreign)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert "Genuine and unaltered" in answers[0].text
    assert "Altered" in answers[1].text
    assert "Not from us" in answers[2].text


def test_junk_uploads_are_refused_without_an_error_page(client, issued, settings):
    assert "The file is not a PDF." in _upload(client, b"GIF89a nonsense").text
    assert _upload(client, b"").status_code == 400
    assert _upload(client, b"%PDF-1.4 broken").status_code == 200
    settings.DZONG_CERTIFICATE_MAX_UPLOAD_BYTES = 100
    assert "too large" in _upload(client, b"%PDF-" + b"x" * 200).text
    assert client.post(reverse("verify:document"), {}).status_code == 400


def test_the_applicant_downloads_each_certificate_and_no_one_else_can(client, issued):
    application = issued[0].application
    client.force_login(application.applicant)
    page = client.get(reverse("portal:application", args=[application.reference])).text
    assert "Certificate ready: Business Licence" in page  # in the timeline
    for certificate in issued:
        url = reverse("portal:certificate", args=[application.reference, certificate.pk])
        assert url in page
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == pdf_bytes(certificate)
        assert response.headers["Content-Type"] == "application/pdf"
    client.force_login(User.objects.create_user("someone@example.bt", None))
    url = reverse("portal:certificate", args=[application.reference, issued[0].pk])
    assert client.get(url).status_code == 404
