"""The QR code on the board that takes a pupil's phone to the join page with
the code filled in: drawn here as SVG by segno, so no outside service sees it.

segno draws with presentation attributes (`stroke`, `fill`), not `style`, so
the inline SVG passes the Content-Security-Policy.
"""

import segno
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def join_qr_svg(url: str) -> SafeString:
    """The QR code of `url` as an inline <svg> that scales with its box."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(
        scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None, dark="#000", light="#fff"
    )
    label = escape(f"QR-code naar {url}")
    # segno's SVG starts with "<svg "; the label makes it an image for screen readers.
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))  # noqa: S308
