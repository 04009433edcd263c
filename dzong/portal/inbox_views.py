"""The applicant's inbox: every message sent to them, newest first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dzong.applications.models import Application
from dzong.engine.formatting import format_moment
from dzong.notifications.models import Delivery
from dzong.portal.apply_views import language


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The messages sent to this person (one per message, as emailed), and those of the
    applications of the businesses they may apply for."""
    of_businesses = Application.objects.visible_to(request.user).filter(organisation__isnull=False)
    mine = (
        Delivery.objects.filter(channel=Delivery.Channel.EMAIL)
        .filter(Q(recipient_id=request.user.pk) | Q(application__in=of_businesses))
        .select_related("application")[:100]
    )
    lang = language()
    rows = [
        {
            "when": format_moment(timezone.localtime(d.created_at), lang),
            "subject": d.subject,
            "body": d.body,
            "reference": d.application.reference if d.application else "",
        }
        for d in mine
    ]
    return render(request, "portal/applications/inbox.html", {"messages_sent": rows})
