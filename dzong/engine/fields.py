"""Turning what an applicant typed into a typed answer, one field type at a time.

Each cleaner takes the raw input (form text, or JSON from the API) and returns the stored
answer, or raises Invalid with a message in the applicant's language. Stored answers are
JSON values: text, integers, decimals as text, money as integer minor units, dates as ISO
text, yes/no as booleans, choice codes, lists, and file descriptions.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from dzong.engine.definition import ChoiceList, Document, Field
from dzong.engine.errors import EngineError
from dzong.engine.formatting import format_date, format_file_size, format_number
from dzong.engine.texts import FILE_EXTENSIONS, FILE_TYPE_NAMES, OR, message

TIBETAN_DIGITS = str.maketrans("༠༡༢༣༤༥༦༧༨༩", "0123456789")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
INTEGER = re.compile(r"^[+-]?\d+$")
DECIMAL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")
YES = {"yes", "true", "1", "on", "ཨིན"}
NO = {"no", "false", "0", "off", "མེན"}
LINE_BREAKS = frozenset("\t\n\r")


class Invalid(EngineError):
    """An answer that cannot be accepted; the message is for the applicant."""


def is_empty(raw: object) -> bool:
    """Nothing was given: no value, blank text, an empty list or an empty date."""
    if raw is None:
        return True
    if isinstance(raw, str):
        return raw.strip() == ""
    if isinstance(raw, list | tuple):
        return len(raw) == 0
    if isinstance(raw, Mapping) and set(raw) <= {"day", "month", "year"}:
        return all(is_empty(v) for v in raw.values())
    return False


class FieldCleaner:
    """Cleans answers to one field, in one language."""

    def __init__(
        self,
        field: Field,
        language: str,
        *,
        lists: Mapping[str, ChoiceList],
        documents: Mapping[str, Document],
    ) -> None:
        self.field = field
        self.language = language
        self.lists = lists
        self.documents = documents
        self.label = field.label.get(language)

    def fail(self, key: str, **values: object) -> Invalid:
        return Invalid(message(key, self.language, label=self.label, **values))

    def clean(self, raw: object) -> Any:
        """The stored answer for a non-empty raw input."""
        cleaner: Callable[[Any], Any] = getattr(self, f"clean_{self.field.type}")
        return cleaner(raw)

    def text_of(self, raw: object, *, line_breaks: bool = False) -> str:
        """The input as text, trimmed; Invalid if it holds control characters or lone
        surrogates (which no database stores), tabs and line breaks aside where allowed."""
        if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
            raise self.fail("pattern")
        text = str(raw)
        allowed = LINE_BREAKS if line_breaks else frozenset()
        if any(_is_control(c) and c not in allowed for c in text):
            raise self.fail("control_characters")
        return text.strip()

    def clean_text(self, raw: object) -> str:
        text = " ".join(self.text_of(raw).split())
        return self._check_text(text)

    def clean_long_text(self, raw: object) -> str:
        text = self.text_of(raw, line_breaks=True).replace("\r\n", "\n")
        return self._check_text(text)

    def _check_text(self, text: str) -> str:
        field = self.field
        if field.min_length is not None and len(text) < field.min_length:
            raise self.fail("too_short", limit=field.min_length)
        if field.max_length is not None and len(text) > field.max_length:
            raise self.fail("too_long", limit=field.max_length)
        self._check_pattern(text)
        return text

    def _check_pattern(self, text: str) -> None:
        if self.field.pattern and not re.fullmatch(self.field.pattern, text):
            if self.field.pattern_message:
                raise Invalid(self.field.pattern_message.get(self.language))
            raise self.fail("pattern")

    def _number_text(self, raw: object) -> str:
        text = self.text_of(raw).translate(TIBETAN_DIGITS)
        return re.sub(r"[\s,]", "", text)

    def clean_integer(self, raw: object) -> int:
        text = self._number_text(raw)
        if not INTEGER.match(text):
            raise self.fail("not_whole_number")
        value = int(text)
        self._check_bounds(value)
        return value

    def clean_decimal(self, raw: object) -> str:
        text = self._number_text(raw)
        if not DECIMAL.match(text):
            raise self.fail("not_number")
        value = Decimal(text)
        places = self.field.decimal_places
        if places is not None and -value.as_tuple().exponent > places:  # type: ignore[operator]
            raise self.fail("too_many_places", limit=places)
        self._check_bounds(value)
        return str(value)

    def clean_money(self, raw: object) -> int:
        text = re.sub(r"^(nu\.?|btn)", "", self._number_text(raw), flags=re.IGNORECASE)
        if not re.fullmatch(r"\d+(\.\d{1,2})?", text):
            raise self.fail("not_money")
        try:
            amount = Decimal(text)
        except InvalidOperation as error:
            raise self.fail("not_money") from error
        self._check_bounds(amount)
        return int(amount * 100)

    def _check_bounds(self, value: int | Decimal) -> None:
        field = self.field
        if field.min is not None and value < Decimal(str(field.min)):
            raise self.fail("below_min", limit=format_number(field.min, self.language))
        if field.max is not None and value > Decimal(str(field.max)):
            raise self.fail("above_max", limit=format_number(field.max, self.language))

    def clean_date(self, raw: object) -> str:
        value = self._parse_date(raw)
        field = self.field
        if field.min_date and value < dt.date.fromisoformat(field.min_date):
            limit = format_date(dt.date.fromisoformat(field.min_date), self.language)
            raise self.fail("date_before", limit=limit)
        if field.max_date and value > dt.date.fromisoformat(field.max_date):
            limit = format_date(dt.date.fromisoformat(field.max_date), self.language)
            raise self.fail("date_after", limit=limit)
        return value.isoformat()

    def _parse_date(self, raw: object) -> dt.date:
        if isinstance(raw, Mapping):
            parts = [self._number_text(raw.get(k) or "") for k in ("year", "month", "day")]
            if not all(parts):
                raise self.fail("date_incomplete")
            if not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
                raise self.fail("not_date")
            year, month, day = (int(p) for p in parts)
        else:
            match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", self.text_of(raw))
            if not match:
                raise self.fail("not_date")
            year, month, day = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError as error:
            raise self.fail("not_date") from error

    def clean_email(self, raw: object) -> str:
        text = self.text_of(raw)
        if not EMAIL.match(text) or len(text) > 254:
            raise self.fail("not_email")
        local, domain = text.rsplit("@", 1)
        return f"{local}@{domain.lower()}"

    def clean_phone(self, raw: object) -> str:
        text = re.sub(r"[\s().-]", "", self.text_of(raw).translate(TIBETAN_DIGITS))
        if not re.fullmatch(r"\+?\d{6,15}", text):
            raise self.fail("not_phone")
        self._check_pattern(text)
        return text

    def clean_national_id(self, raw: object) -> str:
        text = re.sub(r"[\s-]", "", self.text_of(raw).translate(TIBETAN_DIGITS))
        if not re.fullmatch(r"\d{11}", text):
            raise self.fail("not_national_id")
        return text

    def clean_yes_no(self, raw: object) -> bool:
        if isinstance(raw, bool):
            return raw
        text = self.text_of(raw).lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise self.fail("not_yes_no")

    def _options(self) -> ChoiceList:
        return self.lists[self.field.choices or ""]

    def clean_choice(self, raw: object) -> str:
        option = self._options().option(self.text_of(raw))
        if option is None:
            raise self.fail("not_option")
        return option.code

    def clean_multiple_choice(self, raw: object) -> list[str]:
        chosen = raw if isinstance(raw, list | tuple) else [raw]
        codes = {self.clean_choice(item) for item in chosen}
        return [o.code for o in self._options().options if o.code in codes]

    def _check_whole(self, raw: Mapping[str, Any], content_type: str) -> None:
        """The web layer found the whole file readable, and its name's extension agrees."""
        kind = FILE_TYPE_NAMES[content_type].get(self.language)
        if raw.get("damaged"):
            raise self.fail("file_damaged", limit=kind)
        extension = _extension(raw["name"])
        if extension is not None and extension not in FILE_EXTENSIONS[content_type]:
            raise self.fail("file_extension", limit=kind)

    def clean_file(self, raw: object) -> dict[str, Any]:
        """A file is described by the web layer, which sniffed its type from its content."""
        if not isinstance(raw, Mapping) or not {"name", "size", "content_type"} <= set(raw):
            raise self.fail("upload")
        document = self.documents[self.field.document or ""]
        size, content_type = raw["size"], raw["content_type"]
        if not isinstance(size, int) or size <= 0:
            raise self.fail("file_empty")
        if content_type not in document.accept:
            names = [FILE_TYPE_NAMES[t].get(self.language) for t in document.accept]
            raise self.fail("file_type", limit=OR.get(self.language).join(dict.fromkeys(names)))
        if size > document.max_size:
            limit = format_file_size(document.max_size, self.language)
            raise self.fail("file_size", limit=limit)
        self._check_whole(raw, content_type)
        return {key: raw[key] for key in raw if isinstance(raw[key], str | int)}


def _extension(name: object) -> str | None:
    """The extension of a file's name, lower case; None for a name without one."""
    stem, dot, extension = str(name).rpartition(".")
    return extension.lower() if dot and stem else None


def _is_control(character: str) -> bool:
    return unicodedata.category(character) in {"Cc", "Cs"}


def empty_message(field: Field, language: str) -> str:
    """What to say when a required field was left empty."""
    key = {
        "choice": "choose",
        "multiple_choice": "choose",
        "yes_no": "choose",
        "file": "upload",
        "group": "too_few_items",
    }.get(field.type, "required")
    return message(key, language, label=field.label.get(language), limit=field.min_items or 1)
