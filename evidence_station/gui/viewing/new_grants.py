"""Which live approvals a user has not looked at yet: the investigator's notice of an approval (a count on the 查阅
navigation item and on the My grants tab, as the director's inbox has), cleared once My grants has shown them.

What was seen is kept for the desk session (per logged-in client): after a new log-in the live approvals count
as new again until My grants shows them.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from evidence_station.api.viewing import ViewingRequestResult
from evidence_station.client.station_client import StationClient
from evidence_station.domain.roles import Operation, allowed

_SEEN: WeakKeyDictionary[StationClient, set[int]] = WeakKeyDictionary()


def mark_seen(client: StationClient, grants: list[ViewingRequestResult]) -> bool:
    """Remember that My grants showed ``grants``; True when one of them was new."""
    seen = _SEEN.setdefault(client, set())
    fresh = {g.request_id for g in grants} - seen
    seen |= fresh
    return bool(fresh)


def unseen(client: StationClient, grants: list[ViewingRequestResult]) -> list[ViewingRequestResult]:
    """The ``grants`` My grants has not shown yet."""
    seen = _SEEN.get(client, set())
    return [g for g in grants if g.request_id not in seen]


def new_grants_count(client: StationClient) -> int:
    """How many of the user's live approvals they have not seen yet (0 for anyone who cannot watch)."""
    if not allowed(client.actor.roles, Operation.OPEN_RECORDING):
        return 0
    return len(unseen(client, client.my_grants()))
