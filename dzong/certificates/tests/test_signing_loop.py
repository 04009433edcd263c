"""Signing and checking a certificate from code that runs inside an event loop (an ASGI server,
or a browser driver in the same process) works as it does outside one."""

from __future__ import annotations

import asyncio

import pytest
from weasyprint import HTML

from dzong.certificates.keys import create_agency_key, create_authority, key_pair
from dzong.certificates.signing import Finding, check_signature, sign_pdf

pytestmark = pytest.mark.django_db


def test_a_pdf_is_signed_and_checked_inside_a_running_event_loop() -> None:
    authority = create_authority(name="Loop authority")
    key = create_agency_key(authority=authority, agency="loop", agency_name="Loop")
    pair = key_pair(key)
    unsigned = HTML(string="<h1>Licence</h1>").write_pdf()

    async def inside() -> tuple[bytes, Finding]:
        signed = sign_pdf(unsigned, pair=pair, reason="x", location="x")
        return signed, check_signature(signed, roots=[pair.chain[-1]], ours=[pair.certificate])

    signed, finding = asyncio.run(inside())
    assert signed.startswith(b"%PDF") and len(signed) > len(unsigned)
    assert finding == Finding.SIGNED_BY_US
