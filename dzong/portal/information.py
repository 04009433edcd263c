"""The site's information pages (accessibility, privacy, contact, help): the text an
installation wrote, or the text Dzong ships in both languages where it wrote none."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dzong.portal.models import InformationPage

Kind = InformationPage.Kind

SHIPPED: dict[str, tuple[Promise, Promise]] = {
    Kind.ACCESSIBILITY: (
        _("Accessibility statement"),
        _(
            "We want everyone to be able to use this website, on a phone or a computer, in "
            "English or Dzongkha.\n\n"
            "Every page is checked against the Web Content Accessibility Guidelines (WCAG 2.2, "
            "level AA) in a real browser. You can make the text larger, use the website with a "
            "keyboard alone or with a screen reader, and every page works without JavaScript. "
            "Certificates are tagged PDF files that a screen reader can read.\n\n"
            "If something on this website is hard to use, tell us through the contact page: "
            "say which page, and what you were trying to do. We will answer within 5 working "
            "days."
        ),
    ),
    Kind.PRIVACY: (
        _("Privacy notice"),
        _(
            "We keep what you give us in your applications, your documents and your account "
            "to decide your applications, issue your certificates and tell you how they "
            "progress. We use it for nothing else and sell it to no one.\n\n"
            "Only the staff of the agencies that handle your application can read it. Every "
            "time they open it or one of your documents is recorded, and your application's "
            "page shows you each visit.\n\n"
            "We use two cookies: one keeps you signed in, the other remembers your language. "
            "There are no advertising or tracking cookies.\n\n"
            "To see, correct or delete what we hold about you, write to us through the "
            "contact page."
        ),
    ),
    Kind.CONTACT: (
        _("Contact"),
        _(
            "For a question about an application, quote its reference number. The agency "
            "that handles the service is named on the service's page.\n\n"
            "You can also ask at your nearest community centre: an operator can help you "
            "apply, pay in cash and print your certificates."
        ),
    ),
    Kind.HELP: (
        _("Help"),
        _(
            "Find the service you need on the services page, read what it asks for, then "
            "select Start now. You need an account to apply: an email address and a "
            "password.\n\n"
            "Your answers are saved as you go. You can stop at any time and finish later from "
            "My applications.\n\n"
            "After you submit, My applications shows where each application stands and what "
            "you need to do, if anything. When your certificates are ready, you can download "
            "them there, and anyone can check them with the verification code printed on "
            "them."
        ),
    ),
}


@dataclass(frozen=True)
class ShownPage:
    """An information page in the reader's language."""

    slug: str
    title: str
    paragraphs: list[str]


def information_page(slug: str, language: str) -> ShownPage | None:
    """The page in `language`: the installation's text where it wrote one, else Dzong's."""
    if slug not in SHIPPED:
        return None
    written = InformationPage.objects.filter(slug=slug).first()
    title = getattr(written, f"title_{language}", "") if written else ""
    body = getattr(written, f"body_{language}", "") if written else ""
    shipped_title, shipped_body = SHIPPED[slug]
    with translation.override(language):
        title = title.strip() or str(shipped_title)
        body = body.strip() or str(shipped_body)
    paragraphs = [p.strip() for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return ShownPage(slug=slug, title=title, paragraphs=paragraphs)


@transaction.atomic
def write_information_page(*, slug: str, texts: dict[str, str], by: Any) -> InformationPage:
    """Keep an installation's own text of a page (a blank one brings back Dzong's)."""
    if slug not in SHIPPED:
        raise ValueError(slug)
    page, _created = InformationPage.objects.select_for_update().get_or_create(slug=slug)
    for field in ("title_en", "title_dz", "body_en", "body_dz"):
        setattr(page, field, texts.get(field, "").strip())
    page.updated_by = by
    page.save()
    return page
