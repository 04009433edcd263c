"""The QR code of an address a wallet on a phone opens (a sign-in or consent request, an offer
of a certificate), drawn as inline SVG for the page."""

from __future__ import annotations

import segno


def wallet_qr(address: str) -> str:
    """The address as an SVG QR code; low error correction keeps a long request readable."""
    svg: str = segno.make(address, error="l").svg_inline(scale=3, border=2, omitsize=True)
    return svg
