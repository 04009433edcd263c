"""The audit log's signed checkpoints, public: anyone may keep them and compare later."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from dzong.audit.models import Checkpoint
from dzong.audit.services import public_keys

SHOWN = 400  # a year of daily checkpoints and more


@require_GET
def checkpoints(request: HttpRequest) -> JsonResponse:
    """The latest signed checkpoints, newest first, and the keys that signed them."""
    latest = Checkpoint.objects.order_by("-signed_at", "-pk")[:SHOWN]
    response = JsonResponse(
        {
            "checkpoints": [
                {
                    "position": c.position,
                    "digest": c.digest,
                    "signed_at": c.signed_at.isoformat(),
                    "token": c.token,
                }
                for c in latest
            ],
            "keys": public_keys(),
        }
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
