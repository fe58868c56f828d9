"""The rule of places, in one home: how many places a session's capacity leaves, and for whom.

A session has `capacity` places (None: no limit), `reserved_places` of them kept for the
European delegations, and two counters of confirmed sign-ups, `confirmed_local` and
`confirmed_delegation`. Delegation members take the reserved places first, then any free place;
local participants take only the places nobody reserved. The database keeps the same rule
(`session_never_overbooked` in models.py, written with PLACES_TAKEN_IN_SQL below);
registrations/domain/place_steps.py moves the counters, under the session's lock, by what this
rule allows.
"""

from django.db.models import F
from django.db.models.functions import Greatest


def places_taken(*, confirmed_local: int, confirmed_delegation: int, reserved_places: int) -> int:
    """Confirmed local sign-ups, plus the reserved places or the delegation members confirmed,
    whichever is more."""
    return confirmed_local + max(reserved_places, confirmed_delegation)


# The same formula for the database's check constraint.
PLACES_TAKEN_IN_SQL = F("confirmed_local") + Greatest("reserved_places", "confirmed_delegation")


class PlaceRule:
    """Mixed into Session: reads its capacity, reserved places and counters."""

    @property
    def states_places(self) -> bool:
        """Whether public pages may say how many places the session has (or has left)."""
        return self.capacity is not None and not self.capacity_is_provisional

    @property
    def confirmed_count(self) -> int:
        return self.confirmed_local + self.confirmed_delegation

    @property
    def places_taken(self) -> int:
        return places_taken(
            confirmed_local=self.confirmed_local,
            confirmed_delegation=self.confirmed_delegation,
            reserved_places=self.reserved_places,
        )

    @property
    def unused_reserved_places(self) -> int:
        """Places kept for the delegation that no member holds yet: nobody else can take them."""
        return max(0, self.reserved_places - self.confirmed_delegation)

    @property
    def places_left(self) -> int | None:
        """Places a local participant can still take (None: unlimited)."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.places_taken)

    @property
    def is_full(self) -> bool:
        return self.places_left == 0

    def has_place_for(self, *, delegation: bool) -> bool:
        if self.capacity is None:
            return True
        taken = places_taken(
            confirmed_local=self.confirmed_local + (0 if delegation else 1),
            confirmed_delegation=self.confirmed_delegation + (1 if delegation else 0),
            reserved_places=self.reserved_places,
        )
        return taken <= self.capacity

    @property
    def has_place_for_anyone(self) -> bool:
        """Whether a local participant or a delegation member could still take a place."""
        return self.has_place_for(delegation=False) or self.has_place_for(delegation=True)
