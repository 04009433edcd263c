"""What the performance pages show, ready-made in the reader's language: a period's figures
with small counts suppressed, each chart with the table of its data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from babel.numbers import format_percent
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dzong.engine.definition import Service as ServiceDefinition
from dzong.engine.formatting import (
    format_date,
    format_day_month,
    format_money,
    format_number,
    native_digits,
)
from dzong.transparency.charts import Bar, bar_chart
from dzong.transparency.models import DailyFigure
from dzong.transparency.promise import human_steps
from dzong.transparency.reading import Totals, percentile, shown, totals_of, weeks

WEEKS = 12


@dataclass(frozen=True)
class Chart:
    """A chart and the table of its data: column headings and rows of ready-made cells."""

    svg: SafeString
    caption: str
    headings: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]


@dataclass(frozen=True)
class Performance:
    """A service's or an agency's figures over the period, as the page shows them."""

    period: str
    updated: str
    figures: list[tuple[str, str]]
    charts: list[Chart]


def period_start(today: dt.date) -> dt.date:
    """The Monday that begins the period shown: the last twelve weeks, this one included."""
    monday = today - dt.timedelta(days=today.weekday())
    return monday - dt.timedelta(weeks=WEEKS - 1)


def performance(
    figures: Sequence[DailyFigure],
    definitions: Iterable[ServiceDefinition],
    today: dt.date,
    language: str,
) -> Performance:
    """The page's figures and charts from the period's daily rows."""
    first = period_start(today)
    totals = totals_of(figures)
    steps: dict[str, str] = {}
    currency = "BTN"
    for definition in definitions:
        steps |= {code: name.get(language) for code, name in human_steps(definition).items()}
        currency = definition.currency
    updated = max((f.computed_at for f in figures), default=None)
    return Performance(
        period=_("From %(start)s to %(end)s")
        % {"start": format_date(first, language), "end": format_date(today, language)},
        updated=format_date(timezone.localdate(updated), language) if updated else "",
        figures=_figures(totals, language),
        charts=[
            _weekly(weeks(figures, first, WEEKS), language),
            _steps(totals, steps, language),
            _payments(totals, currency, language),
        ],
    )


def count_text(count: int, language: str) -> str:
    """A count, or 'fewer than 5' where it is suppressed."""
    value = shown(count)
    if value is None:
        return _("fewer than %(number)s") % {"number": format_number(5, language)}
    return format_number(value, language)


def days_text(days: int | None, language: str) -> str:
    """Working days, or a dash explained as too few to show."""
    if days is None:
        return _("too few to show")
    return ngettext("%(number)s working day", "%(number)s working days", days) % {
        "number": format_number(days, language)
    }


def _figures(totals: Totals, language: str) -> list[tuple[str, str]]:
    share = totals.share_within_promise()
    ratings = sum(totals.ratings.values())
    average = totals.average_rating()
    return [
        (_("Applications received"), count_text(totals.received, language)),
        (_("Approved"), count_text(totals.approved, language)),
        (_("Rejected"), count_text(totals.rejected, language)),
        (_("Sent back for corrections"), count_text(totals.sent_back, language)),
        (_("Approved automatically, with no officer"), count_text(totals.automatic, language)),
        (
            _("Median time from submission to decision"),
            days_text(percentile(totals.decision_days, 0.5), language),
        ),
        (
            _("9 in 10 decisions were made within"),
            days_text(percentile(totals.decision_days, 0.9), language),
        ),
        (
            _("Decided within the promised time"),
            _percent(share, language) if share is not None else _("too few to show"),
        ),
        (_("Ratings given by applicants"), count_text(ratings, language)),
        (
            _("Average rating (1 to 5)"),
            format_number(round(average, 1), language) if average else _("too few to show"),
        ),
    ]


def _percent(share: float, language: str) -> str:
    return native_digits(str(format_percent(share, locale=language)), language)


def _weekly(by_week: list[tuple[dt.date, Totals]], language: str) -> Chart:
    title = _("Applications received each week")
    bars, rows = [], []
    for monday, totals in by_week:
        week = format_date(monday, language)
        text = count_text(totals.received, language)
        bars.append(Bar(format_day_month(monday, language), shown(totals.received), text))
        rows.append((week, text, count_text(totals.decided, language)))
    return Chart(
        svg=bar_chart("weekly", title, _("One bar per week, by the Monday it begins."), bars),
        caption=title,
        headings=(_("Week beginning"), _("Received"), _("Decided")),
        rows=rows,
    )


def _steps(totals: Totals, names: dict[str, str], language: str) -> Chart:
    title = _("Working days at each step")
    bars, rows = [], []
    for code, histogram in sorted(totals.step_days.items()):
        name = names.get(code, code)
        median, slowest = percentile(histogram, 0.5), percentile(histogram, 0.9)
        bars.append(Bar(name, median, days_text(median, language), 0))
        bars.append(Bar(_("90% within"), slowest, days_text(slowest, language), 1))
        rows.append((name, days_text(median, language), days_text(slowest, language)))
    description = _(
        "For each step an officer works, the median working days and the working days within "
        "which 9 in 10 applications left it."
    )
    return Chart(
        svg=bar_chart("steps", title, description, bars),
        caption=title,
        headings=(_("Step"), _("Median"), _("90% within")),
        rows=rows,
    )


def _payments(totals: Totals, currency: str, language: str) -> Chart:
    title = _("Payments by channel")
    names = {"online": _("Online"), "counter": _("At a counter")}
    bars, rows = [], []
    for channel in ("online", "counter"):
        count, amount = totals.payments.get(channel, [0, 0])
        text = count_text(count, language)
        bars.append(Bar(names[channel], shown(count), text))
        money = (
            format_money(amount, currency, language)
            if shown(count) is not None
            else _("too few to show")
        )
        rows.append((names[channel], text, money))
    return Chart(
        svg=bar_chart("payments", title, _("The number of fee payments made each way."), bars),
        caption=title,
        headings=(_("Channel"), _("Payments"), _("Amount")),
        rows=rows,
    )
