"""What each applicant page weighs on the wire, on a first visit and on a repeat visit."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from dzong.bench.http import Browser, Reply, hidden
from dzong.bench.journey import ABOUT_YOU, business

FIRST_VISIT_BUDGET = 50 * 1024
REPEAT_VISIT_BUDGET = 15 * 1024
ASSETS = re.compile(r'<(?:link|script)[^>]+(?:href|src)="(/static/[^"]+)"')
IMPORTS = re.compile(r'(?:import|from)\s*["\']([^"\']+\.js)["\']')
FONTS = re.compile(r'url\(["\']?([^"\')]+\.woff2)["\']?\)')


@dataclass(frozen=True)
class Weight:
    """A page's bytes on the wire: its HTML, what it loads, and the Tibetan font on top."""

    page: str
    language: str
    html: int
    assets: int
    font: int

    @property
    def first_visit(self) -> int:
        return self.html + self.assets


def weigh(browser: Browser, path: str, html: str, wire: int, language: str) -> Weight:
    """Follow the page's stylesheets and scripts (and their imports) and add up their sizes."""
    seen: set[str] = set()
    pending = ASSETS.findall(html)
    assets = font = 0
    while pending:
        url = pending.pop()
        if url in seen:
            continue
        seen.add(url)
        reply = browser.get(url)
        if url.endswith(".woff2"):
            font += reply.wire_bytes
            continue
        assets += reply.wire_bytes
        pending += [urllib.parse.urljoin(url, i) for i in IMPORTS.findall(reply.body)]
        if url.endswith(".css") and language == "dz":
            pending += [urllib.parse.urljoin(url, f) for f in FONTS.findall(reply.body)]
    return Weight(path, language, wire, assets, font)


def applicant_pages(base: str, session: str, language: str) -> list[Weight]:
    """Every applicant page in one language, from the home page to the application's status."""
    browser = Browser(base, {"sessionid": session, "dzong_language": language})
    weights = []

    def page(
        label: str, method: str = "GET", path: str = "", form: dict[str, str] | None = None
    ) -> Reply:
        reply = browser.request(method, path, form)
        weights.append(weigh(Browser(base), label, reply.body, reply.wire_bytes, language))
        return reply

    for label, path in [
        ("home", "/"),
        ("catalogue", "/services/"),
        ("service page", "/services/register-business/"),
        ("sign in", "/account/sign-in/"),
        ("sign up", "/account/sign-up/"),
    ]:
        page(label, path=path)
    first = page("form, page 1", path="/services/register-business/apply/")
    token = hidden(first.body, "csrfmiddlewaretoken")
    apply = "/services/register-business/apply/"
    page("form, page 1 with errors", "POST", apply, {"csrfmiddlewaretoken": token, "cid": "1"})
    draft = browser.post(apply, {**ABOUT_YOU, "csrfmiddlewaretoken": token})
    page("form, page 2", path=draft.location)
    name = f"Weighed Crafts {language} {id(browser)}"
    second = browser.post(draft.location, {**business(name), "csrfmiddlewaretoken": token})
    check = page("check your answers", path=second.location)
    form = {"declaration": "yes", "csrfmiddlewaretoken": token}
    form["submission_key"] = hidden(check.body, "submission_key")
    submitted = browser.post(second.location, form)
    page("confirmation", path=submitted.location)
    page("application status", path=submitted.location.replace("submitted/", ""))
    page("my applications", path="/applications/")
    return weights


def report(base: str, sessions: list[str]) -> None:
    """Print each page's weight against the budgets."""
    print("\nPage weight, compressed, on the wire (budget: 50 KB first visit, 15 KB repeat)")
    print(f"  {'page':<26} {'lang':<4} {'first visit':>12} {'repeat':>9}  Tibetan font")
    over = []
    for language, session in zip(("en", "dz"), sessions, strict=False):
        for w in applicant_pages(base, session, language):
            font = f"+{w.font / 1024:.1f} KB if no local font" if w.font else ""
            print(
                f"  {w.page:<26} {w.language:<4} {w.first_visit / 1024:9.1f} KB "
                f"{w.html / 1024:6.1f} KB  {font}"
            )
            if w.first_visit > FIRST_VISIT_BUDGET or w.html > REPEAT_VISIT_BUDGET:
                over.append(f"{w.page} ({w.language})")
    print("  every page within budget" if not over else f"  OVER BUDGET: {', '.join(over)}")
