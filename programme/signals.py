"""What the programme tells whoever listens, without knowing who: the page cache
(programme/page_cache.py) listens, so the querysets need not import it."""

from django.dispatch import Signal

# Sessions' rows were written with update() (places and capacities, by the place steps), in the
# current transaction of the `using` database; `places_only` when only the counters of places
# changed.
sessions_written = Signal()
