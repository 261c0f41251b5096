"""Rules for evidence cases and exports that need no database: retention periods, clean one-line texts
(titles, case numbers, purposes) and how producers and extractors are named on a disc."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from evidence_station.domain.choices import input_error, parse_choice
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg, Said

_RETENTION = re.compile(r"^\s*(\d{1,3})\s*(y|years?|年)\s*$", re.IGNORECASE)
_PERMANENT = {"permanent", "forever", "永久"}
MAX_TEXT = 200
#: The texts :func:`clean_text` checks, as a sentence names them.
TEXT_NAMES: dict[str, Msg] = {
    "case title": Msg("case title"),
    "parties": Msg("parties"),
    "case number": Msg("case number"),
    "purpose": Msg("purpose"),
    "producer": Msg("producer"),
    "extractor": Msg("extractor"),
    "secrecy period": Msg("secrecy period"),
    "bookmark note": Msg("bookmark note"),
    "reason for the edit": Msg("reason for the edit"),
    "reason for the withdrawal": Msg("reason for the withdrawal"),
    "reason for the hold": Msg("reason for the hold"),
    "reason for releasing the hold": Msg("reason for releasing the hold"),
    "reason for the retention rule": Msg("reason for the retention rule"),
    "reason for removing the retention rule": Msg("reason for removing the retention rule"),
    "reason for the disposal": Msg("reason for the disposal"),
    "reason for refusing": Msg("reason for refusing"),
}
class ExportPurpose(StrEnum):
    """Why a copy leaves the vault (Art. 19) — a choice, and the choice decides: evidence for the case needs no
    approval, anything else is an external provision that needs the director's."""

    EVIDENCE = "evidence"
    EXTERNAL_PROVISION = "external_provision"


EXPORT_PURPOSE_LABELS: dict[ExportPurpose, Msg] = {
    ExportPurpose.EVIDENCE: Msg("evidence for this case"),
    ExportPurpose.EXTERNAL_PROVISION: Msg("external provision (approved)"),
}
#: The purpose of an export unless the clerk chooses the other.
DEFAULT_PURPOSE = ExportPurpose.EVIDENCE.value
#: Wordings of the evidence choice from before it was a choice (the old default and the disc's Chinese wordings).
_EVIDENCE_WORDINGS = frozenset({"case evidence", "案件证据", "作为证据附卷", "证据"})


def export_purpose(text: str | ExportPurpose) -> ExportPurpose:
    """The purpose ``text`` names — a value, its English or Chinese label, or an earlier evidence wording;
    InvalidInputError (exit 2) naming the two choices otherwise (free text decides nothing, so it is refused)."""
    cleaned = str(text).strip()
    for member in ExportPurpose:
        if cleaned in (EXPORT_PURPOSE_LABELS[member].render("zh_CN"), str(EXPORT_PURPOSE_LABELS[member])):
            return member
    if cleaned.lower() in _EVIDENCE_WORDINGS:
        return ExportPurpose.EVIDENCE
    try:
        return ExportPurpose(parse_choice(ExportPurpose, cleaned.replace("-", "_"), Msg("export purpose"),
                                          EXPORT_PURPOSE_LABELS))
    except ValueError as exc:
        raise input_error(exc) from None


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
            Msg(
                "Cannot read the retention period {text!r}; give whole years such as 30y or 10y, or permanent.",
                text=text,
            ),
        )
    years = int(match.group(1))
    if years < 1:
        raise InvalidInputError(Msg("Recordings are kept at least 1 year (Art. 16); give a retention of 1y or more."))
    return Retention(f"{years}y", years)


def text_name(what: str) -> Msg:
    """How a sentence names the text ``what`` (quoted in Chinese when :data:`TEXT_NAMES` has no name for it)."""
    return TEXT_NAMES.get(what) or Said(what, zh_CN=f"“{what}”")


def clean_text(value: str, what: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    """Normalised single-line text (NFC, no control characters); InvalidInputError naming ``what``."""
    text = unicodedata.normalize("NFC", value or "").strip()
    name = text_name(what)
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise InvalidInputError(Msg("The {what} must be one line of text without control characters.", what=name))
    if required and not text:
        raise InvalidInputError(Msg("The {what} must not be empty.", what=name))
    if len(text) > limit:
        raise InvalidInputError(Msg("The {what} is longer than {limit} characters; shorten it.", what=name,
                                    limit=limit))
    return text


def account_label(display_name: str, login_name: str) -> str:
    """How the desk names a station user: ``调查员 李强 (investigator)``, or the log-in name alone."""
    return f"{display_name} ({login_name})" if display_name.strip() else login_name


def person_label(display_name: str, login_name: str, badge_number: str) -> str:
    """How a station user is named on a disc: ``张三（执法证 33010001）`` or ``张三（zhangsan）``."""
    name = display_name.strip() or login_name
    return f"{name}（执法证 {badge_number.strip()}）" if badge_number.strip() else f"{name}（{login_name}）"

