"""A certificate valid for years and months ends on the same calendar date, leap days or not."""

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dzong.engine import load_service
from dzong.engine.certificates import Issue, certificate_data
from dzong.engine.definition import Certificate, Text
from dzong.engine.loader import dump_yaml
from dzong.engine.tests.support import demo_document, problems_of

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2300, 12, 31))


def valid_for(years=None, months=None, days=None):
    return Certificate(
        code="permit",
        title=Text(en="Permit"),
        valid_for_days=days,
        valid_from=None,
        valid_until=None,
        facts=(),
        template=None,
        valid_for_years=years,
        valid_for_months=months,
    )


@given(start=dates, years=st.integers(1, 100))
def test_years_end_on_the_same_calendar_date_or_the_28th_of_february(start, years):
    end = valid_for(years=years).validity_end(start)
    assert (end.year, end.month) == (start.year + years, start.month)
    leap_day_lost = (start.month, start.day) == (2, 29) and not calendar.isleap(end.year)
    assert end.day == (28 if leap_day_lost else start.day)


@given(start=dates, years=st.integers(0, 20), months=st.integers(0, 240))
def test_years_and_months_add_up_to_whole_calendar_months(start, years, months):
    if years == months == 0:
        return
    end = valid_for(years=years or None, months=months or None).validity_end(start)
    assert end.year * 12 + end.month == start.year * 12 + start.month + 12 * years + months
    assert end.day == min(start.day, calendar.monthrange(end.year, end.month)[1])
    assert end == valid_for(months=12 * years + months).validity_end(start)


@pytest.mark.parametrize(
    ("start", "years", "months", "end"),
    [
        (dt.date(2024, 2, 29), 1, None, dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), 4, None, dt.date(2028, 2, 29)),
        (dt.date(2027, 2, 28), 1, None, dt.date(2028, 2, 28)),
        (dt.date(2026, 1, 31), None, 1, dt.date(2026, 2, 28)),
        (dt.date(2026, 11, 30), 2, 3, dt.date(2029, 2, 28)),
    ],
)
def test_calendar_corners(start, years, months, end):
    assert valid_for(years=years, months=months).validity_end(start) == end


def test_a_certificate_given_years_shows_its_expiry_date_by_the_calendar():
    document = demo_document("register-business")
    licence = next(c for c in document["certificates"] if c["code"] == "business-licence")
    del licence["valid_for_days"]
    licence["valid_for_years"] = 2
    licence["facts"].append(
        {"label": {"en": "Valid until", "dz": "ནུས་ཚད།"}, "value": "{expiry_date}"}
    )
    assert problems_of(document) == []
    service = load_service(dump_yaml(document))
    issue = Issue(reference="R-1", number="BL-1", issue_date=dt.date(2028, 2, 29))
    data = certificate_data(service, service.certificates["business-licence"], {}, issue, "en")
    assert data.valid_until == dt.date(2030, 2, 28)
    assert ("Valid until", "28 February 2030") in data.facts


def test_validity_in_both_days_and_years_is_refused():
    document = demo_document("register-business")
    document["certificates"][0]["valid_for_months"] = 6
    assert any("both in days and in years or months" in p for p in problems_of(document))
