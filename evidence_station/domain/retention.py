"""Retention rules (Art. 16) that need no database: how long a recording is kept, and why.

Every recording is kept at least :data:`ONE_YEAR` from when it was recorded; no setting can lower that.
Longer periods come from configured rules (a station default, per activity kind, per classification) and
from the cases the recording is attached to: an open case holds it, a closed case keeps it for the case
file's period (permanent, 30 years, …). A manual legal hold keeps it until released. The longest rule
wins; every rule that applies is listed, the one that decides first.

"Recorded" is counted from the later of the camera time and the import time: a camera clock set in the
past must not shorten what the station keeps.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cache, lru_cache
from typing import Final, NamedTuple

from evidence_station.domain.cases import Retention, parse_retention
from evidence_station.domain.clock import ensure_utc
from evidence_station.domain.compliance import ACTIVITY_KIND_LABELS
from evidence_station.domain.messages import Items, Msg, Said
from evidence_station.domain.viewing import CLASSIFICATION_LABELS

#: The Art. 16 floor, in years. A constant of the code: no setting, rule or case can go below it.
ONE_YEAR: Final[int] = 1


class RuleScope(StrEnum):
    """What a configured retention rule applies to."""

    DEFAULT = "default"  # every recording
    ACTIVITY_KIND = "activity_kind"  # recordings of activities of one kind
    CLASSIFICATION = "classification"  # recordings of one classification


class RetentionBasis(StrEnum):
    """Why a recording is kept (one per applicable rule)."""

    MINIMUM = "minimum"
    DEFAULT_RULE = "default_rule"
    ACTIVITY_KIND = "activity_kind"
    CLASSIFICATION = "classification"
    OPEN_CASE = "open_case"
    CLOSED_CASE = "closed_case"
    LEGAL_HOLD = "legal_hold"


BASIS_LABELS: dict[RetentionBasis, Msg] = {
    RetentionBasis.MINIMUM: Msg("statutory minimum period (Art. 16, one year)"),
    RetentionBasis.DEFAULT_RULE: Msg("station default period"),
    RetentionBasis.ACTIVITY_KIND: Msg("period for the activity kind"),
    RetentionBasis.CLASSIFICATION: Msg("period for the classification"),
    RetentionBasis.OPEN_CASE: Msg("open case: kept with the case"),
    RetentionBasis.CLOSED_CASE: Msg("period of the case file"),
    RetentionBasis.LEGAL_HOLD: Msg("legal hold (disposal suspended)"),
}


@dataclass(frozen=True)
class RetentionRule:
    """A configured period: ``years`` None means permanent. Values below :data:`ONE_YEAR` are ignored."""

    scope: RuleScope
    value: str
    years: int | None


@dataclass(frozen=True)
class CaseLink:
    """A case a recording is attached to, as the retention rules need it."""

    case_id: int
    number: str
    status: str  # open | closed
    retention: str  # "30y", "permanent", … (set when closed)
    retention_until: datetime | None
    evidence_exports: tuple[int, ...] = ()  # completed evidence exports of the case whose discs hold the recording


@dataclass(frozen=True)
class Hold:
    """An active legal hold on a recording."""

    hold_id: int
    reason: str


@cache
def _label_zh(basis: RetentionBasis) -> str:
    """The Chinese name of ``basis`` (rendered once per basis)."""
    return BASIS_LABELS[basis].render("zh_CN")


class _Sentence:
    """A :class:`Msg` that compares and hashes by its msgid and arguments (the cache key of :func:`_rendered`)."""

    __slots__ = ("key", "said")

    def __init__(self, said: Msg) -> None:
        self.said = said
        self.key = (said.msgid, tuple(said.args.items()))

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Sentence) and self.key == other.key


@lru_cache(maxsize=4096)
def _rendered_pair(sentence: _Sentence) -> tuple[str, str]:
    return str(sentence.said), sentence.said.render("zh_CN")


def _rendered(said: Msg) -> tuple[str, str]:
    """``said`` in English and in Chinese, rendered once per distinct sentence (a long due list repeats a few)."""
    try:
        return _rendered_pair(_Sentence(said))
    except TypeError:  # an argument that is not hashable: render it as it is
        return str(said), said.render("zh_CN")


@dataclass(frozen=True)
class RetentionReason:
    """One rule that applies: until when it keeps the recording (None: indefinitely) and why."""

    basis: RetentionBasis
    until: datetime | None
    held: bool  # lasts until released / the case is closed (not a date)
    detail: str  # why, in English (the CLI's ``detail``)
    ref: str = ""
    detail_zh: str = ""  # ``detail`` rendered in Chinese (for the wire: a desk shows it as it came)

    @classmethod
    def of(cls, basis: RetentionBasis, until: datetime | None, held: bool, said: Msg, ref: str = "") -> RetentionReason:
        """A reason whose sentence is a :class:`Msg`, rendered in English and Chinese for the wire."""
        detail, detail_zh = _rendered(said)
        return cls(basis, until, held, detail, ref, detail_zh)

    @property
    def said(self) -> Msg:
        """Why, for the reader's language (as it was rendered when the reason was given)."""
        return Said(self.detail, zh_CN=self.detail_zh)

    @property
    def label(self) -> Msg:
        """The name of the basis (documents, GUI), to render in the reader's language."""
        return BASIS_LABELS[self.basis]

    @property
    def label_zh(self) -> str:
        """The Chinese name of the basis (documents, the CLI's ``label_zh``)."""
        return _label_zh(self.basis)

    @property
    def permanent(self) -> bool:
        """Kept for ever (not a hold: nothing can end it)."""
        return self.until is None and not self.held


class KeepUntil(NamedTuple):
    """The decision: keep until ``until`` (None: permanent or on hold) because of ``reasons`` (deciding first)."""

    until: datetime | None
    reasons: tuple[RetentionReason, ...]

    @property
    def held(self) -> bool:
        """An open case or a legal hold keeps the recording until it ends."""
        return any(r.held for r in self.reasons)

    @property
    def permanent(self) -> bool:
        """A rule keeps the recording for ever."""
        return any(r.permanent for r in self.reasons)

    def is_due(self, now: datetime) -> bool:
        """True when every rule has run out at ``now``: only then may a disposal be proposed or approved."""
        return self.until is not None and ensure_utc(now) >= self.until

    def governing(self) -> RetentionReason:
        """The rule that decides (the longest)."""
        return self.reasons[0]


def add_years(value: datetime, years: int) -> datetime:
    """``value`` plus whole calendar years (29 February falls back to 28)."""
    until = Retention("", years).until(ensure_utc(value))
    assert until is not None
    return until


def recorded_anchor(recording_start: datetime | None, imported_at: datetime | None) -> datetime:
    """The instant retention counts from: the later of camera start time and import time."""
    known = [ensure_utc(t) for t in (recording_start, imported_at) if t is not None]
    if not known:
        raise ValueError("A recording needs a start or an import time to compute its retention.")
    return max(known)


def _rule_reason(rule: RetentionRule, anchor: datetime, basis: RetentionBasis, what: Msg) -> RetentionReason | None:
    if rule.years is not None and rule.years < ONE_YEAR:
        return None  # below the floor: the floor rules anyway
    if rule.years is None:
        return RetentionReason.of(basis, None, False, Msg("{what}: kept permanently.", what=what), rule.value)
    return RetentionReason.of(basis, add_years(anchor, rule.years), False,
                           Msg("{what}: kept {years} years from recording.", what=what, years=rule.years), rule.value)


def _case_reason(case: CaseLink) -> RetentionReason:
    """Why the case keeps the recording; a recording on an evidence disc of the case says so (Art. 16)."""
    reason = _case_link_reason(case)
    if not case.evidence_exports:
        return reason
    exports = Items(f"#{e}" for e in case.evidence_exports)
    return RetentionReason.of(
        reason.basis, reason.until, reason.held,
        Msg("{detail} On evidence export {exports} of the case (used as evidence: kept with the case file, "
            "Art. 16).", detail=reason.said, exports=exports), reason.ref)


def _case_link_reason(case: CaseLink) -> RetentionReason:
    number = case.number
    if case.status != "closed":
        return RetentionReason.of(RetentionBasis.OPEN_CASE, None, True,
                               Msg("Attached to case {number}, which is open: kept until it is closed.",
                                   number=number), number)
    if case.retention == "permanent":
        return RetentionReason.of(RetentionBasis.CLOSED_CASE, None, False,
                               Msg("Attached to case {number} (closed): the case file is kept permanently.",
                                   number=number), number)
    if case.retention_until is None:  # closed without a readable period: fail safe, keep it
        return RetentionReason.of(RetentionBasis.CLOSED_CASE, None, True,
                               Msg("Attached to case {number} (closed) whose retention period is unknown: kept "
                                   "until one is set.", number=number), number)
    years = case.retention[:-1] if case.retention.endswith("y") and case.retention[:-1].isdigit() else None
    said = (Msg("Attached to case {number} (closed, kept {years}y).", number=number, years=years) if years
            else Msg("Attached to case {number} (closed, kept {retention}).", number=number,
                     retention=case.retention))
    return RetentionReason.of(RetentionBasis.CLOSED_CASE, ensure_utc(case.retention_until), False, said, number)


def _order(reason: RetentionReason) -> tuple[int, float]:
    if reason.held:
        return (0, 0.0)
    if reason.until is None:
        return (1, 0.0)
    return (2, -reason.until.timestamp())


def keep_until(
    recording_start: datetime | None,
    *,
    imported_at: datetime | None = None,
    activity_kind: str | None = None,
    classification: str = "ordinary",
    rules: Iterable[RetentionRule] = (),
    cases: Iterable[CaseLink] = (),
    holds: Iterable[Hold] = (),
) -> KeepUntil:
    """Until when a recording is kept and why; the longest rule wins (hold > permanent > latest date).

    ``until`` is None when the recording is permanent or held (open case, legal hold); the reasons say
    which. The one-year floor always applies, whatever ``rules`` say.
    """
    anchor = recorded_anchor(recording_start, imported_at)
    reasons = [RetentionReason.of(RetentionBasis.MINIMUM, add_years(anchor, ONE_YEAR), False,
                               Msg("Art. 16: every recording is kept at least one year from recording."))]
    for rule in rules:
        reason = None
        if rule.scope is RuleScope.DEFAULT:
            reason = _rule_reason(rule, anchor, RetentionBasis.DEFAULT_RULE, Msg("Station default retention"))
        elif rule.scope is RuleScope.ACTIVITY_KIND and activity_kind is not None and rule.value == activity_kind:
            kind = ACTIVITY_KIND_LABELS.get(rule.value) or rule.value  # type: ignore[call-overload]
            reason = _rule_reason(rule, anchor, RetentionBasis.ACTIVITY_KIND,
                                  Msg("Recordings of {kind} activities", kind=kind))
        elif rule.scope is RuleScope.CLASSIFICATION and rule.value == classification:
            level = CLASSIFICATION_LABELS.get(rule.value) or rule.value  # type: ignore[call-overload]
            reason = _rule_reason(rule, anchor, RetentionBasis.CLASSIFICATION,
                                  Msg("Recordings classified {level}", level=level))
        if reason is not None:
            reasons.append(reason)
    reasons.extend(_case_reason(case) for case in cases)
    reasons.extend(RetentionReason.of(RetentionBasis.LEGAL_HOLD, None, True,
                                   Msg("Legal hold #{id}: {reason}", id=hold.hold_id, reason=hold.reason),
                                   str(hold.hold_id)) for hold in holds)
    reasons.sort(key=_order)  # stable: equal dates keep the order above (floor first)
    first = reasons[0]
    return KeepUntil(first.until if not first.held else None, tuple(reasons))


def parse_period(text: str) -> int | None:
    """A configured period in years from ``10y``, ``10年`` or ``permanent`` (None); at least :data:`ONE_YEAR`."""
    return parse_retention(text).years
