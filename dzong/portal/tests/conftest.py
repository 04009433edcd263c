"""The browser tests' constants; their fixtures (one Chromium for the whole run) are in
dzong/conftest.py, shared by every app's browser tests."""

from conftest import REPO

AXE = REPO / "dzong" / "test-assets" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# The text a person must read to use a form: each visible label, hint, legend and button, with
# its computed size and whether it is in Tibetan script.
_TEXT_SIZES = """() => [...document.querySelectorAll(
        'label, .govuk-label, .govuk-hint, legend, .govuk-fieldset__legend, button, .govuk-button')]
    .filter(e => e.getClientRects().length && e.textContent.trim()
            && !e.closest('.govuk-visually-hidden, .govuk-skip-link'))
    .map((e, i) => ({key: `${i} ${e.tagName.toLowerCase()}.${e.className}`,
                     text: e.textContent.trim().slice(0, 40),
                     size: parseFloat(getComputedStyle(e).fontSize),
                     tibetan: /[\\u0F00-\\u0FFF]/.test(e.textContent)}))"""
SMALLEST_TEXT = 16


def text_sizes(page) -> list[dict]:
    """The labels, hints, legends and buttons of the page, each with its size in pixels."""
    return page.evaluate(_TEXT_SIZES)


def too_small(sizes: list[dict]) -> list[str]:
    """Those under 16 px."""
    return [f"{s['key']} {s['text']!r}: {s['size']} px" for s in sizes if s["size"] < SMALLEST_TEXT]
