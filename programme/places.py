"""The rule of places, in one home: how many places a session's capacity leaves, and for whom.

A session has `capacity` places (None: no limit), `reserved_places` of them kept for the
European delegations, and two counters of confirmed sign-ups, `confirmed_local` and
`confirmed_delegation`. Delegation members take the reserved places first, then any free place;
local participants take only the places nobody reserved. The database keeps the same rule
(`session_never_overbooked` in models.py); registrations/places.py moves the counters, under the
session's lock, by what this rule allows.
"""


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
        """Confirmed local sign-ups, plus the reserved places or the delegation members confirmed,
        whichever is more."""
        return self.confirmed_local + max(self.reserved_places, self.confirmed_delegation)

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
        if delegation:
            taken = self.confirmed_local + max(self.reserved_places, self.confirmed_delegation + 1)
        else:
            taken = self.places_taken + 1
        return taken <= self.capacity

    @property
    def has_place_for_anyone(self) -> bool:
        """Whether a local participant or a delegation member could still take a place."""
        return self.has_place_for(delegation=False) or self.has_place_for(delegation=True)
