"""Charts drawn on the server as SVG: a bar for each value, a title and a description for
screen readers (role="img"), and no script. Each chart is shown beside a table of its data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 360
LABEL_WIDTH = 150
BAR_HEIGHT = 24
GAP = 10
COLOURS = ("#1d70b8", "#505a5f")  # GOV.UK blue and dark grey: 4.5:1 on white and more


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (None: suppressed or unknown, drawn empty) and the text
    written at its end."""

    label: str
    value: float | None
    text: str
    series: int = 0


def bar_chart(key: str, title: str, description: str, bars: Sequence[Bar]) -> SafeString:
    """Horizontal bars, one row each, scaled to the largest value."""
    number = key
    largest = max((b.value or 0 for b in bars), default=0) or 1
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    scale = (WIDTH - LABEL_WIDTH - 80) / largest
    rows = [_row(i, bar, scale) for i, bar in enumerate(bars)]
    return mark_safe(  # noqa: S308 - every text in it is escaped above
        f'<svg class="dzong-chart" role="img" width="100%" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="chart-{number}-title '
        f'chart-{number}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart-{number}-title">{escape(title)}</title>'
        f'<desc id="chart-{number}-desc">{escape(description)}</desc>'
        f"{''.join(rows)}</svg>"
    )


def _row(index: int, bar: Bar, scale: float) -> str:
    top = GAP + index * (BAR_HEIGHT + GAP)
    middle = top + BAR_HEIGHT / 2 + 5
    length = round((bar.value or 0) * scale, 1)
    colour = COLOURS[bar.series % len(COLOURS)]
    return (
        f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" font-size="14" '
        f'fill="#0b0c0c">{escape(_shortened(bar.label))}</text>'
        f'<rect x="{LABEL_WIDTH}" y="{top}" width="{length}" height="{BAR_HEIGHT}" '
        f'fill="{colour}"/>'
        f'<text x="{LABEL_WIDTH + length + 6}" y="{middle}" font-size="14" '
        f'fill="#0b0c0c">{escape(bar.text)}</text>'
    )


def _shortened(label: str, most: int = 20) -> str:
    return label if len(label) <= most else label[: most - 1] + "…"
