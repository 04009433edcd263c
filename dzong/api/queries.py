"""Finding API clients."""

from __future__ import annotations

from typing import Any

from django.db import models


class ApiClientQuerySet(models.QuerySet[Any]):
    def holding(self, token_hash: str) -> Any:
        """The client whose token has this hash (revoked or not) with its account, or None."""
        return (
            self.filter(token_hash=token_hash).select_related("account__verified_identity").first()
        )
