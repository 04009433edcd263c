"""What the portal's pages show about a service, read from its definition."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from dzong.catalogue.models import ServiceVersion
from dzong.engine.definition import Rule
from dzong.engine.formatting import format_file_size, format_money
from dzong.engine.jsonlogic import is_number
from dzong.engine.texts import FILE_TYPE_NAMES, OR


@dataclass(frozen=True)
class ServiceCard:
    """A service as the catalogue lists it."""

    slug: str
    title: str
    summary: str
    agency: str
    agency_code: str
    topics: tuple[str, ...]
    search_text: str

    @classmethod
    def of(cls, version: ServiceVersion, language: str) -> ServiceCard:
        definition = version.definition
        texts = [definition.title, definition.summary, definition.agency_name(definition.agency)]
        search = " ".join(t for text in texts for t in (text.en, text.dz or ""))
        return cls(
            slug=definition.slug,
            title=definition.title.get(language),
            summary=definition.summary.get(language),
            agency=definition.agency_name(definition.agency).get(language),
            agency_code=definition.agency,
            topics=definition.topics,
            search_text=search.casefold(),
        )


def search_catalogue(
    cards: list[ServiceCard], *, query: str, agency: str = "", topic: str = ""
) -> list[ServiceCard]:
    """Cards matching every word of the query (either language), the agency and the topic."""
    words = query.casefold().split()
    return [
        card
        for card in cards
        if all(word in card.search_text for word in words)
        and (not agency or card.agency_code == agency)
        and (not topic or topic in card.topics)
    ]


def topic_name(code: str) -> str:
    """A topic's name in the active language."""
    names = {
        "business": _("Business and trade"),
        "transport": _("Transport"),
        "aviation": _("Aviation"),
        "land": _("Land and property"),
    }
    return str(names.get(code, code.replace("-", " ").capitalize()))


@dataclass(frozen=True)
class Cost:
    """One fee on the public page: fixed amounts shown, computed ones described."""

    label: str
    amount: str | None


@dataclass(frozen=True)
class ServicePage:
    """Everything a service's public page shows."""

    slug: str
    title: str
    summary: str
    agency: str
    purpose: str
    who_can_apply: str
    steps: tuple[str, ...]
    documents: tuple[tuple[str, str, str], ...]
    costs: tuple[Cost, ...]
    expected_time: str
    legal_basis: str
    registrations: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, version: ServiceVersion, language: str) -> ServicePage:
        d = version.definition
        documents = tuple(
            (
                doc.name.get(language),
                doc.description.get(language) if doc.description else "",
                _formats(doc.accept, doc.max_size, language),
            )
            for doc in d.documents.values()
        )
        return cls(
            slug=d.slug,
            title=d.title.get(language),
            summary=d.summary.get(language),
            agency=d.agency_name(d.agency).get(language),
            purpose=d.description.purpose.get(language),
            who_can_apply=d.description.who_can_apply.get(language),
            steps=tuple(s.get(language) for s in d.description.steps),
            documents=documents,
            costs=tuple(
                Cost(f.label.get(language), _fixed(f.amount, d.currency, language)) for f in d.fees
            ),
            expected_time=d.description.expected_time.get(language),
            legal_basis=d.description.legal_basis.get(language),
            registrations=tuple(
                (r.name.get(language), d.agency_name(r.agency).get(language))
                for r in d.registrations
            ),
        )


def _fixed(amount: Rule, currency: str, language: str) -> str | None:
    return format_money(int(amount), currency, language) if is_number(amount) else None


def _formats(accept: tuple[str, ...], max_size: int, language: str) -> str:
    names = OR.get(language).join(dict.fromkeys(FILE_TYPE_NAMES[t].get(language) for t in accept))
    return f"{names}, {format_file_size(max_size, language)}"
