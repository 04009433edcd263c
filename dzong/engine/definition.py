"""The service definition as typed, immutable objects, built from a checked document."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

Rule = Any
Language = Literal["en", "dz"]
LANGUAGES: tuple[Language, ...] = ("en", "dz")
FIELD_TYPES = (
    "text",
    "long_text",
    "integer",
    "decimal",
    "money",
    "date",
    "email",
    "phone",
    "yes_no",
    "choice",
    "multiple_choice",
    "national_id",
    "file",
    "group",
)


@dataclass(frozen=True)
class Text:
    """A text a person reads, in every supported language."""

    en: str
    dz: str | None = None

    def get(self, language: str) -> str:
        """The text in `language`, falling back to English."""
        return (self.dz or self.en) if language == "dz" else self.en

    @classmethod
    def parse(cls, value: Mapping[str, str] | None) -> Text | None:
        return None if value is None else cls(en=value["en"], dz=value.get("dz"))


def _text(value: Mapping[str, str]) -> Text:
    return Text(en=value["en"], dz=value.get("dz"))


@dataclass(frozen=True)
class Option:
    """One answer a choice field offers."""

    code: str
    label: Text
    value: float | None = None


@dataclass(frozen=True)
class ChoiceList:
    """The options of a choice field, kept by the service or shared between services."""

    code: str
    label: Text | None
    options: tuple[Option, ...]

    @classmethod
    def parse(cls, doc: Mapping[str, Any]) -> ChoiceList:
        options = tuple(
            Option(code=o["code"], label=_text(o["label"]), value=o.get("value"))
            for o in doc["options"]
        )
        return cls(code=doc["code"], label=Text.parse(doc.get("label")), options=options)

    def option(self, code: object) -> Option | None:
        """The option with this code, if any."""
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True)
class Document:
    """A kind of document the applicant uploads."""

    code: str
    name: Text
    description: Text | None
    accept: tuple[str, ...]
    max_size: int


@dataclass(frozen=True)
class Check:
    """A rule an answer must satisfy, with the message shown when it does not."""

    rule: Rule
    message: Text


@dataclass(frozen=True)
class Unique:
    """The answer must differ from every one already issued under a registration."""

    registration: str
    message: Text


@dataclass(frozen=True)
class Field:
    """One question on a page (or, for a group, a repeating set of questions)."""

    code: str
    type: str
    label: Text
    hint: Text | None = None
    required: bool | Rule = True
    show_if: Rule = None
    prefill: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    min: float | None = None
    max: float | None = None
    decimal_places: int | None = None
    min_date: str | None = None
    max_date: str | None = None
    pattern: str | None = None
    pattern_message: Text | None = None
    choices: str | None = None
    document: str | None = None
    unique: Unique | None = None
    checks: tuple[Check, ...] = ()
    min_items: int | None = None
    max_items: int | None = None
    item_label: Text | None = None
    fields: tuple[Field, ...] = ()

    @classmethod
    def parse(cls, doc: Mapping[str, Any]) -> Field:
        plain = {
            key: doc[key]
            for key in (
                "code",
                "type",
                "required",
                "show_if",
                "prefill",
                "min_length",
                "max_length",
                "min",
                "max",
                "decimal_places",
                "min_date",
                "max_date",
                "pattern",
                "choices",
                "document",
                "min_items",
                "max_items",
            )
            if key in doc
        }
        unique = doc.get("unique")
        return cls(
            **plain,
            label=_text(doc["label"]),
            hint=Text.parse(doc.get("hint")),
            pattern_message=Text.parse(doc.get("pattern_message")),
            item_label=Text.parse(doc.get("item_label")),
            unique=Unique(unique["registration"], _text(unique["message"])) if unique else None,
            checks=tuple(Check(c["rule"], _text(c["message"])) for c in doc.get("checks", ())),
            fields=tuple(Field.parse(f) for f in doc.get("fields", ())),
        )

    @property
    def is_group(self) -> bool:
        return self.type == "group"


@dataclass(frozen=True)
class Page:
    """One page of the form: a few questions, possibly shown only for some answers."""

    code: str
    title: Text
    hint: Text | None
    show_if: Rule
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Registration:
    """One registration the service grants, owned by an agency (single window)."""

    code: str
    agency: str
    name: Text
    applies_if: Rule
    number_prefix: str
    certificate: str | None
    workflow: RegistrationWorkflow | None = None
    business: FoundedBusiness | None = None


@dataclass(frozen=True)
class FoundedBusiness:
    """A registration that founds a business: the fields whose answers give its name and
    address (its number is the registration's)."""

    name: str
    address: str | None = None


@dataclass(frozen=True)
class RegistrationWorkflow:
    """A registration's own steps, run in its agency beside the others; None: the service's."""

    start: str
    steps: Mapping[str, Step]


@dataclass(frozen=True)
class Fee:
    """A fee: its amount is a rule giving minor units, paid into an agency's account."""

    code: str
    label: Text
    agency: str
    account: str
    amount: Rule
    applies_if: Rule
    due: str
    refund: str = "on_rejection"  # on_rejection, before_review or never


@dataclass(frozen=True)
class Action:
    """What an officer may do at a human step, and where it leads."""

    code: str
    label: Text
    to: str | None
    send_back: bool
    reason_required: bool


@dataclass(frozen=True)
class Step:
    """A workflow step: automatic (a rule decides), human (a role acts) or an end."""

    code: str
    type: str
    name: Text
    role: str | None
    deadline_days: int | None
    rule: Rule
    if_true: str | None
    if_false: str | None
    outcome: str | None
    actions: tuple[Action, ...]

    @classmethod
    def parse(cls, doc: Mapping[str, Any]) -> Step:
        actions = tuple(
            Action(
                code=a["code"],
                label=_text(a["label"]),
                to=a.get("to"),
                send_back=a.get("send_back", False),
                reason_required=a.get("reason_required", False),
            )
            for a in doc.get("actions", ())
        )
        return cls(
            code=doc["code"],
            type=doc["type"],
            name=_text(doc["name"]),
            role=doc.get("role"),
            deadline_days=doc.get("deadline_days"),
            rule=doc.get("rule"),
            if_true=doc.get("if_true"),
            if_false=doc.get("if_false"),
            outcome=doc.get("outcome"),
            actions=actions,
        )

    def targets(self) -> Iterator[str]:
        """Every step this step can lead to."""
        for target in (self.if_true, self.if_false, *(a.to for a in self.actions)):
            if target is not None:
                yield target


@dataclass(frozen=True)
class Fact:
    """One line a certificate shows: a label and a value with placeholders."""

    label: Text
    value: str


@dataclass(frozen=True)
class EntryTable:
    """A repeating group's entries printed on a certificate: one row each, chosen columns."""

    group: str
    columns: tuple[str, ...]
    title: Text | None = None


@dataclass(frozen=True)
class Certificate:
    """A certificate the service issues for a registration."""

    code: str
    title: Text
    valid_for_days: int | None
    valid_from: str | None
    valid_until: str | None
    facts: tuple[Fact, ...]
    template: Text | None
    valid_for_years: int | None = None
    valid_for_months: int | None = None
    table: EntryTable | None = None

    def validity_end(self, valid_from: dt.date) -> dt.date | None:
        """The last day of validity for a certificate valid from `valid_from`, by its period."""
        months = 12 * (self.valid_for_years or 0) + (self.valid_for_months or 0)
        try:
            if months:
                return add_months(valid_from, months)
            if self.valid_for_days:
                return valid_from + dt.timedelta(days=self.valid_for_days)
        except (ValueError, OverflowError):
            return dt.date.max
        return None


def add_months(start: dt.date, months: int) -> dt.date:
    """The same calendar date `months` later, or that month's last day when it is shorter."""
    year, month = divmod(start.year * 12 + start.month - 1 + months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(start.day, last_day))


@dataclass(frozen=True)
class Message:
    """A message sent to the applicant when something happens."""

    event: str
    subject: Text
    body: Text
    sms: Text | None


@dataclass(frozen=True)
class Description:
    """The service's public description."""

    purpose: Text
    who_can_apply: Text
    steps: tuple[Text, ...]
    expected_time: Text
    legal_basis: Text


@dataclass(frozen=True)
class Agency:
    """An agency that owns a service, a registration, a fee or a role."""

    code: str
    name: Text


@dataclass(frozen=True)
class Role:
    """A role staff hold in an agency; human steps name one."""

    code: str
    agency: str
    name: Text


@dataclass(frozen=True)
class Appeals:
    """How a rejection may be appealed: within how many days, to which role (None: the
    agency's supervisors), decided within how many working days."""

    within_days: int = 30
    role: str | None = None
    deadline_days: int = 10

    @classmethod
    def parse(cls, doc: Mapping[str, Any] | None) -> Appeals:
        doc = doc or {}
        return cls(
            within_days=doc.get("within_days", 30),
            role=doc.get("role"),
            deadline_days=doc.get("deadline_days", 10),
        )


@dataclass(frozen=True)
class Service:
    """A whole service definition; `document` is the checked document it came from."""

    slug: str
    agency: str
    topics: tuple[str, ...]
    currency: str
    title: Text
    summary: Text
    description: Description
    agencies: tuple[Agency, ...]
    roles: tuple[Role, ...]
    choice_lists: Mapping[str, ChoiceList]
    documents: Mapping[str, Document]
    pages: tuple[Page, ...]
    registrations: tuple[Registration, ...]
    fees: tuple[Fee, ...]
    workflow_start: str
    steps: Mapping[str, Step]
    certificates: Mapping[str, Certificate]
    messages: tuple[Message, ...]
    document: Mapping[str, Any]
    keep_days: int | None = None  # after the decision; None: kept
    appeals: Appeals = Appeals()

    def fields(self) -> Iterator[tuple[Page, Field]]:
        """Every top-level field with its page, in form order."""
        for page in self.pages:
            for field in page.fields:
                yield page, field

    def field(self, code: str) -> Field | None:
        """The top-level field with this code, if any."""
        return next((f for _, f in self.fields() if f.code == code), None)

    def page(self, code: str) -> Page | None:
        """The page with this code, if any."""
        return next((p for p in self.pages if p.code == code), None)

    def registration(self, code: str) -> Registration | None:
        """The registration with this code, if any."""
        return next((r for r in self.registrations if r.code == code), None)

    def agency_name(self, code: str) -> Text:
        """The name of an agency the service names."""
        return next((a.name for a in self.agencies if a.code == code), Text(en=code))


def parse_service(doc: Mapping[str, Any], shared_lists: Mapping[str, ChoiceList]) -> Service:
    """Build the typed service from a document that passed the schema."""
    description = doc["description"]
    own_lists = {c["code"]: ChoiceList.parse(c) for c in doc.get("choice_lists", ())}
    return Service(
        slug=doc["slug"],
        agency=doc["agency"],
        topics=tuple(doc.get("topics", ())),
        currency=doc.get("currency", "BTN"),
        title=_text(doc["title"]),
        summary=_text(doc["summary"]),
        description=Description(
            purpose=_text(description["purpose"]),
            who_can_apply=_text(description["who_can_apply"]),
            steps=tuple(_text(s) for s in description["steps"]),
            expected_time=_text(description["expected_time"]),
            legal_basis=_text(description["legal_basis"]),
        ),
        agencies=tuple(Agency(a["code"], _text(a["name"])) for a in doc["agencies"]),
        roles=tuple(Role(r["code"], r["agency"], _text(r["name"])) for r in doc.get("roles", ())),
        choice_lists={**shared_lists, **own_lists},
        documents={d["code"]: _document(d) for d in doc.get("documents", ())},
        pages=tuple(_page(p) for p in doc["pages"]),
        registrations=tuple(_registration(r) for r in doc["registrations"]),
        fees=tuple(_fee(f) for f in doc.get("fees", ())),
        workflow_start=doc["workflow"]["start"],
        steps={s["code"]: Step.parse(s) for s in doc["workflow"]["steps"]},
        certificates={c["code"]: _certificate(c) for c in doc.get("certificates", ())},
        messages=tuple(_message(m) for m in doc.get("messages", ())),
        document=doc,
        keep_days=(doc.get("retention") or {}).get("keep_days"),
        appeals=Appeals.parse(doc.get("appeals")),
    )


def _document(doc: Mapping[str, Any]) -> Document:
    return Document(
        code=doc["code"],
        name=_text(doc["name"]),
        description=Text.parse(doc.get("description")),
        accept=tuple(doc["accept"]),
        max_size=doc["max_size"],
    )


def _page(doc: Mapping[str, Any]) -> Page:
    return Page(
        code=doc["code"],
        title=_text(doc["title"]),
        hint=Text.parse(doc.get("hint")),
        show_if=doc.get("show_if"),
        fields=tuple(Field.parse(f) for f in doc["fields"]),
    )


def _registration(doc: Mapping[str, Any]) -> Registration:
    return Registration(
        code=doc["code"],
        agency=doc["agency"],
        name=_text(doc["name"]),
        applies_if=doc.get("applies_if", True),
        number_prefix=doc["number_prefix"],
        certificate=doc.get("certificate"),
        workflow=_registration_workflow(doc.get("workflow")),
        business=_founded_business(doc.get("business")),
    )


def _founded_business(doc: Mapping[str, Any] | None) -> FoundedBusiness | None:
    if doc is None:
        return None
    return FoundedBusiness(name=doc["name"], address=doc.get("address"))


def _registration_workflow(doc: Mapping[str, Any] | None) -> RegistrationWorkflow | None:
    if doc is None:
        return None
    return RegistrationWorkflow(
        start=doc["start"], steps={s["code"]: Step.parse(s) for s in doc["steps"]}
    )


def _fee(doc: Mapping[str, Any]) -> Fee:
    return Fee(
        code=doc["code"],
        label=_text(doc["label"]),
        agency=doc["agency"],
        account=doc["account"],
        amount=doc["amount"],
        applies_if=doc.get("applies_if", True),
        due=doc.get("due", "before_submission"),
        refund=doc.get("refund", _default_refund(doc.get("due", "before_submission"))),
    )


def _default_refund(due: str) -> str:
    """Fees paid before submission come back on rejection; fees paid after approval never."""
    return "on_rejection" if due == "before_submission" else "never"


def _certificate(doc: Mapping[str, Any]) -> Certificate:
    return Certificate(
        code=doc["code"],
        title=_text(doc["title"]),
        valid_for_days=doc.get("valid_for_days"),
        valid_for_years=doc.get("valid_for_years"),
        valid_for_months=doc.get("valid_for_months"),
        valid_from=doc.get("valid_from"),
        valid_until=doc.get("valid_until"),
        facts=tuple(Fact(_text(f["label"]), f["value"]) for f in doc["facts"]),
        template=Text.parse(doc.get("template")),
        table=_entry_table(doc.get("table")),
    )


def _entry_table(doc: Mapping[str, Any] | None) -> EntryTable | None:
    if doc is None:
        return None
    return EntryTable(doc["group"], tuple(doc["columns"]), Text.parse(doc.get("title")))


def _message(doc: Mapping[str, Any]) -> Message:
    return Message(
        event=doc["event"],
        subject=_text(doc["subject"]),
        body=_text(doc["body"]),
        sms=Text.parse(doc.get("sms")),
    )
