"""Test every path: example applicants that take each rule both ways, run through the engine
in one click, with what the designer expects of each kept and compared."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dzong.catalogue.expectations import expected_outcomes, record_expected_outcomes
from dzong.designer.access import designers_only
from dzong.designer.edit_views import draft_of
from dzong.engine.definition import Field, Service
from dzong.engine.formatting import format_money
from dzong.engine.paths import Example, Outcome, PathSet, Target, every_path, run_example
from dzong.office.screen import language


@dataclass(frozen=True)
class Row:
    """One example as the table shows it: what it answers, why it is there, what it gives."""

    number: int
    example: Example
    answers: list[tuple[str, str]]
    reasons: list[str]
    outcome: Outcome | None
    reaches: str
    reachable: str
    fee: str
    expected_reaches: str
    expected_fee: str
    differences: list[str]


@designers_only
@require_http_methods(["GET", "POST"])
def paths(request: HttpRequest, slug: str) -> HttpResponse:
    """The draft's example applicants; posting keeps what is expected and runs them all."""
    version = draft_of(request, slug)
    service = version.definition
    found = every_path(service)
    if request.method == "POST":
        problems = _record(request, version.service, found)
        if problems:
            for problem in problems:
                messages.error(request, problem)
            return redirect("designer:paths", slug=slug)
    ran = request.method == "POST"
    expected = expected_outcomes(service=version.service)
    rows = [_row(service, found, n, e, expected, ran) for n, e in enumerate(found.examples, 1)]
    context = {
        "service": version.service,
        "title": service.title.get(language()),
        "rows": rows,
        "ran": ran,
        "differing": sum(1 for r in rows if r.differences),
        "steps": _step_choices(service),
        "unreached": [way_sentence(t, way, service) for t, way in found.unreached],
        "rule_count": len(found.targets),
    }
    return render(request, "designer/paths.html", context)


def _record(request: HttpRequest, owner: Any, found: PathSet) -> list[str]:
    """Keep what the designer expects of every example; the problems that stopped it."""
    kept, problems = [], []
    for number, example in enumerate(found.examples, start=1):
        reaches = request.POST.get(f"reaches-{example.key}", "")
        fee_text = request.POST.get(f"fee-{example.key}", "").strip()
        try:
            fee = _minor_units(fee_text)
        except (InvalidOperation, ValueError):
            problems.append(_("Example %(n)s: the fee expected is not an amount.") % {"n": number})
            continue
        kept.append((example.key, reaches, fee))
    if not problems:
        record_expected_outcomes(service=owner, expectations=kept)
    return problems


def _minor_units(text: str) -> int | None:
    if not text:
        return None
    amount = Decimal(text.replace(",", "").removeprefix("Nu.").strip())
    if amount < 0 or not amount.is_finite():
        raise ValueError(text)
    return int((amount * 100).to_integral_value())


def _row(
    service: Service,
    found: PathSet,
    number: int,
    example: Example,
    expected: Mapping[str, Any],
    ran: bool,
) -> Row:
    lang = language()
    outcome = run_example(service, example.answers, language=lang) if ran else None
    recorded = expected.get(example.key)
    expected_reaches = recorded.reaches if recorded else ""
    expected_fee = (
        _plain_amount(recorded.fee_total) if recorded and recorded.fee_total is not None else ""
    )
    first = found.examples[0]
    return Row(
        number=number,
        example=example,
        answers=_answers(service, example.answers, None if number == 1 else first.answers),
        reasons=_reasons(service, found, number, example),
        outcome=outcome,
        reaches=_step_name(service, outcome.reaches) if outcome else "",
        reachable=", ".join(_step_name(service, code) for code in outcome.reachable)
        if outcome
        else "",
        fee=format_money(outcome.fee_total, service.currency, lang)
        if outcome and outcome.fee_total is not None
        else "",
        expected_reaches=expected_reaches,
        expected_fee=expected_fee,
        differences=_differences(service, outcome, recorded) if outcome else [],
    )


def _plain_amount(minor_units: int) -> str:
    amount = Decimal(minor_units) / 100
    return f"{amount:.0f}" if minor_units % 100 == 0 else f"{amount:.2f}"


def _answers(
    service: Service, answers: Mapping[str, Any], first: Mapping[str, Any] | None
) -> list[tuple[str, str]]:
    """Each answer as the applicant would read it; after the first example, only what differs."""
    shown = []
    for _page, question in service.fields():
        code = question.code
        if (
            first is not None
            and answers.get(code) == first.get(code)
            and (code in answers) == (code in first)
        ):
            continue
        if question.type in ("file", "group"):
            continue
        shown.append((question.label.get(language()), _answer(service, question, answers, code)))
    return shown


def _answer(service: Service, question: Field, answers: Mapping[str, Any], code: str) -> str:
    if code not in answers:
        return _("(no answer)")
    value = answers[code]
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    choices = service.choice_lists.get(question.choices or "")
    if choices is not None:
        codes = value if isinstance(value, list) else [value]
        labels = [o.label.get(language()) for c in codes if (o := choices.option(c)) is not None]
        return ", ".join(labels) or _("(none chosen)")
    if question.type == "money" and isinstance(value, int):
        return format_money(value, service.currency, language())
    return str(value)


def _reasons(service: Service, found: PathSet, number: int, example: Example) -> list[str]:
    """The ways this example is the first to take: why it is in the table."""
    earlier = found.examples[: number - 1]
    return [
        way_sentence(target, example.ways[target.key], service)
        for target in found.targets
        if not any(e.ways[target.key] is example.ways[target.key] for e in earlier)
    ]


def way_sentence(target: Target, way: bool, service: Service) -> str:
    """One way of one rule, in the designer's words."""
    name = target.label.get(language())
    sentences = {
        ("page", True): _("shows the page '%(name)s'"),
        ("page", False): _("hides the page '%(name)s'"),
        ("question", True): _("shows the question '%(name)s'"),
        ("question", False): _("hides the question '%(name)s'"),
        ("fee", True): _("charges the fee '%(name)s'"),
        ("fee", False): _("does not charge the fee '%(name)s'"),
        ("fee_choice", True): _("meets a condition of the fee '%(name)s'"),
        ("fee_choice", False): _("does not meet a condition of the fee '%(name)s'"),
        ("registration", True): _("leads to '%(name)s'"),
        ("registration", False): _("does not lead to '%(name)s'"),
        ("step", True): _("passes the automatic step '%(name)s'"),
        ("step", False): _("does not pass the automatic step '%(name)s'"),
    }
    return sentences[(target.kind, way)] % {"name": name}


def _step_name(service: Service, code: str | None) -> str:
    if code is None:
        return ""
    step = service.steps.get(code)
    return step.name.get(language()) if step else code


def _step_choices(service: Service) -> list[tuple[str, str]]:
    """The steps an application can wait at or end in once the automatic steps have run."""
    return [
        (s.code, s.name.get(language())) for s in service.steps.values() if s.type != "automatic"
    ]


def _differences(service: Service, outcome: Outcome, recorded: Any) -> list[str]:
    """What the engine did that the designer did not expect."""
    found = []
    if outcome.route_problem:
        found.append(_("The automatic steps lead nowhere."))
    if outcome.fee_problem:
        found.append(_("A fee cannot be worked out for these answers."))
    if recorded is None:
        return found
    if recorded.reaches and recorded.reaches not in outcome.reachable:
        found.append(
            _("Expected to reach '%(expected)s', but these answers never lead there.")
            % {"expected": _step_name(service, recorded.reaches)}
        )
    if recorded.fee_total is not None and recorded.fee_total != outcome.fee_total:
        found.append(
            _("Expected a fee of %(expected)s, the engine charges %(actual)s.")
            % {
                "expected": format_money(recorded.fee_total, service.currency, language()),
                "actual": format_money(outcome.fee_total or 0, service.currency, language()),
            }
        )
    return found
