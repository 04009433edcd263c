"""Feedback on a decided application: a rating and a comment, given once by its applicant."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db import IntegrityError, transaction

from dzong.applications.models import Application
from dzong.transparency.models import Feedback

RATINGS = range(1, 6)
COMMENT_LIMIT = 1000
DECIDED = (Application.Status.APPROVED, Application.Status.REJECTED)


class FeedbackRefused(Exception):
    """Feedback that cannot be kept; `code` says why (for the message shown)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# Text-direction overrides can make a comment read other than it is written.
DIRECTION_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _unwelcome(character: str) -> bool:
    """A control character (other than a line break or tab), a private or broken one, or a
    direction override."""
    if character in "\n\r\t":
        return False
    category = unicodedata.category(character)
    return category in {"Cc", "Co", "Cs", "Cn"} or character in DIRECTION_CONTROLS


def may_give_feedback(application: Application, person: Any) -> bool:
    """The applicant's own real application, decided, with no feedback yet."""
    return (
        application.applicant_id == getattr(person, "pk", None)
        and not application.is_test
        and application.status in DECIDED
        and not Feedback.objects.filter(application=application).exists()
    )


def give_feedback(
    *, application: Application, applicant: Any, rating: int, comment: str
) -> Feedback:
    """Keep the applicant's rating (1 to 5) and comment; once per application."""
    if application.applicant_id != getattr(applicant, "pk", None) or application.is_test:
        raise FeedbackRefused("not-yours")
    if application.status not in DECIDED:
        raise FeedbackRefused("not-decided")
    if rating not in RATINGS:
        raise FeedbackRefused("rating")
    comment = comment.strip()
    if len(comment) > COMMENT_LIMIT:
        raise FeedbackRefused("too-long")
    if any(_unwelcome(c) for c in comment):
        raise FeedbackRefused("characters")
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                application=application,
                service=application.service_version.service.slug,
                rating=rating,
                comment=comment,
                given_by=applicant,
            )
    except IntegrityError:
        raise FeedbackRefused("given") from None
