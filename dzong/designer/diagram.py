"""The workflow as a diagram: a box per step, an arrow per way out, laid out for an SVG.

Arrows that send an application back are dashed: to an earlier step (round the right-hand
side), or to the applicant for corrections (over the top, to an applicant's box and back).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

WIDTH, HEIGHT, GAP_X, GAP_Y, MARGIN, TOP = 190, 54, 40, 80, 20, 50
LABEL_ROOM = 70  # half the width of an arrow's label, right of the bend it sits on


@dataclass(frozen=True)
class Box:
    """A step's box (or the applicant's, kind "applicant"): where it stands and what it says."""

    code: str
    name: str
    kind: str
    x: int
    y: int
    first: bool


@dataclass(frozen=True)
class Arrow:
    """A way from one step to another, as an SVG path and where its label sits.

    kind: "forward", "back" (to an earlier step) or "send_back" (to the applicant and back).
    """

    label: str
    path: str
    label_x: int
    label_y: int
    kind: str = "forward"


@dataclass(frozen=True)
class Diagram:
    """Boxes and arrows, and the size of the drawing."""

    boxes: list[Box]
    arrows: list[Arrow]
    width: int
    height: int


def ways_out(step: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, target) of each way out of a step, in English."""
    ways = [(str(a["label"]["en"]), str(a["to"])) for a in step.get("actions", []) if a.get("to")]
    for key, label in (("if_true", "yes"), ("if_false", "no")):
        if step.get(key):
            ways.append((label, str(step[key])))
    return ways


def levels(steps: Sequence[Mapping[str, Any]], start: str) -> dict[str, int]:
    """Each step's distance from the first step; steps not reached go below the rest."""
    codes = {s["code"]: s for s in steps}
    level, queue = {start: 0} if start in codes else {}, [start] if start in codes else []
    while queue:
        current = queue.pop(0)
        for _label, target in ways_out(codes[current]):
            if target in codes and target not in level:
                level[target] = level[current] + 1
                queue.append(target)
    deepest = max(level.values(), default=-1)
    for step in steps:
        level.setdefault(step["code"], deepest + 1)
    return level


def _short(text: str, most: int = 24) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def send_back_labels(step: Mapping[str, Any], language: str = "en") -> list[str]:
    """The labels of a step's actions that send the application back to the applicant."""
    return [_text(a.get("label"), language) for a in step.get("actions", []) if a.get("send_back")]


def _text(text: Any, language: str, fallback: str = "") -> str:
    text = text if isinstance(text, Mapping) else {}
    return str(text.get(language) or text.get("en") or fallback)


def layout(document: Mapping[str, Any], language: str = "en") -> Diagram:
    """The diagram of a definition's workflow, its names in `language` where they have one."""
    workflow = document.get("workflow") or {}
    steps = list(workflow.get("steps", []))
    start = str(workflow.get("start", ""))
    level = levels(steps, start)
    rows: dict[int, list[Mapping[str, Any]]] = {}
    for step in steps:
        rows.setdefault(level[step["code"]], []).append(step)
    boxes: dict[str, Box] = {}
    arrows: list[Arrow] = []
    widest = 1
    for depth, row in rows.items():
        y = TOP + depth * (HEIGHT + GAP_Y)
        for place, step in enumerate(row):
            boxes[step["code"]] = Box(
                code=step["code"],
                name=_short(_text(step.get("name"), language, step["code"])),
                kind=str(step.get("type", "")),
                x=MARGIN + place * (WIDTH + GAP_X),
                y=y,
                first=step["code"] == start,
            )
        placed = len(row)
        for step in row:
            labels = send_back_labels(step, language)
            if labels:
                applicant = _applicant_box(step["code"], MARGIN + placed * (WIDTH + GAP_X), y)
                boxes[applicant.code] = applicant
                arrows += _send_back_arrows(boxes[step["code"]], applicant, labels)
                placed += 1
        widest = max(widest, placed)
    arrows += [
        _arrow(boxes[step["code"]], boxes[target], label)
        for step in steps
        for label, target in ways_out(step)
        if target in boxes
    ]
    width = 2 * MARGIN + widest * WIDTH + widest * GAP_X
    return Diagram(
        boxes=list(boxes.values()),
        arrows=arrows,
        width=max([width, *(a.label_x + LABEL_ROOM for a in arrows)]),
        height=TOP + MARGIN + len(rows) * HEIGHT + max(len(rows) - 1, 0) * GAP_Y,
    )


def _applicant_box(step_code: str, x: int, y: int) -> Box:
    name = _("Applicant")
    return Box(code=f"{step_code}--applicant", name=name, kind="applicant", x=x, y=y, first=False)


def _send_back_arrows(step: Box, applicant: Box, labels: list[str]) -> list[Arrow]:
    """Over the top of the row, from the step to the applicant's box, and back (two heads)."""
    arrows = []
    for index, label in enumerate(labels):
        top = step.y - 16 - index * 22
        x1, x2 = step.x + WIDTH * 3 // 4, applicant.x + WIDTH // 4
        path = f"M{x1},{step.y - 2} V{top} H{x2} V{applicant.y - 2}"
        arrows.append(Arrow(_short(label, 26), path, (x1 + x2) // 2, top - 5, "send_back"))
    return arrows


def _arrow(source: Box, target: Box, label: str) -> Arrow:
    if target.y > source.y:
        x1, y1 = source.x + WIDTH // 2, source.y + HEIGHT
        x2, y2 = target.x + WIDTH // 2, target.y - 2
        return Arrow(_short(label, 18), f"M{x1},{y1} L{x2},{y2}", (x1 + x2) // 2, (y1 + y2) // 2)
    # Back to an earlier step (or sideways): round the right-hand side of both boxes.
    x1, y1 = source.x + WIDTH, source.y + HEIGHT // 2
    x2, y2 = target.x + WIDTH + 2, target.y + HEIGHT // 2
    bend = max(x1, x2) + GAP_X // 2
    path = f"M{x1},{y1} C{bend},{y1} {bend},{y2} {x2},{y2}"
    kind = "back" if target.y < source.y or target is source else "forward"
    return Arrow(_short(label, 18), path, bend, (y1 + y2) // 2, kind)
