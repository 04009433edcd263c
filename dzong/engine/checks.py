"""Every check a definition must pass before it can be imported or published.

`check_source` first validates the document against the published JSON Schema, then looks
at what a schema cannot express: names that must refer to something, a workflow that
can finish, fees that cannot go negative, texts in every language. Each finding is a
Problem with its place in the document, in plain words for a civil servant.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

import jsonschema

from dzong.engine import jsonlogic
from dzong.engine.bounds import Interval, interval_of
from dzong.engine.definition import EntryTable, Field, Registration, Service, parse_service
from dzong.engine.loader import Path, Problem, SourceDocument, service_schema, shared_choice_lists
from dzong.engine.plain_words import schema_message

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
CERTIFICATE_SOURCES = {"registration.number", "reference", "issue_date", "expiry_date", "service"}
MESSAGE_SOURCES = {"reference", "service"}
NUMERIC_TYPES = {"integer", "decimal", "money"}
EQUALITIES = ("==", "!=", "===", "!==")
# What a new service starts with (dzong.engine.edits.new_definition), to be replaced before
# applicants read it.
UNWRITTEN = {"en": "To be written.", "dz": "འབྲི་དགོ།"}
DEFAULT_PAGE_TITLE = "Questions"


def check_source(source: SourceDocument, *, texts: bool = True) -> list[Problem]:
    """Every problem in a parsed definition; an empty list means it is valid.

    `texts=False` leaves out what only applicants' reading needs (Dzongkha texts, texts
    still to be written): what is left stops the form from running at all, in a preview.
    """
    problems = _schema_problems(source)
    if problems:
        return problems
    service = parse_service(source.content, shared_choice_lists())
    checker = _Checker(source, service, texts=texts)
    return sorted(checker.run(), key=lambda p: (p.line or 0, p.path))


def check_structure(source: SourceDocument) -> list[Problem]:
    """Only the JSON Schema's problems: what a draft must pass before it can be stored."""
    return _schema_problems(source)


def _schema_problems(source: SourceDocument) -> list[Problem]:
    validator = jsonschema.Draft202012Validator(service_schema())
    problems = []
    for error in validator.iter_errors(source.content):
        path = tuple(error.absolute_path)
        problems.append(source.problem(path, schema_message(error)))
    return sorted(problems, key=lambda p: (p.line or 0, p.path))


class _Checker:
    """Walks one service and collects problems; each method checks one kind of thing."""

    def __init__(self, source: SourceDocument, service: Service, *, texts: bool = True) -> None:
        self.texts = texts
        self.source = source
        self.service = service
        self.doc: Mapping[str, Any] = source.content
        self.field_codes = self._field_codes()
        self.groups = {
            f.code: {m.code for m in f.fields} for _, f in service.fields() if f.is_group
        }
        self.problems: list[Problem] = []

    def report(self, path: Path, message: str) -> None:
        self.problems.append(self.source.problem(path, message))

    def run(self) -> list[Problem]:
        self.check_unique_codes()
        if self.texts:
            self.check_dzongkha_texts(self.doc, ())
            self.check_unwritten_texts()
        self.check_agencies_and_roles()
        self.check_pages()
        self.check_rules()
        self.check_choice_comparisons()
        self.check_registrations()
        self.check_fees()
        self.check_workflow()
        self.check_certificates()
        self.check_messages()
        return self.problems

    def _field_codes(self) -> set[str]:
        return {field.code for _, field in self.service.fields()}

    def _fields_with_paths(self) -> Iterator[tuple[Path, Mapping[str, Any]]]:
        for p, page in enumerate(self.doc["pages"]):
            for f, field in enumerate(page["fields"]):
                yield ("pages", p, "fields", f), field
                for g, member in enumerate(field.get("fields", ())):
                    yield ("pages", p, "fields", f, "fields", g), member

    def check_unique_codes(self) -> None:
        groups: dict[str, list[tuple[Path, str]]] = {
            "page": [(("pages", i, "code"), p["code"]) for i, p in enumerate(self.doc["pages"])],
            "field": [
                ((*path, "code"), f["code"])
                for path, f in self._fields_with_paths()
                if len(path) == 4
            ],
        }
        for section in (
            "agencies",
            "roles",
            "choice_lists",
            "documents",
            "registrations",
            "fees",
            "certificates",
        ):
            groups[section] = [
                ((section, i, "code"), e["code"]) for i, e in enumerate(self.doc.get(section, ()))
            ]
        groups["step"] = [
            (("workflow", "steps", i, "code"), s["code"])
            for i, s in enumerate(self.doc["workflow"]["steps"])
        ] + [
            (("registrations", r, "workflow", "steps", i, "code"), s["code"])
            for r, registration in enumerate(self.doc["registrations"])
            for i, s in enumerate(registration.get("workflow", {}).get("steps", ()))
        ]
        for kind, entries in groups.items():
            counts = Counter(code for _, code in entries)
            for path, code in entries:
                if counts[code] > 1:
                    self.report(path, f"The code '{code}' is used by more than one {kind}.")

    def check_dzongkha_texts(self, value: Any, path: Path) -> None:
        if isinstance(value, dict):
            if "en" in value and isinstance(value["en"], str) and not value.get("dz"):
                self.report(path, f"The Dzongkha text is missing (English: '{value['en']}').")
                return
            for key, item in value.items():
                self.check_dzongkha_texts(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.check_dzongkha_texts(item, (*path, index))

    def check_agencies_and_roles(self) -> None:
        agencies = {a.code for a in self.service.agencies}
        if self.service.agency not in agencies:
            self.report(("agency",), f"The agency '{self.service.agency}' is not in 'agencies'.")
        for i, role in enumerate(self.service.roles):
            if role.agency not in agencies:
                self.report(
                    ("roles", i, "agency"),
                    f"The role '{role.code}' belongs to an unknown agency '{role.agency}'.",
                )
        appeal_role = self.service.appeals.role
        if appeal_role and appeal_role not in {r.code for r in self.service.roles}:
            self.report(("appeals", "role"), f"Appeals go to an unknown role '{appeal_role}'.")

    def check_pages(self) -> None:
        for i, page in enumerate(self.service.pages):
            if not page.fields:
                self.report(
                    ("pages", i, "fields"), f"The page '{page.title.en}' has no questions yet."
                )
        for path, field_doc in self._fields_with_paths():
            self.check_field(path, Field.parse(field_doc))

    def check_field(self, path: Path, field: Field) -> None:
        for problem_path, message in _field_problems(field, self.service):
            self.report(path + problem_path, message)

    def check_rules(self) -> None:
        known_ops = jsonlogic.known_operators()
        for path, rule in _rules(self.doc):
            for operator in sorted(jsonlogic.operators(rule) - known_ops):
                self.report(path, f"The rule uses an unknown operation '{operator}'.")
            group = self._group_of(path)
            for name in sorted(jsonlogic.variables(rule)):
                problem = self._name_problem(name, group)
                if problem:
                    self.report(path, problem)

    def check_choice_comparisons(self) -> None:
        """A rule comparing a choice's answer with a value none of its choices has never holds."""
        codes = {field.code: field for _, field in self.service.fields() if field.type == "choice"}
        for path, rule in _rules(self.doc):
            for name, value in _compared_values(rule):
                field = codes.get(name)
                chosen = self.service.choice_lists.get(field.choices or "") if field else None
                if field is None or chosen is None:
                    continue
                if value not in {option.code for option in chosen.options}:
                    self.report(path, _not_a_choice_message(field, value, chosen.options))

    def check_unwritten_texts(self) -> None:
        """Texts a new service starts with are not for applicants: they must be written."""
        for path, value in _texts(self.doc, ()):
            if any(str(value.get(key, "")).strip() == text for key, text in UNWRITTEN.items()):
                self.report(path, "This text is still 'To be written.': write it for applicants.")
        for i, page in enumerate(self.doc["pages"]):
            if page["title"].get("en", "").strip() == DEFAULT_PAGE_TITLE:
                self.report(
                    ("pages", i, "title"),
                    "Give the page a title that says what its questions are about: applicants "
                    f"read it as a heading, and '{DEFAULT_PAGE_TITLE}' tells them nothing.",
                )

    def _group_of(self, path: Path) -> str | None:
        """The repeating group whose entry a rule is read for, if it belongs to a member."""
        if len(path) > 6 and path[0] == "pages" and path[2] == "fields" and path[4] == "fields":
            return str(self.doc["pages"][path[1]]["fields"][path[3]]["code"])
        return None

    def _name_problem(self, name: str, group: str | None) -> str | None:
        """What is wrong with a field name in a rule read inside `group` (None: outside)."""
        head, _, rest = name.partition(".")
        member = rest.partition(".")[0]
        if head == group:
            if member in self.groups[group]:
                return None
            return (
                f"The rule refers to '{name}', but the repeating group '{group}' has no field "
                f"'{member}': in its fields' rules, '{group}.FIELD' is a field of the same entry."
            )
        if head in self.groups and member and not member.isdigit():
            return _outside_group_message(name, head, member)
        if head in self.field_codes:
            return None
        owner = next((g for g, members in self.groups.items() if head in members), None)
        if owner is not None and owner == group:
            return (
                f"The rule refers to '{name}': in a rule of a repeating group's field, name a "
                f"field of the same entry with the group's code, as '{owner}.{head}'."
            )
        if owner is not None:
            return _outside_group_message(name, owner, head)
        return f"The rule refers to a field '{name}' that does not exist."

    def check_registrations(self) -> None:
        agencies = {a.code for a in self.service.agencies}
        for i, registration in enumerate(self.service.registrations):
            if registration.agency not in agencies:
                self.report(
                    ("registrations", i, "agency"),
                    f"The agency '{registration.agency}' is not in 'agencies'.",
                )
            certificate = registration.certificate
            if certificate is not None and certificate not in self.service.certificates:
                self.report(
                    ("registrations", i, "certificate"), f"There is no certificate '{certificate}'."
                )

    def check_fees(self) -> None:
        agencies = {a.code for a in self.service.agencies}
        ranges = _field_ranges(self.service)
        for i, fee in enumerate(self.service.fees):
            if fee.agency not in agencies:
                self.report(
                    ("fees", i, "agency"), f"The agency '{fee.agency}' is not in 'agencies'."
                )
            amount = interval_of(fee.amount, ranges)
            if amount.low < 0:
                self.report(("fees", i, "amount"), _negative_fee_message(fee.code, amount))
            if fee.due == "after_approval" and fee.refund != "never":
                self.report(
                    ("fees", i, "refund"),
                    f"The fee '{fee.code}' is paid after approval, when the application can no "
                    "longer be rejected: its refund can only be 'never'.",
                )

    def check_workflow(self) -> None:
        for path, message in _workflow_problems(self.service):
            self.report(path, message)

    def check_certificates(self) -> None:
        used = {r.certificate for r in self.service.registrations}
        sources = CERTIFICATE_SOURCES | {f"fees.{fee.code}" for fee in self.service.fees}
        for i, certificate in enumerate(self.service.certificates.values()):
            if certificate.code not in used:
                self.report(
                    ("certificates", i, "code"),
                    f"No registration issues the certificate '{certificate.code}'.",
                )
            if certificate.valid_for_days and (
                certificate.valid_for_years or certificate.valid_for_months
            ):
                self.report(
                    ("certificates", i, "valid_for_days"),
                    f"The certificate '{certificate.code}' gives its validity both in days and "
                    "in years or months: give one or the other.",
                )
            if certificate.table is not None:
                self.check_table(("certificates", i, "table"), certificate.code, certificate.table)
            for f, fact in enumerate(certificate.facts):
                self.check_placeholders(
                    ("certificates", i, "facts", f, "value"), fact.value, sources
                )
            for key in ("valid_from", "valid_until"):
                value = getattr(certificate, key)
                if value:
                    self.check_placeholders(("certificates", i, key), value, sources)
            if certificate.template:
                for language in ("en", "dz"):
                    self.check_placeholders(
                        ("certificates", i, "template", language),
                        certificate.template.get(language),
                        sources,
                    )

    def check_table(self, path: Path, certificate: str, table: EntryTable) -> None:
        group = self.service.field(table.group)
        if group is None or not group.is_group:
            self.report(
                (*path, "group"),
                f"The certificate '{certificate}' lists the entries of '{table.group}', which is "
                "not a repeating group of the form.",
            )
            return
        members = {m.code for m in group.fields}
        for c, column in enumerate(table.columns):
            if column not in members:
                self.report(
                    (*path, "columns", c),
                    f"The repeating group '{group.code}' has no field '{column}' to print as a "
                    "column.",
                )

    def _group_named(self, answer: str) -> str | None:
        """The repeating group a placeholder's field belongs to, if it names one's field."""
        head = answer.partition(".")[0]
        if head in self.groups:
            return head
        return next((g for g, members in self.groups.items() if head in members), None)

    def check_messages(self) -> None:
        for i, message in enumerate(self.service.messages):
            for part in ("subject", "body", "sms"):
                text = getattr(message, part)
                for language in ("en", "dz") if text else ():
                    self.check_placeholders(
                        ("messages", i, part, language), text.get(language), MESSAGE_SOURCES
                    )

    def check_placeholders(self, path: Path, text: str, sources: set[str]) -> None:
        for name in PLACEHOLDER.findall(text):
            answer = name.removeprefix("answers.")
            if name in sources or (name.startswith("answers.") and answer in self.field_codes):
                continue
            group = self._group_named(answer) if name.startswith("answers.") else None
            if group is not None:
                self.report(path, _placeholder_in_group_message(name, group))
                continue
            self.report(
                path,
                f"The placeholder '{{{name}}}' has no source: use "
                f"{{answers.FIELD}} or one of {', '.join(sorted(sources))}.",
            )


def _placeholder_in_group_message(name: str, group: str) -> str:
    return (
        f"The placeholder '{{{name}}}' names a field inside the repeating group '{group}', "
        "which has one answer per entry: {answers." + group + "} gives the number of "
        "entries, and a certificate can list the entries with its 'table' (group and columns)."
    )


def _outside_group_message(name: str, group: str, member: str) -> str:
    return (
        f"The rule refers to '{name}', a field inside the repeating group '{group}'. Only the "
        f"rules of that group's own fields can name it (as '{group}.{member}'), "
        f"for each entry; elsewhere, ask about the entries with 'some', 'all' or 'none' over "
        f'{{"var": "{group}"}}.'
    )


def _field_problems(field: Field, service: Service) -> Iterator[tuple[Path, str]]:
    if field.type in ("choice", "multiple_choice"):
        if field.choices is None:
            yield ("choices",), f"The field '{field.code}' needs a choice list."
        elif field.choices not in service.choice_lists:
            yield ("choices",), f"There is no choice list '{field.choices}'."
    if field.type == "file":
        if field.document is None:
            yield ("document",), f"The file field '{field.code}' must name a document."
        elif field.document not in service.documents:
            yield ("document",), f"There is no document '{field.document}'."
    if field.type == "group" and not field.fields:
        yield ("fields",), f"The repeating group '{field.code}' has no fields."
    for low, high in (
        ("min", "max"),
        ("min_length", "max_length"),
        ("min_items", "max_items"),
        ("min_date", "max_date"),
    ):
        low_value, high_value = getattr(field, low), getattr(field, high)
        if low_value is not None and high_value is not None and low_value > high_value:
            yield (low,), f"'{low}' is greater than '{high}'."
    if field.pattern is not None:
        try:
            re.compile(field.pattern)
        except re.error as error:
            yield ("pattern",), f"The pattern is not a valid regular expression: {error}."
    if field.unique is not None and field.unique.registration not in {
        r.code for r in service.registrations
    }:
        yield ("unique", "registration"), f"There is no registration '{field.unique.registration}'."


def _rules(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every rule in the document, found by the keys that hold rules."""
    rule_keys = {"show_if", "applies_if", "rule", "amount"}
    if isinstance(value, dict):
        for key, item in value.items():
            if key in rule_keys or (key == "required" and not isinstance(item, bool)):
                yield (*path, key), item
            else:
                yield from _rules(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _rules(item, (*path, index))


def _compared_values(rule: Any) -> Iterator[tuple[str, Any]]:
    """(field, value) of each equality between a field's answer and a written value."""
    if isinstance(rule, list):
        for item in rule:
            yield from _compared_values(item)
        return
    if not isinstance(rule, dict):
        return
    for operator, operands in rule.items():
        if operator in EQUALITIES and isinstance(operands, list) and len(operands) == 2:
            for left, right in (operands, operands[::-1]):
                if _is_var(left) and isinstance(right, str | int | float | bool):
                    yield left["var"], right
        yield from _compared_values(operands)


def _is_var(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"var"} and isinstance(value["var"], str)


def _not_a_choice_message(field: Field, value: Any, options: Any) -> str:
    choices = ", ".join(f"'{option.label.en}' is {option.code}" for option in options)
    return (
        f"The rule compares the answer to '{field.label.en}' with '{value}', which none of its "
        f"choices is ({choices}): the rule can never be true. Choose the answer again from "
        "the list in the condition."
    )


def _texts(value: Any, path: Path) -> Iterator[tuple[Path, Mapping[str, Any]]]:
    """Every {en, dz} text of the document with its place."""
    if isinstance(value, dict):
        if isinstance(value.get("en"), str):
            yield path, value
            return
        for key, item in value.items():
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


def _field_ranges(service: Service) -> dict[str, Interval]:
    ranges = {}
    for _, field in service.fields():
        if field.type in NUMERIC_TYPES:
            low = -math.inf if field.min is None else field.min
            high = math.inf if field.max is None else field.max
            scale = 100 if field.type == "money" else 1
            ranges[field.code] = Interval(low * scale, high * scale)
    return ranges


def _negative_fee_message(code: str, amount: Interval) -> str:
    if math.isinf(amount.low):
        return (
            f"The fee '{code}' can go negative: give a minimum of 0 or more to every "
            "number field its amount uses."
        )
    return f"The fee '{code}' can go negative (as low as {amount.low:g})."


def _workflow_problems(service: Service) -> Iterator[tuple[Path, str]]:
    yield from _steps_problems(("workflow",), service.workflow_start, service.steps, service)
    for r, registration in enumerate(service.registrations):
        if registration.workflow is not None:
            prefix: Path = ("registrations", r, "workflow")
            yield from _steps_problems(
                prefix, registration.workflow.start, registration.workflow.steps, service
            )
            yield from _own_steps_problems(prefix, registration, service)


def _steps_problems(
    prefix: Path, start: str, steps: Mapping[str, Any], service: Service
) -> Iterator[tuple[Path, str]]:
    roles = {r.code for r in service.roles}
    if start not in steps:
        yield (*prefix, "start"), f"The workflow starts at an unknown step '{start}'."
    for i, step in enumerate(steps.values()):
        path: Path = (*prefix, "steps", i)
        yield from _step_problems(path, step.code, step, roles, steps)
    yield from _reachability_problems(prefix, start, steps)


def _own_steps_problems(
    prefix: Path, registration: Registration, service: Service
) -> Iterator[tuple[Path, str]]:
    """A registration's own steps are worked in its own agency."""
    agencies = {r.code: r.agency for r in service.roles}
    steps = registration.workflow.steps if registration.workflow else {}
    for i, step in enumerate(steps.values()):
        path: Path = (*prefix, "steps", i)
        if step.role in agencies and agencies[step.role] != registration.agency:
            yield (
                (*path, "role"),
                (
                    f"The step '{step.code}' of the registration '{registration.code}' names the "
                    f"role '{step.role}' of another agency than '{registration.agency}'."
                ),
            )


def _step_problems(
    path: Path, code: str, step: Any, roles: set[str], steps: Mapping[str, Any]
) -> Iterator[tuple[Path, str]]:
    if step.type == "automatic" and (step.rule is None or not step.if_true or not step.if_false):
        yield path, f"The automatic step '{code}' needs 'rule', 'if_true' and 'if_false'."
    if step.type == "human":
        if step.role is None:
            yield path, f"The step '{code}' needs a role."
        elif step.role not in roles:
            yield (*path, "role"), f"The step '{code}' names an unknown role '{step.role}'."
        if not step.actions:
            yield path, f"The step '{code}' has no actions."
        for a, action in enumerate(step.actions):
            if action.to is None and not action.send_back:
                yield (*path, "actions", a), f"The action '{action.code}' leads nowhere: give 'to'."
    if step.type == "end" and step.outcome is None:
        yield path, f"The end step '{code}' needs an outcome (approved or rejected)."
    for key in ("if_true", "if_false"):
        target = getattr(step, key)
        if target is not None and target not in steps:
            yield (*path, key), f"The step '{code}' leads to an unknown step '{target}'."
    for a, action in enumerate(step.actions):
        if action.to is not None and action.to not in steps:
            yield (
                (*path, "actions", a, "to"),
                (f"The action '{action.code}' leads to an unknown step '{action.to}'."),
            )


def _reachability_problems(
    prefix: Path, start: str, steps: Mapping[str, Any]
) -> Iterator[tuple[Path, str]]:
    reached = _reachable(start, steps)
    for i, step in enumerate(steps.values()):
        if step.code not in reached:
            yield (*prefix, "steps", i), f"The step '{step.code}' can never be reached."
    if not any(steps[c].type == "end" for c in reached if c in steps):
        yield prefix, "The workflow never reaches an end step."
    if _automatic_cycle(steps):
        yield prefix, "Automatic steps lead round in a circle; a human step must break it."


def _reachable(start: str, steps: Mapping[str, Any]) -> set[str]:
    seen: set[str] = set()
    pending = [start]
    while pending:
        code = pending.pop()
        if code in seen or code not in steps:
            continue
        seen.add(code)
        pending.extend(steps[code].targets())
    return seen


def _automatic_cycle(steps: Mapping[str, Any]) -> bool:
    automatic = {c for c, s in steps.items() if s.type == "automatic"}
    for code in automatic:
        path: list[str] = [code]
        if _loops_back(code, steps, automatic, path):
            return True
    return False


def _loops_back(code: str, steps: Mapping[str, Any], automatic: set[str], path: list[str]) -> bool:
    for target in steps[code].targets():
        if target == path[0]:
            return True
        if target in automatic and target not in path:
            path.append(target)
            if _loops_back(target, steps, automatic, path):
                return True
            path.pop()
    return False
