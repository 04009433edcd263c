"""Agency emblems: SVG drawings checked before they are kept, so that none can run a script
or make a renderer fetch anything.

An emblem passes only if it is well-formed XML with no document type or entity declarations,
and uses only drawing elements and attributes from a short list, with no reference to
anything outside itself (no href, no url() other than to an id in the same drawing).
"""

from __future__ import annotations

import base64
import re
from xml.parsers import expat

MAX_BYTES = 100_000
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
ELEMENTS = frozenset(
    {
        "svg",
        "g",
        "path",
        "circle",
        "ellipse",
        "rect",
        "line",
        "polyline",
        "polygon",
        "title",
        "desc",
        "defs",
        "linearGradient",
        "radialGradient",
        "stop",
    }
)
ATTRIBUTES = frozenset(
    {
        "id",
        "version",
        "viewBox",
        "width",
        "height",
        "preserveAspectRatio",
        "role",
        "aria-label",
        "d",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "fx",
        "fy",
        "points",
        "transform",
        "fill",
        "fill-rule",
        "fill-opacity",
        "stroke",
        "stroke-width",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-dasharray",
        "stroke-opacity",
        "opacity",
        "offset",
        "stop-color",
        "stop-opacity",
        "gradientUnits",
        "gradientTransform",
    }
)
LOCAL_URL = re.compile(r"url\(\s*#[A-Za-z][\w.-]*\s*\)")


class EmblemRefused(ValueError):
    """The file is not an emblem we keep: not SVG, too large, or able to do more than draw."""


def check_emblem(svg: bytes) -> str:
    """The emblem's SVG text if it only draws; EmblemRefused saying why otherwise."""
    if len(svg) > MAX_BYTES:
        raise EmblemRefused(f"An emblem is at most {MAX_BYTES // 1000} KB.")
    try:
        text = svg.decode("utf-8")
    except UnicodeDecodeError as error:
        raise EmblemRefused("An emblem is UTF-8 text.") from error
    _Walk().parse(svg)
    return text


class _Walk:
    """One pass of expat over the drawing, refusing at the first thing that is not allowed."""

    def __init__(self) -> None:
        self.depth = 0
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._entity
        self.parser.ExternalEntityRefHandler = self._external
        self.parser.ProcessingInstructionHandler = self._instruction
        self.parser.StartElementHandler = self._element
        self.parser.EndElementHandler = self._end

    def parse(self, svg: bytes) -> None:
        try:
            self.parser.Parse(svg, True)
        except expat.ExpatError as error:
            raise EmblemRefused(f"The emblem is not well-formed XML: {error}") from error

    def _doctype(self, *args: object) -> None:
        raise EmblemRefused("An emblem may not declare a document type.")

    def _entity(self, *args: object) -> None:
        raise EmblemRefused("An emblem may not declare entities.")

    def _external(self, *args: object) -> int:
        raise EmblemRefused("An emblem may not refer to outside files.")

    def _instruction(self, target: str, data: str) -> None:
        raise EmblemRefused(f"An emblem may not hold the instruction <?{target}?>.")

    def _element(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if namespace != SVG_NAMESPACE or local not in ELEMENTS:
            raise EmblemRefused(f"An emblem may not hold the element <{local}>.")
        if self.depth == 0 and local != "svg":
            raise EmblemRefused("An emblem is an <svg> drawing.")
        for attribute, value in attributes.items():
            _check_attribute(attribute, value)
        self.depth += 1

    def _end(self, name: str) -> None:
        self.depth -= 1


def _check_attribute(attribute: str, value: str) -> None:
    if " " in attribute or attribute not in ATTRIBUTES:
        raise EmblemRefused(f"An emblem may not use the attribute {attribute.split()[-1]}.")
    if "url(" in LOCAL_URL.sub("", value) or ":" in value:
        raise EmblemRefused(f"The attribute {attribute} refers outside the emblem.")


def emblem_data_url(svg: str) -> str:
    """The emblem as a data URL, so the renderer reads it from memory and fetches nothing."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
