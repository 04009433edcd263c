"""The receipt as a PDF: Dzongkha and English, the amounts and the verification code, for the
payer only."""

import subprocess

import pytest

from dzong.certificates.services import set_agency_emblem
from dzong.certificates.tests.test_pdfa import GREEN_SQUARE, green_pixels
from dzong.payments.models import Payment
from dzong.payments.tests.support import (
    BUS_FEE,
    bus_draft,
    decide,
    go_to_gateway,
    load_demo,
    signed_in,
)
from dzong.payments.tests.test_staff_views import staff


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    assert "Dzong-Tibetan" in fonts.stdout  # the Tibetan font is embedded
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _download(client, payment: Payment) -> bytes:
    response = client.get(f"/payments/{payment.reference}/receipt.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"receipt-{payment.reference}.pdf" in response["Content-Disposition"]
    return response.content


def test_the_payer_downloads_a_bilingual_pdf_receipt_from_both_pages(site, tmp_path):
    payer, _ = signed_in()
    application = bus_draft(payer)
    decide(go_to_gateway(payer, application), "approve")
    payment = Payment.objects.get()
    pdf_url = f"/payments/{payment.reference}/receipt.pdf"
    assert pdf_url in payer.get(f"/payments/{payment.reference}/receipt/").text
    assert pdf_url in payer.get(f"/applications/{application.reference}/").text
    text = _text(_download(payer, payment), tmp_path)
    assert payment.verification_code in text and payment.reference in text
    assert application.reference in text
    assert text.count("Nu. 1,500") >= 2  # the fee line and the total
    assert "RSTA-ROUTE-PERMITS" in text and "Online" in text and "Receipt" in text
    assert "འབྱོར་ཁ།" in text and "བསྡོམས།" in text  # Dzongkha: receipt, total
    assert f"/payments/receipts/{payment.verification_code}/" in text
    assert payment.amount == BUS_FEE


def test_only_the_payer_may_download_the_receipt(site):
    payer, _ = signed_in()
    application = bus_draft(payer)
    decide(go_to_gateway(payer, application), "approve")
    url = f"/payments/{Payment.objects.get().reference}/receipt.pdf"
    stranger, _ = signed_in("stranger@example.bt")
    assert stranger.get(url).status_code == 404
    from django.test import Client

    assert Client().get(url)["Location"].startswith("/account/sign-in/")


@pytest.mark.django_db
def test_a_cash_receipt_names_the_counter_and_its_receipt_number(tmp_path):
    load_demo()
    payer, _ = signed_in()
    draft = bus_draft(payer)
    staff("cashier", "rsta").post(f"/counter/{draft.reference}/", {"receipt_number": "R-42"})
    payment = Payment.objects.get()
    text = _text(_download(payer, payment), tmp_path)
    assert "Cash at a counter" in text and "R-42" in text
    assert payment.verification_code in text


@pytest.mark.django_db
def test_the_receipt_is_headed_by_the_emblem_of_the_agency_paid(tmp_path):
    load_demo()
    payer, _ = signed_in()
    draft = bus_draft(payer)
    staff("cashier", "rsta").post(f"/counter/{draft.reference}/", {"receipt_number": "R-43"})
    payment = Payment.objects.get()
    assert green_pixels(_download(payer, payment), tmp_path) == 0
    set_agency_emblem(agency="rsta", svg=GREEN_SQUARE)
    assert green_pixels(_download(payer, payment), tmp_path) > 50


def test_the_receipt_page_gives_the_full_address_that_checks_it(site, settings):
    payer, _ = signed_in()
    decide(go_to_gateway(payer, bus_draft(payer)), "approve")
    payment = Payment.objects.get()
    page = payer.get(f"/payments/{payment.reference}/receipt/").text
    address = (
        f"{settings.DZONG_SITE_URL.rstrip('/')}/payments/receipts/{payment.verification_code}/"
    )
    assert address.startswith("http")
    assert f'<a class="govuk-link dzong-break" href="{address}">{address}</a>' in page
