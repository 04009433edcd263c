"""Every path of a service: example applicants that take each rule both ways, and their outcomes.

A rule is taken both ways when one example makes it hold and another makes it fail: each
conditional page and question shown and hidden, each fee charged and not, each choice inside a
fee's amount, each registration granted and not, each automatic step's two ways. The examples
start from one ordinary applicant and change as few answers as they can.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dzong.engine.definition import Field, Rule, Service, Step, Text
from dzong.engine.fees import FeeError, compute_fees
from dzong.engine.form import Form
from dzong.engine.registrations import applicable_registrations
from dzong.engine.workflow import WorkflowError, run_automatic

OMITTED = object()  # an answer left out, tried only when no answer given makes a rule go a way
SEARCH_LIMIT = 4000  # evaluations per rule and way, so that a large service stays quick
NUMBER_TYPES = ("integer", "decimal", "money")


@dataclass(frozen=True)
class Target:
    """A rule to take both ways: where it is (`kind`, `code`), and what it says."""

    key: str
    kind: str  # page, question, fee, fee_choice, registration, step
    code: str
    label: Text
    rule: Rule


@dataclass(frozen=True)
class Outcome:
    """What the engine makes of one example applicant."""

    problems: tuple[str, ...]
    fee_total: int | None
    fee_problem: str | None
    registrations: tuple[str, ...]
    reaches: str | None  # the step the application waits at or ends in after automatic steps
    route_problem: str | None
    reachable: tuple[str, ...] = ()  # every step it can come to, whatever officers decide

    @property
    def accepted(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Example:
    """One example applicant: its answers and which way each rule goes for it."""

    answers: Mapping[str, Any]
    ways: Mapping[str, bool]

    @property
    def key(self) -> str:
        """A short name for these answers that stays while the answers do."""
        text = json.dumps(self.answers, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:12]


@dataclass
class PathSet:
    """The examples, the rules they take, and the ways no example could take."""

    targets: list[Target]
    examples: list[Example]
    unreached: list[tuple[Target, bool]] = field(default_factory=list)


def rule_targets(service: Service) -> list[Target]:
    """Every rule of the service that can go two ways, in the order the designer meets them."""
    targets: list[Target] = []
    for page in service.pages:
        if _conditional(page.show_if):
            targets.append(Target(f"page:{page.code}", "page", page.code, page.title, page.show_if))
        for question in page.fields:
            if _conditional(question.show_if):
                key = f"question:{question.code}"
                targets.append(
                    Target(key, "question", question.code, question.label, question.show_if)
                )
    for fee in service.fees:
        if _conditional(fee.applies_if):
            targets.append(Target(f"fee:{fee.code}", "fee", fee.code, fee.label, fee.applies_if))
        for number, condition in enumerate(_if_conditions(fee.amount), start=1):
            key = f"fee_choice:{fee.code}:{number}"
            targets.append(Target(key, "fee_choice", fee.code, fee.label, condition))
    for registration in service.registrations:
        if _conditional(registration.applies_if):
            targets.append(
                Target(
                    f"registration:{registration.code}",
                    "registration",
                    registration.code,
                    registration.name,
                    registration.applies_if,
                )
            )
    for step in _all_steps(service):
        if step.type == "automatic":
            targets.append(Target(f"step:{step.code}", "step", step.code, step.name, step.rule))
    return targets


def _conditional(rule: Rule) -> bool:
    return rule is not None and rule is not True


def _if_conditions(rule: Rule) -> Iterator[Rule]:
    """The conditions of every `if` inside a rule, outermost first."""
    if isinstance(rule, list):
        for item in rule:
            yield from _if_conditions(item)
    elif isinstance(rule, dict) and len(rule) == 1:
        ((operator, args),) = rule.items()
        if operator in ("if", "?:") and isinstance(args, list):
            yield from args[0 : len(args) - 1 : 2]
        yield from _if_conditions(args)


def _all_steps(service: Service) -> Iterator[Step]:
    yield from service.steps.values()
    for registration in service.registrations:
        if registration.workflow is not None:
            yield from registration.workflow.steps.values()


def variables(rule: Rule) -> set[str]:
    """The answers a rule reads, by their top-level code."""
    found: set[str] = set()
    if isinstance(rule, list):
        for item in rule:
            found |= variables(item)
    elif isinstance(rule, dict) and len(rule) == 1:
        ((operator, args),) = rule.items()
        if operator == "var":
            name = args[0] if isinstance(args, list) and args else args
            if isinstance(name, str) and name:
                found.add(name.split(".")[0])
        elif operator in ("missing", "missing_some"):
            names = args[-1] if operator == "missing_some" else args
            found |= {n.split(".")[0] for n in _flat(names) if isinstance(n, str)}
        else:
            found |= variables(args)
    return found


def _flat(value: Any) -> list[Any]:
    if isinstance(value, list):
        return [item for part in value for item in _flat(part)]
    return [value]


def _constants(rule: Rule) -> list[Any]:
    """The plain values a rule compares with, and lists of them."""
    if isinstance(rule, list):
        if rule and all(isinstance(item, str | int | float) for item in rule):
            return [*rule, rule]
        return [c for item in rule for c in _constants(item)]
    if isinstance(rule, dict) and len(rule) == 1:
        ((operator, args),) = rule.items()
        return [] if operator == "var" else _constants(args)
    return [rule] if isinstance(rule, str | int | float) else []


class _Searcher:
    """Finds answers that send each rule each way, changing an ordinary applicant a little."""

    def __init__(self, service: Service, *, today: dt.date | None = None) -> None:
        self.service = service
        self.form = Form(service, today=today)
        self.targets = rule_targets(service)
        self.questions = {f.code: f for _, f in service.fields()}
        self.candidates = self._candidates()
        self.base = {code: values[0] for code, values in self.candidates.items() if values}

    def _candidates(self) -> dict[str, list[Any]]:
        mined: dict[str, list[Any]] = {}
        rules = [t.rule for t in self.targets] + [
            c.rule for _, f in self.service.fields() for c in f.checks
        ]
        for rule in rules:
            for name in variables(rule):
                mined.setdefault(name, []).extend(_constants(rule))
        return {
            code: _unique(_answers_for(question, number, self.service, mined.get(code, [])))
            for number, (code, question) in enumerate(self.questions.items(), start=1)
        }

    def ways(self, answers: Mapping[str, Any]) -> dict[str, bool]:
        """Which way each rule goes for these answers (hidden answers never count)."""
        effective = self.form.effective_answers(answers)
        return {t.key: self.form.holds(t.rule, effective) for t in self.targets}

    def closure(self, target: Target) -> list[str]:
        """The answers a rule reads, and those that decide whether they are shown."""
        found: set[str] = set()
        waiting = variables(target.rule)
        while waiting:
            name = waiting.pop()
            if name in found or name not in self.questions:
                continue
            found.add(name)
            page = next(p for p, f in self.service.fields() if f.code == name)
            waiting |= variables(self.questions[name].show_if) | variables(page.show_if)
        return sorted(found, key=list(self.questions).index)

    def find(self, target: Target, way: bool) -> dict[str, Any] | None:
        """Answers close to the ordinary applicant's that send `target` the way asked."""
        names = self.closure(target)
        tried = 0
        for allow_omitted in (False, True):
            for size in range(1, min(len(names), 3) + 1):
                for chosen in itertools.combinations(names, size):
                    pools = [self._pool(name, allow_omitted) for name in chosen]
                    for values in itertools.product(*pools):
                        tried += 1
                        if tried > SEARCH_LIMIT:
                            return None
                        answers = self._changed(dict(zip(chosen, values, strict=True)))
                        if self.ways(answers)[target.key] is way:
                            return answers
        return None

    def _pool(self, name: str, allow_omitted: bool) -> list[Any]:
        return [*self.candidates[name], OMITTED] if allow_omitted else self.candidates[name]

    def _changed(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        answers = {**self.base, **changes}
        return {code: value for code, value in answers.items() if value is not OMITTED}


def _unique(values: Sequence[Any]) -> list[Any]:
    seen: list[Any] = []
    for value in values:
        if not any(value == s and type(value) is type(s) for s in seen):
            seen.append(value)
    return seen


def _answers_for(question: Field, number: int, service: Service, mined: Sequence[Any]) -> list[Any]:
    """Answers worth trying for a question, the most ordinary first."""
    if question.type in ("choice", "multiple_choice"):
        choices = service.choice_lists.get(question.choices or "")
        codes = [o.code for o in choices.options] if choices else []
        return codes if question.type == "choice" else [codes[:1], [], *([c] for c in codes[1:])]
    if question.type == "yes_no":
        return [False, True]
    if question.type in NUMBER_TYPES:
        return _numbers(question, mined)
    if question.type == "date":
        dates = [m for m in mined if isinstance(m, str) and _is_date(m)]
        return ["1990-01-01", *dates]
    if question.type in ("file", "group"):
        return []
    texts = [m for m in mined if isinstance(m, str)]
    return [_ordinary_text(question, number), *texts]


def _numbers(question: Field, mined: Sequence[Any]) -> list[Any]:
    ordinary = question.min if question.min is not None and question.min > 1 else 1
    near = [n + step for n in mined if _is_number(n) for step in (0, -1, 1)]
    whole = question.type != "decimal"
    values = [int(v) if whole else v for v in (ordinary, *near) if not whole or v == int(v)]
    return [v for v in values if _within(question, v)] or [ordinary]


def _within(question: Field, value: float) -> bool:
    low_ok = question.min is None or value >= question.min
    return low_ok and (question.max is None or value <= question.max)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _ordinary_text(question: Field, number: int) -> str:
    """An answer the question accepts; different for each question, as applicants' are."""
    if question.type == "email":
        return "applicant@example.bt"
    if question.type == "phone":
        return "+97517123456"
    if question.type == "national_id":
        return "11512000123"
    return f"Example {number}"


def form_questions(service: Service) -> Iterator[tuple[str, Field]]:
    """Every top-level question by its code."""
    for _, question in service.fields():
        yield question.code, question


def every_path(service: Service, *, today: dt.date | None = None) -> PathSet:
    """Example applicants that take every rule both ways, where answers can."""
    searcher = _Searcher(service, today=today)
    first = Example(searcher.base, searcher.ways(searcher.base))
    paths = PathSet(targets=searcher.targets, examples=[first])
    for target, way in itertools.product(searcher.targets, (True, False)):
        if any(e.ways[target.key] is way for e in paths.examples):
            continue
        answers = searcher.find(target, way)
        if answers is None:
            paths.unreached.append((target, way))
        else:
            paths.examples.append(Example(answers, searcher.ways(answers)))
    return paths


def run_example(
    service: Service,
    answers: Mapping[str, Any],
    *,
    language: str = "en",
    today: dt.date | None = None,
) -> Outcome:
    """What the engine does with these answers: what it refuses, charges, grants and decides.

    Documents are not examples' to upload: a missing one is not counted as a problem."""
    form = Form(service, language=language, today=today)
    effective = form.effective_answers(answers)
    uploads = {code for code, question in form_questions(service) if question.type == "file"}
    errors = form.validate_all(answers)
    problems = tuple(text for code, text in errors.items() if code not in uploads)
    fee_total: int | None = None
    fee_problem = None
    try:
        fee_total = compute_fees(service, effective).total
    except FeeError as error:
        fee_problem = str(error)
    granted = tuple(r.code for r in applicable_registrations(form, answers))
    try:
        moves = run_automatic(form, service.workflow_start, answers)
    except WorkflowError as error:
        return Outcome(problems, fee_total, fee_problem, granted, None, str(error))
    reaches = moves[-1].to_step if moves else service.workflow_start
    reachable = reachable_steps(form, effective)
    return Outcome(problems, fee_total, fee_problem, granted, reaches, None, reachable)


def reachable_steps(form: Form, effective: Mapping[str, Any]) -> tuple[str, ...]:
    """The service's steps these answers can lead to: automatic steps go the one way their
    rule says, human steps every way their actions allow (sending back aside)."""
    steps = form.service.steps
    found: list[str] = []
    waiting = [form.service.workflow_start]
    while waiting:
        code = waiting.pop(0)
        step = steps.get(code)
        if step is None or code in found:
            continue
        found.append(code)
        if step.type == "automatic":
            waiting.append(
                (step.if_true if form.holds(step.rule, effective) else step.if_false) or ""
            )
        else:
            waiting += [a.to for a in step.actions if a.to and not a.send_back]
    return tuple(found)
