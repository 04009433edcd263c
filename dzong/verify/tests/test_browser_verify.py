"""The QR code printed on a certificate, followed in a real browser, in both languages."""

import gc
import subprocess
import threading
import warnings

import pytest
import zxingcpp
from django.db import connections
from PIL import Image
from weasyprint import HTML

from dzong.accounts.models import User
from dzong.applications.tests.factories import business_draft
from dzong.catalogue.tests.support import ensure_demo
from dzong.certificates.models import Certificate
from dzong.certificates.tests.conftest import pdf_bytes
from dzong.portal.tests.conftest import AXE, AXE_TAGS
from dzong.workflow.submission import submit_application

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _release_finished_threads_connections():
    """Database connections left by threads that served these tests (the submitting thread,
    the live server's) are collected at the end of the test, not in the middle of a later one.
    """
    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


@pytest.fixture
def licence(live_server, transactional_db, settings, tmp_path):
    """A business licence issued by the task, its links pointing at the test server."""
    ensure_demo()
    settings.DZONG_SITE_URL = live_server.url
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    applicant = User.objects.create_user("karma@example.bt", None)
    # Signing runs its own event loop, which Playwright's in this thread would refuse.
    worker = threading.Thread(
        target=lambda: submit_application(application=business_draft(applicant))
    )
    worker.start()
    worker.join()
    return Certificate.objects.get(code="business-licence")


def _submit_business(applicant) -> None:
    try:
        submit_application(application=business_draft(applicant))
    finally:
        connections.close_all()


def _qr_code_in(pdf: bytes, folder) -> str:
    """What the QR code printed on the PDF's first page says, read from its image."""
    (folder / "certificate.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", "certificate.pdf", "page"],
        cwd=folder,
        check=True,
    )
    image = next(folder.glob("page*.png"))
    codes = zxingcpp.read_barcodes(Image.open(image))
    assert len(codes) == 1
    return codes[0].text


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))",
        AXE_TAGS,
    )


@pytest.mark.parametrize("language", ["en", "dz"])
def test_the_qr_code_leads_to_the_certificates_status_page(
    live_server, browser, licence, tmp_path, language
):
    url = _qr_code_in(pdf_bytes(licence), tmp_path)
    assert url == f"{live_server.url}/verify/{licence.verification_code}/"
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    context.add_cookies([{"name": "dzong_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(url)
    heading = page.locator("h1").inner_text()
    assert heading == ("ཚོང་ལས་ཆོག་ཐམ།" if language == "dz" else "Business Licence")
    status = page.locator(".govuk-panel__title").inner_text()
    assert status == ("ནུས་ཚད་ཡོད།" if language == "dz" else "Valid")
    assert licence.registration.number in page.content()
    assert _axe(page) == []
    context.close()


def test_uploading_a_genuine_an_altered_and_a_foreign_pdf_gives_three_answers(
    live_server, browser, licence, tmp_path
):
    genuine = pdf_bytes(licence)
    altered = bytearray(genuine)
    altered[len(altered) // 2] ^= 0x20
    foreign = HTML(string="<h1>Business Licence</h1>").write_pdf()
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    findings = []
    for name, content in [("genuine", genuine), ("altered", bytes(altered)), ("other", foreign)]:
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(content)
        page.goto(f"{live_server.url}/verify/")
        page.get_by_label("Certificate PDF").set_input_files(str(path))
        page.get_by_role("button", name="Check the file").click()
        findings.append(page.locator("[data-finding]").get_attribute("data-finding"))
        assert _axe(page) == []
    assert findings == ["genuine", "altered", "foreign"]
    context.close()


@pytest.mark.parametrize("language", ["en", "dz"])
def test_the_check_page_and_its_errors_pass_axe(live_server, browser, transactional_db, language):
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    context.add_cookies([{"name": "dzong_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/verify/")
    assert _axe(page) == []
    page.locator("#f-code").fill("AB")
    page.locator("form[method=get] .govuk-button").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert _axe(page) == []
    page.goto(f"{live_server.url}/verify/")
    page.locator("form[enctype] .govuk-button").click()
    assert page.locator("#f-document-error").is_visible()
    assert _axe(page) == []
    context.close()
