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


# Words of table cells broken across two lines ("Nob|ody": a table squeezed a column below its
# words). A word runs to a space, a hyphen or a Tibetan syllable's end (tsheg or shad), where
# lines may break; one of more than 16 characters (an address, a code) may break anywhere.
_SPLIT_WORDS = """() => {
    const split = [];
    for (const cell of document.querySelectorAll('td, th')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.textContent.matchAll(/[^\\s\\-\u2010\u0f0b\u0f0d]+/gu)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const rects = [...range.getClientRects()].filter(r => r.width > 0);
                const tops = new Set(rects.map(r => Math.round(r.top)));
                if (tops.size > 1 && [...match[0]].length <= 16) split.push(match[0]);
            }
        }
    }
    return split;
}"""


def split_words(page) -> list[str]:
    """The words of the page's tables broken across lines."""
    return page.evaluate(_SPLIT_WORDS)
