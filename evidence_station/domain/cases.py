"""Rules for evidence cases and exports that need no database: retention periods, clean one-line texts
(titles, case numbers, purposes) and how producers and extractors are named on a disc."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from evidence_station.domain.errors import InvalidInputError

_RETENTION = re.compile(r"^\s*(\d{1,3})\s*(y|years?|年)\s*$", re.IGNORECASE)
_PERMANENT = {"permanent", "forever", "永久"}
MAX_TEXT = 200
#: The purpose printed on a disc unless the clerk gives another.
DEFAULT_PURPOSE = "case evidence"


@dataclass(frozen=True)
class Retention:
    """How long a closed case (and its recordings) is kept: ``years`` is None for permanent."""

    text: str
    years: int | None

    def until(self, closed_at: datetime) -> datetime | None:
        """The end of the period from ``closed_at`` (29 February falls back to 28), or None if permanent."""
        if self.years is None:
            return None
        try:
            return closed_at.replace(year=closed_at.year + self.years)
        except ValueError:
            return closed_at.replace(year=closed_at.year + self.years, day=28)


def parse_retention(text: str) -> Retention:
    """``30y``, ``10 years``, ``30年`` or ``permanent``/``永久``; at least 1 year (Art. 16)."""
    cleaned = (text or "").strip()
    if cleaned.lower() in _PERMANENT:
        return Retention("permanent", None)
    match = _RETENTION.match(cleaned)
    if match is None:
        raise InvalidInputError(
            f"Cannot read the retention period {text!r}; give whole years such as 30y or 10y, or permanent."
        )
    years = int(match.group(1))
    if years < 1:
        raise InvalidInputError("Recordings are kept at least 1 year (Art. 16); give a retention of 1y or more.")
    return Retention(f"{years}y", years)


def clean_text(value: str, what: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    """Normalised single-line text (NFC, no control characters); InvalidInputError naming ``what``."""
    text = unicodedata.normalize("NFC", value or "").strip()
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise InvalidInputError(f"The {what} must be one line of text without control characters.")
    if required and not text:
        raise InvalidInputError(f"The {what} must not be empty.")
    if len(text) > limit:
        raise InvalidInputError(f"The {what} is longer than {limit} characters; shorten it.")
    return text


def person_label(display_name: str, login_name: str, badge_number: str) -> str:
    """How a station user is named on a disc: ``张三（执法证 33010001）`` or ``张三（zhangsan）``."""
    name = display_name.strip() or login_name
    return f"{name}（执法证 {badge_number.strip()}）" if badge_number.strip() else f"{name}（{login_name}）"

