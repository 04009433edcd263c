"""What each applicant page weighs on the wire, on a first visit and on a repeat visit."""

from __future__ import annotations

import gzip
import re
import urllib.parse
from dataclasses import dataclass

from dzong.bench.http import Browser, Reply, hidden
from dzong.bench.journey import ABOUT_YOU, business

KB = 1024
FIRST_VISIT_BUDGET = 50 * KB
REPEAT_VISIT_BUDGET = 15 * KB
A_YEAR = 365 * 24 * 3600
REFERENCES = re.compile(r'<(?:link|script)\b[^>]*\b(?:href|src)="(/static/[^"]+)"')
JS_IMPORTS = re.compile(r'(?:\bimport|\bfrom)\s*\(?\s*["\'](\.{0,2}/[^"\']+)["\']')
CSS_IMPORTS = re.compile(r'@import\s+(?:url\()?\s*["\']?([^"\')\s;]+)')
FONT_FACES = re.compile(r"@font-face\s*\{([^}]*)\}")
URL = re.compile(r'url\(\s*["\']?([^"\')]+)["\']?\s*\)')
UNICODE_RANGE = re.compile(r"unicode-range\s*:\s*([^;}]+)")
MAX_AGE = re.compile(r"max-age=(\d+)")
# A signed-in applicant's pages register the service worker: fetched on the first visit,
# checked (304, no body) on later ones.
SERVICE_WORKER = re.compile(r'data-service-worker="([^"]+)"')


@dataclass(frozen=True)
class Asset:
    """A static file as served to a browser that accepts gzip, and how long it may keep it."""

    url: str
    size: int
    max_age: int
    body: str

    @property
    def cached(self) -> bool:
        """Kept for a year or more: a repeat visit does not ask for it again."""
        return self.max_age >= A_YEAR


@dataclass(frozen=True)
class FontFace:
    """An @font-face rule: its file, the characters it covers, and whether local fonts win."""

    url: str
    ranges: tuple[tuple[int, int], ...]
    local_first: bool

    def needed_by(self, text: str) -> bool:
        """Whether a page showing `text` makes the browser want this face."""
        if not self.ranges:
            return True
        return any(low <= ord(c) <= high for c in set(text) for low, high in self.ranges)


@dataclass(frozen=True)
class Weight:
    """A page's bytes on the wire: its HTML, what it loads, and a font only some devices fetch."""

    page: str
    language: str
    html: int
    html_gzip: int
    assets: int
    refetched: int
    optional_font: int

    @property
    def first_visit(self) -> int:
        return self.html + self.assets

    @property
    def repeat_visit(self) -> int:
        return self.html + self.refetched

    def over_budget(self) -> list[str]:
        """Which budgets this page breaks, in words."""
        over = []
        if self.first_visit > FIRST_VISIT_BUDGET:
            over.append(f"first visit {self.first_visit / KB:.1f} KB > 50 KB")
        if self.repeat_visit > REPEAT_VISIT_BUDGET:
            over.append(f"repeat visit {self.repeat_visit / KB:.1f} KB > 15 KB")
        return over


def unicode_ranges(value: str) -> tuple[tuple[int, int], ...]:
    """`U+0F00-0FFF, U+25CC, U+4??` as (first, last) code points."""
    ranges = []
    for part in value.replace(" ", "").upper().split(","):
        low, _, high = part.removeprefix("U+").partition("-")
        high = high or low
        ranges.append((int(low.replace("?", "0"), 16), int(high.replace("?", "F"), 16)))
    return tuple(ranges)


def font_faces(css: str, css_url: str) -> list[FontFace]:
    """The @font-face rules of a stylesheet, with their file's absolute URL."""
    faces = []
    for rule in FONT_FACES.findall(css):
        found = URL.search(rule)
        if found is None:
            continue
        ranges = UNICODE_RANGE.search(rule)
        faces.append(
            FontFace(
                url=urllib.parse.urljoin(css_url, found.group(1)),
                ranges=unicode_ranges(ranges.group(1)) if ranges else (),
                local_first="local(" in rule,
            )
        )
    return faces


class StaticFiles:
    """The static files pages load, each fetched once, and what each one loads in turn."""

    def __init__(self, base: str) -> None:
        self.browser = Browser(base)
        self.known: dict[str, Asset] = {}

    def get(self, url: str) -> Asset:
        """The file as served (gzip when the server has it so), fetched the first time only."""
        if url not in self.known:
            reply = self.browser.get(url)
            if reply.status != 200:
                raise AssertionError(f"{url} answered {reply.status}")
            age = MAX_AGE.search(reply.cache_control)
            max_age = int(age.group(1)) if age else 0
            self.known[url] = Asset(url, reply.wire_bytes, max_age, reply.body)
        return self.known[url]

    def loaded_by(self, html: str) -> tuple[list[Asset], list[FontFace]]:
        """Stylesheets, scripts, their imports and the icon a page loads; the fonts they declare."""
        pending, seen = REFERENCES.findall(html), set()
        files, faces = [], []
        while pending:
            url = pending.pop()
            if url in seen:
                continue
            seen.add(url)
            asset = self.get(url)
            files.append(asset)
            pending += self._imports(asset)
            faces += font_faces(asset.body, url) if url.endswith(".css") else []
        return files, faces

    @staticmethod
    def _imports(asset: Asset) -> list[str]:
        """Module imports of a script, @import of a stylesheet."""
        if asset.url.endswith(".js"):
            found = JS_IMPORTS.findall(asset.body)
        elif asset.url.endswith(".css"):
            found = CSS_IMPORTS.findall(asset.body)
        else:
            found = []
        return [urllib.parse.urljoin(asset.url, path) for path in found]

    def not_cached(self) -> list[str]:
        """Files a repeat visit asks for again (no far-future caching)."""
        return sorted(url for url, asset in self.known.items() if not asset.cached)


def weigh(label: str, language: str, reply: Reply, files: StaticFiles) -> Weight:
    """A page's weight: its HTML as sent, and every file it loads, fonts by what it shows."""
    assets, faces = files.loaded_by(reply.body)
    worker = SERVICE_WORKER.search(reply.body)
    first_only = files.get(worker.group(1)).size if worker else 0
    needed = [face for face in faces if face.needed_by(reply.body)]
    assets += [files.get(face.url) for face in needed if not face.local_first]
    optional = [files.get(face.url) for face in needed if face.local_first]
    return Weight(
        page=label,
        language=language,
        html=reply.wire_bytes,
        html_gzip=len(gzip.compress(reply.body.encode("utf-8"))),
        assets=sum(asset.size for asset in assets) + first_only,
        refetched=sum(asset.size for asset in assets if not asset.cached),
        optional_font=sum(asset.size for asset in optional),
    )


def applicant_pages(base: str, session: str, language: str, files: StaticFiles) -> list[Weight]:
    """Every applicant page in one language, from the home page to the application's status."""
    browser = Browser(base, {"sessionid": session, "dzong_language": language})
    weights = []

    def page(
        label: str, method: str = "GET", path: str = "", form: dict[str, str] | None = None
    ) -> Reply:
        reply = browser.request(method, path, form)
        if reply.status != 200:
            raise AssertionError(f"{label} ({language}) answered {reply.status}")
        weights.append(weigh(label, language, reply, files))
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
    """Print each page's weight against the budgets, and what stands out."""
    print("\nPage weight on the wire, KB (budget: 50 first visit, 15 repeat visit)")
    print(
        f"  {'page':<26} {'lang':<4} {'HTML sent':>9} {'gzip':>5} {'first visit':>11} "
        f"{'repeat':>6}  font if no local Tibetan font"
    )
    files = StaticFiles(base)
    weights = [
        weight
        for language, session in zip(("en", "dz"), sessions, strict=True)
        for weight in applicant_pages(base, session, language, files)
    ]
    for w in weights:
        font = f"+{w.optional_font / KB:.1f}" if w.optional_font else ""
        print(
            f"  {w.page:<26} {w.language:<4} {w.html / KB:9.1f} {w.html_gzip / KB:5.1f} "
            f"{w.first_visit / KB:11.1f} {w.repeat_visit / KB:6.1f}  {font}"
        )
    _notes(weights, files)


def _notes(weights: list[Weight], files: StaticFiles) -> None:
    over = [
        f"{w.page} ({w.language}): {'; '.join(w.over_budget())}" for w in weights if w.over_budget()
    ]
    print("  OVER BUDGET: " + " | ".join(over) if over else "  every page within budget")
    print(
        "  First and repeat visits count the HTML as Dzong sends it (uncompressed: nothing "
        "gzips HTML yet)\n  and each static file as whitenoise sends it (gzip, fonts as they are)."
    )
    stale = files.not_cached()
    if stale:
        print(f"  Fetched again on a repeat visit (no far-future caching): {', '.join(stale)}")
    else:
        print("  Every static file is cached for a year or more: a repeat visit fetches the HTML.")
    english = [w for w in weights if w.language == "en" and w.optional_font]
    if english:
        print(
            f"  {len(english)} English pages show Tibetan script too (the language switch): "
            "a device without\n  a Tibetan font of its own fetches the font on those as well."
        )
