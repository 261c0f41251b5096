"""Value types of the operations' parameters, with the bounds the wire enforces before any service runs."""

from __future__ import annotations

from typing import Annotated

import msgspec

#: The largest id or count a catalogue column holds (signed 64 bits).
MAX_INT64 = 2**63 - 1

#: A catalogue row id (recording, request, case, …): 1 … 2⁶³−1.
RowId = Annotated[int, msgspec.Meta(ge=1, le=MAX_INT64)]

#: How many rows to return at most.
Limit = Annotated[int, msgspec.Meta(ge=1, le=1_000_000)]

#: How many rows to skip.
Offset = Annotated[int, msgspec.Meta(ge=0, le=MAX_INT64)]
