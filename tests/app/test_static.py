"""What the stylesheet promises: colours with enough contrast where axe cannot look (WCAG
1.4.11: field borders and the focus ring at least 3:1 against white)."""

import pathlib
import re

CSS = (pathlib.Path(__file__).resolve().parents[2] / "app" / "static" / "css" / "app.css")


def _luminance(hex_colour):
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a, b):
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_field_borders_and_the_focus_ring_stand_out_from_white():
    css = CSS.read_text(encoding="utf-8")
    focus = re.search(r"--focus: (#[0-9a-f]{6})", css).group(1)
    border = re.search(r"textarea \{\s*width: 100%;[^}]*border: 1px solid (#[0-9a-f]{6})",
                       css).group(1)  # fmt: skip
    assert _contrast(focus, "#ffffff") >= 3, focus
    assert _contrast(border, "#ffffff") >= 3, border
    warn = re.search(r"--warn: (#[0-9a-f]{6})", css).group(1)
    assert _contrast(warn, "#fdf1dc") >= 4.5  # the "partial" badge's text
