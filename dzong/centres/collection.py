"""Collecting a paper document at a community centre: the application names the centre, the
centre's queue lists what is ready, and handing it over records the citizen's identification."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dzong.applications.models import Application
from dzong.centres.models import AssistedApplication, Centre, Operator
from dzong.centres.services import CentreRefused, audit_act


@transaction.atomic
def name_collection_centre(*, assisted: AssistedApplication, centre: Centre) -> None:
    """The citizen will collect the paper document at this centre."""
    if not centre.is_active:
        raise CentreRefused({"centre": _("Choose a centre")})
    if assisted.handed_over_at is not None:
        raise CentreRefused({"centre": _("The document was already handed over.")})
    assisted.collection_centre = centre
    assisted.save(update_fields=["collection_centre"])
    audit_act(assisted, "centre.collection_named", {"at": centre.code})


def ready_to_collect(centre: Centre) -> Any:
    """What waits at this centre: approved applications naming it, not yet handed over."""
    return (
        AssistedApplication.objects.filter(
            collection_centre=centre,
            application__status=Application.Status.APPROVED,
            handed_over_at=None,
        )
        .select_related("application__service_version__service")
        .order_by("application__decided_at")
    )


def hand_over(*, operator: Operator, reference: str, identification: str) -> AssistedApplication:
    """Record that the document went to the citizen, who showed this identification (the
    citizenship ID number on their card must be the one the application was made for)."""
    shown = "".join(identification.split())[:40]
    with transaction.atomic():
        found: AssistedApplication | None = (
            ready_to_collect(operator.centre)
            .select_for_update(of=("self",))
            .filter(application__reference=reference)
            .first()
        )
        if found is None:
            raise CentreRefused({"identification": _("Nothing of this reference is waiting here.")})
        if shown != found.citizenship_id:
            raise CentreRefused(
                {"identification": _("This is not the citizenship ID the application was made for")}
            )
        found.handed_over_at = timezone.now()
        found.handed_over_by = operator.user
        found.handed_over_identification = f"citizenship-id:{shown}"
        found.save(update_fields=["handed_over_at", "handed_over_by", "handed_over_identification"])
        audit_act(found, "centre.handed_over", {"by": operator.user_id})
    return found
