"""Runs a service definition: pure Python, no Django, driven by the definition and answers."""

from dzong.engine.checks import check_source
from dzong.engine.definition import Service, parse_service
from dzong.engine.errors import DefinitionError
from dzong.engine.loader import Problem, parse_text, shared_choice_lists
from dzong.engine.pitfalls import check_pitfalls

__all__ = ["Problem", "Service", "check_text", "load_service", "pitfalls_in_text"]


def check_text(text: str) -> list[Problem]:
    """Every problem in a definition given as YAML or JSON text."""
    try:
        return check_source(parse_text(text))
    except DefinitionError as error:
        return list(error.problems)  # type: ignore[arg-type]


def pitfalls_in_text(text: str) -> list[Problem]:
    """Warnings about a definition given as text: rules that may not mean what they say."""
    try:
        return check_pitfalls(parse_text(text))
    except DefinitionError:
        return []  # an unreadable text has its problems reported by check_text


def load_service(text: str) -> Service:
    """The service a valid definition describes; DefinitionError lists what is wrong."""
    source = parse_text(text)
    problems = check_source(source)
    if problems:
        raise DefinitionError(problems)  # type: ignore[arg-type]
    return parse_service(source.content, shared_choice_lists())
