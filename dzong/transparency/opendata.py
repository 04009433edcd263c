"""The open datasets: the daily figures as rows with stable, documented columns, small counts
suppressed (an empty cell in CSV, null in JSON), under CC BY 4.0."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dzong.transparency.models import DailyFigure
from dzong.transparency.reading import Totals, percentile, shown, totals_of

LICENCE = "https://creativecommons.org/licenses/by/4.0/"
Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    """A column of a dataset: its name (never changed once published) and what it holds."""

    name: str
    description: str


@dataclass(frozen=True)
class Dataset:
    """One open dataset: its name in URLs, its title and description, its columns, and how
    its rows are read from the daily figures."""

    name: str
    title: Promise
    description: Promise
    columns: tuple[Column, ...]
    rows: Callable[[Iterable[DailyFigure]], Iterator[Row]]


def _applications(figures: Iterable[DailyFigure]) -> Iterator[Row]:
    for figure in figures:
        totals = totals_of([figure])
        yield {
            "date": figure.day.isoformat(),
            "service": figure.service,
            "agency": figure.agency,
            "received": shown(figure.received),
            "approved": shown(figure.approved),
            "rejected": shown(figure.rejected),
            "sent_back": shown(figure.sent_back),
            "automatic_approvals": shown(figure.automatic),
            "decided_within_promise": _within(totals),
            "promised_working_days": figure.promised_days,
            "median_working_days": percentile(totals.decision_days, 0.5),
            "p90_working_days": percentile(totals.decision_days, 0.9),
            "ratings": shown(sum(totals.ratings.values())),
            "average_rating": _rounded(totals.average_rating()),
        }


def _within(totals: Totals) -> int | None:
    return totals.within_promise if totals.share_within_promise() is not None else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _step_times(figures: Iterable[DailyFigure]) -> Iterator[Row]:
    for figure in figures:
        for step, histogram in sorted(totals_of([figure]).step_days.items()):
            yield {
                "date": figure.day.isoformat(),
                "service": figure.service,
                "step": step,
                "left_step": shown(sum(histogram.values())),
                "median_working_days": percentile(histogram, 0.5),
                "p90_working_days": percentile(histogram, 0.9),
            }


def _payments(figures: Iterable[DailyFigure]) -> Iterator[Row]:
    for figure in figures:
        for channel, (count, amount) in sorted(figure.payments.items()):
            small = shown(count) is None
            yield {
                "date": figure.day.isoformat(),
                "service": figure.service,
                "channel": channel,
                "payments": shown(count),
                "amount_minor_units": None if small else amount,
                "currency": figure.currency,
            }


DATE = Column("date", "The day (local time, ISO 8601), from midnight to midnight.")
SERVICE = Column("service", "The service's code (as in its address on the portal).")
SUPPRESSED = " Empty (CSV) or null (JSON) when 1 to 4: too few to publish."
DATASETS = {
    d.name: d
    for d in (
        Dataset(
            "applications",
            _("Applications and decisions per service per day"),
            _(
                "Applications received, decisions, corrections asked and the time from "
                "submission to decision, per public service and day."
            ),
            (
                DATE,
                SERVICE,
                Column("agency", "The code of the agency that owns the service."),
                Column("received", "Applications submitted for the first time." + SUPPRESSED),
                Column("approved", "Applications approved." + SUPPRESSED),
                Column("rejected", "Applications rejected." + SUPPRESSED),
                Column("sent_back", "Times an officer sent an application back." + SUPPRESSED),
                Column(
                    "automatic_approvals", "Approved by the service's rules alone." + SUPPRESSED
                ),
                Column(
                    "decided_within_promise",
                    "Decisions made within promised_working_days of the first submission."
                    + SUPPRESSED
                    + " Also empty when the decisions made late number 1 to 4.",
                ),
                Column(
                    "promised_working_days",
                    "The working days the service's step deadlines add up to on its longest "
                    "way; empty when no step has a deadline.",
                ),
                Column(
                    "median_working_days",
                    "Median working days (weekends and public holidays skipped) from the first "
                    "submission to the decision, nearest rank; empty for fewer than 5 decisions.",
                ),
                Column("p90_working_days", "90th percentile of the same, nearest rank."),
                Column("ratings", "Ratings applicants gave that day." + SUPPRESSED),
                Column("average_rating", "Their average, 1 to 5; empty for fewer than 5."),
            ),
            _applications,
        ),
        Dataset(
            "step-times",
            _("Time at each step per service per day"),
            _(
                "Working days applications spent at each step an officer works, from entering "
                "the step to leaving it, by the day they left it."
            ),
            (
                DATE,
                SERVICE,
                Column("step", "The step's code in the service's definition."),
                Column("left_step", "Applications that left the step that day." + SUPPRESSED),
                Column("median_working_days", "Median working days at the step, nearest rank."),
                Column("p90_working_days", "90th percentile of the same, nearest rank."),
            ),
            _step_times,
        ),
        Dataset(
            "payments",
            _("Payments by channel per service per day"),
            _(
                "Fee payments settled, by the day they were paid and the way they were paid: "
                "online or at a counter."
            ),
            (
                DATE,
                SERVICE,
                Column("channel", "online or counter."),
                Column("payments", "Payments settled." + SUPPRESSED),
                Column(
                    "amount_minor_units",
                    "Their total in the currency's minor units (chhertum for BTN); empty where "
                    "payments is.",
                ),
                Column("currency", "ISO 4217 code."),
            ),
            _payments,
        ),
    )
}


def as_csv(dataset: Dataset, figures: Iterable[DailyFigure]) -> str:
    """The dataset as CSV with a header row; suppressed cells empty."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[c.name for c in dataset.columns], lineterminator="\n")
    writer.writeheader()
    for row in dataset.rows(figures):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


def as_json(dataset: Dataset, figures: Iterable[DailyFigure]) -> dict[str, Any]:
    """The dataset as JSON: its licence, columns and rows; suppressed cells null."""
    return {
        "dataset": dataset.name,
        "title": str(dataset.title),
        "licence": LICENCE,
        "columns": [{"name": c.name, "description": c.description} for c in dataset.columns],
        "rows": list(dataset.rows(figures)),
    }


def catalogue(base: str, modified: str | None) -> dict[str, Any]:
    """Every dataset in DCAT terms (JSON-LD), with where to download it in CSV and JSON."""
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@id": f"{base}catalogue.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": "Dzong: public service performance",
        "dct:license": {"@id": LICENCE},
        "dcat:dataset": [_entry(base, d, modified) for d in DATASETS.values()],
    }


def _entry(base: str, dataset: Dataset, modified: str | None) -> dict[str, Any]:
    return {
        "@id": f"{base}{dataset.name}",
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.name,
        "dct:title": _in_each_language(dataset.title),
        "dct:description": _in_each_language(dataset.description),
        "dct:license": {"@id": LICENCE},
        "dct:accrualPeriodicity": {"@id": "http://purl.org/cld/freq/daily"},
        **({"dct:modified": modified} if modified else {}),
        "dcat:distribution": [
            {
                "@type": "dcat:Distribution",
                "dcat:downloadURL": {"@id": f"{base}{dataset.name}.{ext}"},
                "dcat:mediaType": media,
                "dct:license": {"@id": LICENCE},
            }
            for ext, media in (("csv", "text/csv"), ("json", "application/json"))
        ],
    }


def _in_each_language(text: Promise) -> list[dict[str, str]]:
    found = []
    for language in ("en", "dz"):
        with translation.override(language):
            found.append({"@language": language, "@value": str(text)})
    return found
