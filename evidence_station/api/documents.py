"""Documents the station issues (receipts, registers, reports, certificates): bytes that cross the boundary.

A service never writes a document where a client asked: it returns a :class:`Document`, and the client writes
it with the output rules of ``../shared/docs/CLI.md`` ("Outputs never destroy evidence"). So no output names a
path inside the station's home, and a file the client cannot write is the client's own business.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    """A document's suggested file name, its media type and its bytes (a signed PDF, a CSV, …)."""

    file_name: str
    media_type: str
    content: bytes

    @property
    def size(self) -> int:
        """Its length in bytes."""
        return len(self.content)
