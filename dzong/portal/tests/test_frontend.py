"""What the front-end build gives every page: each GOV.UK component a template uses, the Tibetan
face's local fonts, and pages sent compressed."""

import gzip
import re

from conftest import REPO

BUILT_CSS = REPO / "dzong" / "static" / "dzong" / "build" / "dzong.css"
# GOV.UK Frontend's own markup carries these on wrappers that its CSS styles through their
# children (or its script finds them by); they are never given a rule of their own.
UNSTYLED_HOOKS = {"govuk-checkboxes", "govuk-radios", "govuk-table__head", "govuk-table__body"}


def _template_classes() -> dict[str, set[str]]:
    """Every govuk-* class a template under dzong/ names, with the templates naming it. A name
    built by the template ("govuk-input--width-{{ width }}") is left out."""
    used: dict[str, set[str]] = {}
    for template in (REPO / "dzong").rglob("templates/**/*.html"):
        for attribute in re.findall(r'class="([^"]*)"', template.read_text("utf-8")):
            for name in re.sub(r"{%.*?%}", " ", attribute).split():
                if name.startswith("govuk-") and "{" not in name:
                    used.setdefault(name, set()).add(template.relative_to(REPO).as_posix())
    return used


def test_every_govuk_class_a_template_uses_is_in_the_built_css():
    css = BUILT_CSS.read_text("utf-8")
    built = {name.replace("\\!", "!") for name in re.findall(r"\.(govuk-(?:\\!|[\w-])+)", css)}
    used = _template_classes()
    missing = {name: sorted(used[name]) for name in set(used) - built - UNSTYLED_HOOKS}
    assert len(used) > 100  # the templates were read
    assert missing == {}, "add the component to frontend/scss/dzong.scss or fix the class"


def test_the_components_once_missing_are_built():
    css = BUILT_CSS.read_text("utf-8")
    for selector in (".govuk-warning-text", ".govuk-details", ".govuk-file-upload--error"):
        assert selector + "{" in css or selector + "," in css, selector


def test_dzongkha_pages_scale_every_size_up_and_never_by_the_parents_size():
    css = BUILT_CSS.read_text("utf-8")
    assert "html:lang(dz){font-size:125%}" in css
    dzongkha_rules = re.findall(r"[^}]*:lang\(dz\)[^{]*\{([^}]*)\}", css)
    assert dzongkha_rules
    assert not [rule for rule in dzongkha_rules if re.search(r"font-size:[\d.]+em", rule)]


def test_the_tibetan_face_is_taken_from_the_device_before_it_is_downloaded():
    css = BUILT_CSS.read_text("utf-8")
    face = re.search(r'@font-face\{font-family:"Dzong Tibetan";[^}]*\}', css).group(0)
    local = face[: face.index("url(")]
    for name in ("Kailasa", "Microsoft Himalaya", "Noto Serif Tibetan", "Jomolhari"):
        assert f'local("{name}")' in local, name


def test_pages_are_sent_compressed_to_browsers_that_accept_it(client, demo):
    response = client.get("/services/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    page = gzip.decompress(response.content).decode("utf-8")
    assert "<html" in page
    assert len(response.content) < len(page.encode("utf-8")) / 2
    plain = client.get("/services/")
    assert "Content-Encoding" not in plain
    assert "<html" in plain.text
