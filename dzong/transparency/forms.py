"""The feedback form: a rating from 1 to 5 and an optional comment, within limits."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dzong.transparency.services import COMMENT_LIMIT

RATING_CHOICES = [
    (5, _("5: Very good")),
    (4, _("4: Good")),
    (3, _("3: Neither good nor poor")),
    (2, _("2: Poor")),
    (1, _("1: Very poor")),
]
REFUSALS = {
    "rating": _("Choose a rating from 1 to 5."),
    "too-long": _("Write your comment in 1,000 characters or fewer."),
    "characters": _("Your comment has characters that cannot be kept. Remove them."),
    "given": _("You have already given feedback on this application."),
    "not-decided": _("You can give feedback once your application is decided."),
    "not-yours": _("You can give feedback on your own applications only."),
}


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How would you rate this service?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": REFUSALS["rating"], "invalid_choice": REFUSALS["rating"]},
    )
    comment = forms.CharField(
        label=_("What could be better? (optional)"),
        help_text=_(
            "Do not include personal details. Your comment goes to the agency and is not published."
        ),
        required=False,
        max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": REFUSALS["too-long"]},
    )
