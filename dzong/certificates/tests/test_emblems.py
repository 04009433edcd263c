import pytest

from dzong.certificates.emblems import EmblemRefused, check_emblem

DRAWING = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>'
    b'<circle cx="5" cy="5" r="4" fill="url(#g)" stroke="#000"/></svg>'
)


def _svg(inner: str, extra: str = "") -> bytes:
    return f'<svg xmlns="http://www.w3.org/2000/svg" {extra}>{inner}</svg>'.encode()


def test_a_plain_drawing_is_kept_as_it_is():
    assert check_emblem(DRAWING) == DRAWING.decode()


def test_every_demo_emblem_is_a_plain_drawing(settings):
    folder = settings.BASE_DIR.parent / "demo" / "emblems"
    emblems = sorted(folder.glob("*.svg"))
    assert len(emblems) == 6
    for path in emblems:
        check_emblem(path.read_bytes())


@pytest.mark.parametrize(
    "svg",
    [
        _svg("<script>alert(1)</script>"),
        _svg('<rect width="1" height="1"/>', 'onload="alert(1)"'),
        _svg('<image href="https://example.org/x.png"/>'),
        _svg(
            '<use xlink:href="#a"/>',
            'xmlns:xlink="http://www.w3.org/1999/xlink"',
        ),
        _svg('<rect width="1" height="1" fill="url(https://example.org/f.svg#p)"/>'),
        _svg('<rect width="1" height="1" fill="url(data:image/png;base64,AA)"/>'),
        _svg("<style>rect { fill: url(https://example.org/) }</style>"),
        _svg('<rect width="1" height="1" style="fill:red"/>'),
        _svg('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>'),
        b'<?xml-stylesheet href="https://example.org/s.css"?>' + _svg(""),
        b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + _svg("&x;"),
        b'<!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>' + _svg("&b;"),
        b'<html xmlns="http://www.w3.org/1999/xhtml"></html>',
        b"<svg><rect/></svg>",  # not in the SVG namespace
        _svg("<rect"),
        b"\xff\xfe not text",
        _svg("<g/>" * 30_000),
    ],
)
def test_anything_that_does_more_than_draw_is_refused(svg):
    with pytest.raises(EmblemRefused):
        check_emblem(svg)
