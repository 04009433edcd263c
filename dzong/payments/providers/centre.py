"""Cash taken at a community centre by its operator, against a printed receipt."""

from __future__ import annotations

from dzong.payments.providers.base import register
from dzong.payments.providers.counter import CounterProvider


@register("centre")
class CentreProvider(CounterProvider):
    """Like an agency's counter: the cash is in the centre's drawer until the day is handed
    over, and a refund is paid in cash at a counter."""
