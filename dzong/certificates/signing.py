"""PAdES signatures on certificates (pyHanko), and checking a PDF someone presents."""

from __future__ import annotations

import asyncio
import enum
import io
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers import constants as signer_constants
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from dzong.certificates.keys import KeyPair

logger = logging.getLogger(__name__)
FIELD = "Signature"
T = TypeVar("T")


def _without_event_loop(work: Callable[[], T]) -> T:
    """Run pyHanko's synchronous calls (each starts an event loop of its own) in a thread with no
    event loop running: in the caller's thread, unless an event loop runs there (an ASGI server's,
    or a browser driver's), then in a thread of their own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


class _Pdf17Signer(signers.PdfSigner):
    """Signs and keeps the PDF at version 1.7, the base of PDF/A-3 that the certificate claims.

    pyHanko would declare an ECDSA key's curve through ISO 32002, a PDF 2.0 extension, and so
    mark the file PDF 2.0; PAdES on PDF 1.7 needs only the ESIC extension."""

    def register_extensions(self, pdf_out: BasePdfFileWriter, *, md_algorithm: str) -> None:
        pdf_out.ensure_output_version(version=(1, 7))  # type: ignore[no-untyped-call]
        pdf_out.register_extension(signer_constants.ESIC_EXTENSION_1)


def sign_pdf(pdf: bytes, *, pair: KeyPair, reason: str, location: str) -> bytes:
    """The PDF with a PAdES baseline signature by the key, its chain embedded."""
    key_info = asn1_keys.PrivateKeyInfo.load(
        pair.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    signer = signers.SimpleSigner(
        signing_cert=_asn1(pair.certificate),
        signing_key=key_info,
        cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
            [_asn1(c) for c in pair.chain]
        ),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        md_algorithm="sha256",
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    signed = _without_event_loop(lambda: _Pdf17Signer(meta, signer=signer).sign_pdf(writer))
    result: bytes = signed.getvalue()
    return result


class Finding(enum.Enum):
    """What checking a presented PDF found."""

    SIGNED_BY_US = "signed"  # a signature by one of our keys, intact, covering the whole file
    ALTERED = "altered"  # our signature, but the document changed after signing
    FOREIGN = "foreign"  # no signature, or one that does not chain to our roots
    UNREADABLE = "unreadable"  # not a PDF we can read


def check_signature(
    pdf: bytes, *, roots: list[x509.Certificate], ours: list[x509.Certificate]
) -> Finding:
    """Whether the PDF carries an intact signature, over the whole file, by one of our keys."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
        signer = signatures[0].signer_cert if len(signatures) == 1 else None
    except Exception as error:  # a parser of hostile input may raise anything
        logger.info("A presented PDF could not be read: %s", type(error).__name__)
        return Finding.UNREADABLE
    if signer is None or signer.dump() not in {_asn1(c).dump() for c in ours}:
        return Finding.FOREIGN
    return _judge(signatures[0], roots)


def _judge(signature: object, roots: list[x509.Certificate]) -> Finding:
    context = ValidationContext(trust_roots=[_asn1(r) for r in roots], allow_fetching=False)
    try:
        status = _without_event_loop(
            lambda: validate_pdf_signature(signature, context)  # type: ignore[arg-type]
        )
    except Exception as error:  # as above: a broken signature is an altered document
        logger.info("A presented PDF's signature could not be checked: %s", type(error).__name__)
        return Finding.ALTERED
    whole = signature.coverage.name == "ENTIRE_FILE"  # type: ignore[attr-defined]
    return (
        Finding.SIGNED_BY_US
        if status.intact and status.valid and status.trusted and whole
        else Finding.ALTERED
    )
