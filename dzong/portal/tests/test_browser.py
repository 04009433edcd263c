"""Pages in a real Chromium: the browser's rule evaluator, accessibility, reflow, keyboard."""

import json
from pathlib import Path

import pytest

from conftest import CONFORMANCE, EDGE_CASES
from dzong.portal.tests.conftest import AXE, AXE_TAGS, text_sizes, too_small

PAGES = [
    "/",
    "/services/",
    "/services/register-business/",
    "/services/drone-permit/",
    "/about/privacy/",
    "/performance/services/bus-route-permit/",
    "/open-data/",
]
pytestmark = pytest.mark.browser


def _cases(path: Path):
    return json.loads(path.read_text("utf-8"))


@pytest.mark.parametrize("cases", [CONFORMANCE, EDGE_CASES], ids=["conformance", "edge-cases"])
def test_the_browser_evaluator_passes_the_same_case_files_as_the_server(site, phone, cases):
    phone.goto(site + "/")
    result = phone.evaluate(
        """async (cases) => {
            const rules = await import('/static/dzong/js/rules.js');
            const result = rules.runCases(cases, {today: '2026-11-23'});
            return {passed: result.passed, failed: result.failed,
                    failures: JSON.stringify(result.failures).slice(0, 2000)};
        }""",
        _cases(cases),
    )
    assert result["failed"] == 0, result["failures"]
    expected = (
        278 if cases == CONFORMANCE else len([c for c in _cases(cases) if not isinstance(c, str)])
    )
    assert result["passed"] == expected


@pytest.mark.parametrize("path", PAGES)
def test_every_page_passes_axe_with_no_small_text_and_dzongkha_never_smaller(site, browser, path):
    """axe in both languages; then what axe cannot see: no sideways scrolling at 360 px, no
    label, hint, legend or button under 16 px, and no Tibetan-script text smaller than the same
    element on the English page."""
    sizes, in_tibetan = {}, {}
    for language in ("en", "dz"):
        context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
        context.add_cookies([{"name": "dzong_language", "value": language, "url": site}])
        page = context.new_page()
        page.goto(site + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
            ".violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))",
            AXE_TAGS,
        )
        sizes[language] = text_sizes(page)
        in_tibetan[language] = page.evaluate(
            "/[\\u0F00-\\u0FFF]/.test(document.querySelector('main').innerText)"
        )
        width = page.evaluate("document.documentElement.scrollWidth")
        context.close()
        assert width <= 360, language
        assert violations == [], language
        assert too_small(sizes[language]) == [], language
    english = {s["key"]: s for s in sizes["en"]}
    assert [s["key"] for s in sizes["dz"]] == list(english)
    smaller = [
        f"{s['key']} {s['text']!r}: {s['size']} px, in English {english[s['key']]['size']} px"
        for s in sizes["dz"]
        if s["tibetan"] and s["size"] < english[s["key"]]["size"]
    ]
    assert smaller == []
    assert in_tibetan["dz"], "the Dzongkha page's main text is not in Tibetan script"


@pytest.mark.parametrize("path", PAGES)
def test_pages_reflow_at_320_pixels_without_sideways_scrolling(site, browser, path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 320


def test_text_spacing_overrides_lose_no_content(site, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    page.goto(site + "/services/register-business/")
    page.add_style_tag(
        content="* { line-height: 1.5 !important; letter-spacing: 0.12em "
        "!important; word-spacing: 0.16em !important; } p { margin-bottom: 2em "
        "!important; }"
    )
    clipped = page.evaluate(
        # Visually hidden helpers (the skip link until focused) are hidden on purpose.
        """() => [...document.querySelectorAll('h1, h2, p, li, a, button, label')]
            .filter(e => !e.matches('.govuk-skip-link, .govuk-visually-hidden'))
            .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow
                    === 'hidden').map(e => e.tagName + '.' + e.className)"""
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert clipped == []
    assert width <= 360


def test_the_keyboard_reaches_the_skip_link_first_with_a_visible_focus(site, phone):
    phone.goto(site + "/")
    phone.keyboard.press("Tab")
    focused = phone.evaluate(
        """() => { const e = document.activeElement; const s = getComputedStyle(e);
                   return {text: e.textContent.trim(), outline: s.outlineStyle,
                           shadow: s.boxShadow, background: s.backgroundColor}; }"""
    )
    assert focused["text"] == "Skip to main content"
    assert focused["outline"] != "none" or focused["shadow"] != "none"
    phone.keyboard.press("Enter")
    assert phone.evaluate("location.hash") == "#main-content"


def test_the_language_switch_works_by_keyboard_and_dzongkha_gets_its_font(site, phone):
    phone.goto(site + "/services/register-business/")
    switch = phone.get_by_role("button", name="རྫོང་ཁ")
    assert "Dzong Tibetan" in switch.evaluate("e => getComputedStyle(e).fontFamily")
    switch.focus()
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert phone.evaluate("document.documentElement.lang") == "dz"
    heading = phone.locator("h1")
    assert heading.inner_text() == "ཚོང་ལས་ཐོ་བཀོད་འབད་ནི།"
    assert "Dzong Tibetan" in heading.evaluate("e => getComputedStyle(e).fontFamily")


@pytest.mark.parametrize("language", ["en", "dz"])
def test_english_pages_fetch_only_the_switchs_letters_and_dzongkha_pages_one_face(
    site, browser, language
):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    context.add_cookies([{"name": "dzong_language", "value": language, "url": site}])
    page = context.new_page()
    fonts: list[str] = []
    page.on("request", lambda r: fonts.append(r.url) if r.url.endswith(".woff2") else None)
    page.goto(site + "/services/register-business/")
    page.wait_for_load_state("networkidle")
    family = "Dzong Tibetan Switch" if language == "en" else "Dzong Tibetan"
    loaded = page.evaluate("(f) => document.fonts.check(`16px \"${f}\"`, 'རྫོང་ཁ')", family)
    context.close()
    names = [url.rsplit("/", 1)[-1] for url in fonts]
    expected = "dzong-tibetan-switch.woff2" if language == "en" else "dzong-tibetan-400.woff2"
    assert names in ([], [expected]), names
    assert loaded
