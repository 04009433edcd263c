"""The demo citizens the sandbox identity provider can vouch for."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Citizen:
    """A person as the national register knows them."""

    citizenship_id: str
    name: str
    birthdate: str  # ISO 8601, as OpenID Connect's `birthdate` claim
    phone_number: str

    def claims(self) -> dict[str, str]:
        return {
            "citizenship_id": self.citizenship_id,
            "name": self.name,
            "birthdate": self.birthdate,
            "phone_number": self.phone_number,
        }


CITIZENS = [
    Citizen("11512000123", "Karma Wangmo", "1990-04-12", "+97517112233"),
    Citizen("10705001456", "Sonam Dorji", "1984-11-02", "+97577445566"),
    Citizen("12003004789", "Pema Choden", "2001-07-30", "+97517998877"),
]

BY_ID = {citizen.citizenship_id: citizen for citizen in CITIZENS}
