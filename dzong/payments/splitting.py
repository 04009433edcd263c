"""How one payment divides between agencies and revenue accounts (plain Python)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from dzong.engine.fees import FeeLine


@dataclass(frozen=True)
class FeeShare:
    """The part of a payment that goes to one fee's agency and account, in minor units."""

    fee: str
    label_en: str
    label_dz: str
    agency: str
    account: str
    amount: int


def shares_of(lines: Iterable[FeeLine]) -> list[FeeShare]:
    """One share per fee with something to pay; free fees take no part in a payment."""
    return [
        FeeShare(
            fee=line.code,
            label_en=line.label.en,
            label_dz=line.label.dz or "",
            agency=line.agency,
            account=line.account,
            amount=line.amount,
        )
        for line in lines
        if line.amount > 0
    ]


def totals_by_account(shares: Iterable[FeeShare]) -> dict[tuple[str, str], int]:
    """What each (agency, account) receives."""
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for share in shares:
        totals[(share.agency, share.account)] += share.amount
    return dict(totals)


def totals_by_agency(shares: Iterable[FeeShare]) -> dict[str, int]:
    """What each agency receives."""
    totals: dict[str, int] = defaultdict(int)
    for share in shares:
        totals[share.agency] += share.amount
    return dict(totals)
