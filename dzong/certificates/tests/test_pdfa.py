"""Certificates are archival PDFs (PDF/A-3b) that keep a valid PAdES signature, with the
agency's emblem printed on them."""

import io
import re
import subprocess

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from dzong.certificates.keys import trust_roots
from dzong.certificates.services import reissue_certificate, set_agency_emblem
from dzong.certificates.signing import _asn1
from dzong.certificates.tests.conftest import pdf_bytes, pdfsig

pytestmark = pytest.mark.django_db

GREEN_SQUARE = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<rect width="10" height="10" fill="#00ff00"/></svg>'
)


PDFAID = "http://www.aiim.org/pdfa/ns/id/"


def _pdfa_identification(pdf: bytes) -> dict[str, str]:
    """The pdfaid properties of the PDF's XMP metadata, as pyHanko's XMP parser reads them."""
    metadata = PdfFileReader(io.BytesIO(pdf)).root["/Metadata"].get_object()
    fields = {name: value for root in metadata.xmp for name, value in root}
    return {name.local_name: value.value for name, value in fields.items() if name.ns == PDFAID}


def test_a_certificate_identifies_itself_as_pdf_a_3b_after_signing(issued):
    pdf = pdf_bytes(issued[0])
    assert _pdfa_identification(pdf) == {"part": "3", "conformance": "B"}
    intents = PdfFileReader(io.BytesIO(pdf)).root["/OutputIntents"]
    assert intents[0].get_object()["/S"] == "/GTS_PDFA1"


def test_the_pdf_a_certificate_signature_validates_in_pyhanko_and_pdfsig(issued, tmp_path):
    pdf = pdf_bytes(issued[0])
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    context = ValidationContext(
        trust_roots=[_asn1(root) for root in trust_roots()], allow_fetching=False
    )
    status = validate_pdf_signature(signature, context)
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    path = tmp_path / "licence.pdf"
    path.write_bytes(pdf)
    report = pdfsig(path)
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report


def green_pixels(pdf: bytes, tmp_path) -> int:
    """How many pure green pixels the first page shows, printed at 40 dpi."""
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    ppm = subprocess.run(
        ["pdftoppm", "-r", "40", "-f", "1", "-l", "1", str(path)],
        capture_output=True,
        check=True,
    ).stdout
    header, pixels = _split_ppm(ppm)
    assert header == b"P6"
    return sum(
        1
        for i in range(0, len(pixels) - 2, 3)
        if pixels[i] < 30 and pixels[i + 1] > 220 and pixels[i + 2] < 30
    )


def _split_ppm(ppm: bytes) -> tuple[bytes, bytes]:
    magic, _width, _height, _depth, pixels = ppm.split(maxsplit=4)
    return magic, pixels


def test_the_agency_emblem_is_printed_on_its_certificates(issued, tmp_path):
    assert green_pixels(pdf_bytes(issued[0]), tmp_path) == 0
    set_agency_emblem(agency="trade", svg=GREEN_SQUARE)
    new = reissue_certificate(certificate=issued[0])
    assert green_pixels(pdf_bytes(new), tmp_path) > 50
    path = tmp_path / "new.pdf"
    path.write_bytes(pdf_bytes(new))
    assert "Signature Validation: Signature is Valid." in pdfsig(path)


def test_a_signed_certificate_is_a_tagged_pdf_1_7_as_pdf_a_3_requires(caplog, issued, tmp_path):
    pdf = pdf_bytes(issued[0])
    path = tmp_path / "licence.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert pdf.startswith(b"%PDF-1.7\n")
    assert "PDF version:     1.7" in info.stdout and "Tagged:          yes" in info.stdout
    assert "/Version" not in PdfFileReader(io.BytesIO(pdf)).root  # the signature kept it 1.7
    assert _pdfa_identification(pdf)["part"] == "3"
    tree = subprocess.run(
        ["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True
    ).stdout
    headings = re.findall(r"H1 \(block\)\n\s+Span \(inline\)\n\s+\"([^\"]+)\"", tree)
    assert headings == ["ཚོང་ལས་ཆོག་ཐམ།", "Business Licence"]
    assert tree.count("Table (block)") == 2 and "TH" in tree and "BL-20" in tree
    assert tree.count("Figure:") == 3  # the emblem in each language and the QR code
    printed = [r.getMessage() for r in caplog.get_records("setup") if r.name == "weasyprint"]
    assert not [m for m in printed if "alt" in m]  # every image has a text alternative
