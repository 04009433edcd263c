"""The workflow as a diagram: a box per step, an arrow per way out, laid out for an SVG."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

WIDTH, HEIGHT, GAP_X, GAP_Y, MARGIN = 190, 54, 40, 70, 20


@dataclass(frozen=True)
class Box:
    """A step's box: where it stands and what it says."""

    code: str
    name: str
    kind: str
    x: int
    y: int
    first: bool


@dataclass(frozen=True)
class Arrow:
    """A way from one step to another, as an SVG path and where its label sits."""

    label: str
    path: str
    label_x: int
    label_y: int


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


def _levels(steps: list[Mapping[str, Any]], start: str) -> dict[str, int]:
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


def layout(document: Mapping[str, Any]) -> Diagram:
    """The diagram of a definition's workflow."""
    workflow = document.get("workflow") or {}
    steps = list(workflow.get("steps", []))
    start = str(workflow.get("start", ""))
    level = _levels(steps, start)
    rows: dict[int, list[Mapping[str, Any]]] = {}
    for step in steps:
        rows.setdefault(level[step["code"]], []).append(step)
    boxes: dict[str, Box] = {}
    for depth, row in rows.items():
        for place, step in enumerate(row):
            boxes[step["code"]] = Box(
                code=step["code"],
                name=_short(str((step.get("name") or {}).get("en", step["code"]))),
                kind=str(step.get("type", "")),
                x=MARGIN + place * (WIDTH + GAP_X),
                y=MARGIN + depth * (HEIGHT + GAP_Y),
                first=step["code"] == start,
            )
    arrows = [
        _arrow(boxes[step["code"]], boxes[target], label)
        for step in steps
        for label, target in ways_out(step)
        if target in boxes
    ]
    widest = max((len(r) for r in rows.values()), default=1)
    return Diagram(
        boxes=list(boxes.values()),
        arrows=arrows,
        width=2 * MARGIN + widest * WIDTH + widest * GAP_X,
        height=2 * MARGIN + len(rows) * HEIGHT + max(len(rows) - 1, 0) * GAP_Y,
    )


def _arrow(source: Box, target: Box, label: str) -> Arrow:
    if target.y > source.y:
        x1, y1 = source.x + WIDTH // 2, source.y + HEIGHT
        x2, y2 = target.x + WIDTH // 2, target.y - 2
        return Arrow(_short(label, 18), f"M{x1},{y1} L{x2},{y2}", (x1 + x2) // 2, (y1 + y2) // 2)
    # Back or sideways: round the right-hand side of both boxes.
    x1, y1 = source.x + WIDTH, source.y + HEIGHT // 2
    x2, y2 = target.x + WIDTH + 2, target.y + HEIGHT // 2
    bend = max(x1, x2) + GAP_X // 2
    path = f"M{x1},{y1} C{bend},{y1} {bend},{y2} {x2},{y2}"
    return Arrow(_short(label, 18), path, bend, (y1 + y2) // 2)
