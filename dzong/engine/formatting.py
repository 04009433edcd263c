"""Dates, numbers and money formatted for the reader's language, on the server.

Browsers carry no Dzongkha locale data, so every page gets these strings ready-made.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton
from babel.numbers import format_decimal

CURRENCY_SYMBOLS = {"BTN": "Nu."}
# Bhutan writes English dates day first (23 November 2026), as British English does.
DATE_LOCALES = {"en": "en_GB"}
MINOR_UNITS = {"BTN": 100}
# Dzongkha's own digits (CLDR's default numbering system for dz is Tibetan), which Babel
# leaves as Latin digits.
NATIVE_DIGITS = {"dz": str.maketrans("0123456789", "༠༡༢༣༤༥༦༧༨༩")}


def native_digits(text: str, language: str) -> str:
    """Digits written in the language's own numerals."""
    table = NATIVE_DIGITS.get(language)
    return text.translate(table) if table else text


def format_date(value: dt.date, language: str) -> str:
    """A date written out in full: 23 November 2026."""
    text = babel_format_date(value, format="long", locale=DATE_LOCALES.get(language, language))
    return native_digits(str(text), language)


def format_day_month(value: dt.date, language: str) -> str:
    """A day and month, short, for a chart's label: 30 Nov."""
    text = format_skeleton("MMMd", value, locale=DATE_LOCALES.get(language, language))
    return native_digits(str(text), language)


def format_number(value: int | float | Decimal, language: str) -> str:
    """A number with the language's grouping."""
    return native_digits(str(format_decimal(value, locale=language)), language)


def format_money(minor_units: int, currency: str, language: str) -> str:
    """Money from integer minor units: Nu. 1,500 or Nu. 1,500.50."""
    scale = MINOR_UNITS.get(currency, 100)
    amount = Decimal(minor_units) / scale
    pattern = "#,##0" if minor_units % scale == 0 else "#,##0.00"
    number = native_digits(format_decimal(amount, format=pattern, locale=language), language)
    return f"{CURRENCY_SYMBOLS.get(currency, currency)} {number}"


def format_file_size(size: int, language: str) -> str:
    """A size in bytes as KB or MB."""
    if size >= 1024 * 1024:
        return f"{format_number(round(size / (1024 * 1024), 1), language)} MB"
    return f"{format_number(max(1, round(size / 1024)), language)} KB"


def format_moment(value: dt.datetime, language: str) -> str:
    """A local date and time: 23 November 2026, 14:05."""
    return f"{format_date(value.date(), language)}, {native_digits(f'{value:%H:%M}', language)}"
