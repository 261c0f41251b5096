"""Viewing control (Art. 18–20): classifications, purposes, request kinds and the pure grant rules.

Nothing here touches the catalogue: the services feed these rules with plain values so they can be
tested (and read by an auditor) on their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from evidence_station.domain.choices import RuleError
from evidence_station.domain.messages import Items, Msg, value_and_label

#: Longest validity an approver may give a grant (hours). Longer access means a new request.
MAX_GRANT_HOURS = 72.0


class Classification(StrEnum):
    """How sensitive a recording is (Art. 20). The value order is the clearance order."""

    ORDINARY = "ordinary"
    RESTRICTED = "restricted"
    COMMERCIAL_SECRET = "commercial_secret"
    STATE_SECRET = "state_secret"

    @property
    def level(self) -> int:
        """The user clearance needed to open footage of this class (0 ordinary … 3 state secret)."""
        return _LEVELS[self]

    @property
    def label(self) -> Msg:
        """The name shown in the UI and on documents, to render in the reader's language."""
        return CLASSIFICATION_LABELS[self]

    @property
    def label_zh(self) -> str:
        """The Chinese name (documents, the CLI's Chinese fields)."""
        return self.label.render("zh_CN")

    @property
    def is_secret(self) -> bool:
        """Commercial and state secrets: hidden from users without clearance, never exported without approval."""
        return self in (Classification.COMMERCIAL_SECRET, Classification.STATE_SECRET)


_LEVELS = {
    Classification.ORDINARY: 0,
    Classification.RESTRICTED: 1,
    Classification.COMMERCIAL_SECRET: 2,
    Classification.STATE_SECRET: 3,
}

CLASSIFICATION_LABELS: dict[Classification, Msg] = {
    Classification.ORDINARY: Msg("ordinary"),
    Classification.RESTRICTED: Msg("restricted (personal privacy)"),
    Classification.COMMERCIAL_SECRET: Msg("commercial secret"),
    Classification.STATE_SECRET: Msg("state secret"),
}


def parse_classification(text: str) -> Classification:
    """A classification from its value or Chinese label; ValueError names the valid ones."""
    cleaned = text.strip()
    for item in Classification:
        if cleaned.lower() == item.value or cleaned == item.label_zh:
            return item
    valid = Items(value_and_label(c.value, c.label) for c in Classification)
    raise RuleError(Msg("Unknown classification {text!r}; the classes are: {valid}.", text=text, valid=valid))


def stored_classification(value: str | None) -> Classification:
    """The class of a stored value; an unreadable one counts as the most secret (fail closed)."""
    try:
        return parse_classification(value or Classification.ORDINARY.value)
    except ValueError:
        return Classification.STATE_SECRET


def banner_text(classification: Classification) -> str:
    """The banner shown wherever footage of this class appears ('' for ordinary footage)."""
    if classification is Classification.ORDINARY:
        return ""
    if classification.is_secret:
        return f"【{classification.label_zh}】涉密音像记录 — 按保密规定管理，未经批准不得复制、外传"
    return f"【{classification.label_zh}】仅限批准范围内查阅，不得外传"


def visible_classifications(clearance: int) -> list[Classification]:
    """The classes a user with ``clearance`` may even know about: every non-secret class, plus secrets
    up to their clearance."""
    return [c for c in Classification if not c.is_secret or c.level <= clearance]


def may_know_of(classification: Classification, clearance: int) -> bool:
    """True when a user with ``clearance`` may see that a recording of this class exists."""
    return not classification.is_secret or classification.level <= clearance


def may_open(classification: Classification, clearance: int) -> bool:
    """True when ``clearance`` suffices to open footage of this class (a grant is needed as well)."""
    return clearance >= classification.level


class ViewingPurpose(StrEnum):
    """Why footage is viewed (the purpose category of a request)."""

    CASE_HANDLING = "case_handling"
    COMPLAINT_PETITION = "complaint_petition"
    REVIEW_LITIGATION = "review_litigation"
    SUPERVISION = "supervision"
    OTHER = "other"

    @property
    def label(self) -> Msg:
        """The name, to render in the reader's language."""
        return PURPOSE_LABELS[self]

    @property
    def label_zh(self) -> str:
        """The Chinese name."""
        return self.label.render("zh_CN")


PURPOSE_LABELS: dict[ViewingPurpose, Msg] = {
    ViewingPurpose.CASE_HANDLING: Msg("case handling"),
    ViewingPurpose.COMPLAINT_PETITION: Msg("complaint or petition"),
    ViewingPurpose.REVIEW_LITIGATION: Msg("review or litigation"),
    ViewingPurpose.SUPERVISION: Msg("enforcement supervision"),
    ViewingPurpose.OTHER: Msg("other purpose"),
}


class RequestKind(StrEnum):
    """What an approval is for: viewing (Art. 18), external provision (Art. 19), secret export (Art. 20)."""

    VIEWING = "viewing"
    EXTERNAL_PROVISION = "external_provision"
    SECRET_EXPORT = "secret_export"

    @property
    def label(self) -> Msg:
        """The name, to render in the reader's language."""
        return KIND_LABELS[self]

    @property
    def label_zh(self) -> str:
        """The Chinese name."""
        return self.label.render("zh_CN")


KIND_LABELS: dict[RequestKind, Msg] = {
    RequestKind.VIEWING: Msg("viewing"),
    RequestKind.EXTERNAL_PROVISION: Msg("external provision"),
    RequestKind.SECRET_EXPORT: Msg("export of classified footage"),
}


class RequestStatus(StrEnum):
    """Stored state of a request. "Expired" is not stored: it is an approved request past its window."""

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    REVOKED = "revoked"


@dataclass(frozen=True)
class GrantWindow:
    """When an approval may be used: ``valid_from`` ≤ now < ``valid_until``."""

    valid_from: datetime
    valid_until: datetime

    def is_live(self, now: datetime) -> bool:
        """True while the window is open."""
        return self.valid_from <= now < self.valid_until

    def seconds_left(self, now: datetime) -> float:
        """Seconds until the window closes (0 when closed)."""
        return max(0.0, (self.valid_until - now).total_seconds()) if self.is_live(now) else 0.0


def grant_window(decided_at: datetime, hours: float) -> GrantWindow:
    """The window an approval opens at ``decided_at``; ValueError for a non-positive or too long window."""
    if not hours > 0:
        raise RuleError(Msg("The validity of an approval must be a positive number of hours."))
    if hours > MAX_GRANT_HOURS:
        raise RuleError(Msg("An approval is valid for at most {hours:g} hours; ask again for longer.",
                            hours=MAX_GRANT_HOURS))
    return GrantWindow(decided_at, decided_at + timedelta(hours=hours))


def effective_state(status: str, window: GrantWindow | None, now: datetime) -> str:
    """``pending``, ``refused``, ``revoked``, ``live`` or ``expired`` — what a request means right now."""
    if status != RequestStatus.APPROVED:
        return status
    if window is not None and window.is_live(now):
        return "live"
    return "expired"


def self_decision_problem(approver_id: int, requester_id: int, viewer_id: int) -> str | None:
    """Why ``approver_id`` may not decide a request (None when they may).

    Nobody decides a request they made or that would let them view: a director asking is decided by
    another director, and a custodian asking on a director's behalf too.
    """
    problem = self_decision_problems(approver_id, requester_id, viewer_id)
    return str(problem) if problem else None


def self_decision_problems(approver_id: int, requester_id: int, viewer_id: int) -> Msg | None:
    """:func:`self_decision_problem` as a :class:`Msg` (for the reader's language)."""
    if approver_id == requester_id:
        return Msg("Nobody may decide their own request; another director must decide it.")
    if approver_id == viewer_id:
        return Msg("Nobody may decide a request made for themselves; another director must decide it.")
    return None
