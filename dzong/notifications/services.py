"""Telling applicants what happened, in their language, with the service's own words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dzong.applications.models import Application
from dzong.engine.formatting import format_date
from dzong.engine.messages import compose_message
from dzong.notifications.tasks import send_emails


def notify_applicant(
    *,
    application: Application,
    events: Sequence[str],
    values: Mapping[str, str] | None = None,
) -> int:
    """Queue the service's messages for these events once the transaction commits.

    One task sends them all, in order; the number queued (a service may send none).
    """
    language = application.language
    known = {"reference": application.reference, **(values or {})}
    messages = [
        {"subject": composed.subject, "body": composed.body}
        for event in events
        if (
            composed := compose_message(
                application.definition, event, application.answers, values=known, language=language
            )
        )
    ]
    if messages:
        email = application.applicant.email
        transaction.on_commit(
            lambda: send_emails.enqueue(to=email, messages=messages, language=language)
        )
    return len(messages)


def remind_of_draft(*, application: Application, removal_date: dt.date) -> None:
    """Tell the owner of an unfinished draft that it will be removed unless they go on."""
    language = application.language
    with translation.override(language):
        title = application.definition.title.get(language)
        subject = _("Your application %(reference)s is not finished") % {
            "reference": application.reference
        }
        body = _(
            "You started an application to %(service)s but have not finished it.\n\n"
            "It will be removed on %(date)s unless you continue it before then:\n%(link)s\n"
        ) % {
            "service": title,
            "date": format_date(removal_date, language),
            "link": site_url(reverse("portal:application", args=[application.reference])),
        }
    email = application.applicant.email
    transaction.on_commit(
        lambda: send_emails.enqueue(
            to=email, messages=[{"subject": subject, "body": body}], language=language
        )
    )


def site_url(path: str) -> str:
    """An address on this site for a message sent by email."""
    return settings.DZONG_SITE_URL.rstrip("/") + path
