"""QR codes for batch labels (segno, inline SVG)."""

import segno


def qr_svg(link: str) -> str:
    """An inline SVG of ``link``; error correction "Q" survives a scuffed label."""
    return segno.make(link, error="q", micro=False).svg_inline(
        scale=4, dark="#12391f", omitsize=True, title="QR")
