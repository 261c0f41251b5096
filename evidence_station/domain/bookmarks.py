"""Bookmark kinds (Art. 8, 10, 11) and the pure rules for bookmark times and notes.

Art. 10 lists thirteen key contents (一)–(十三) an enforcement recording must show; its closing paragraph
adds the parties' illegal acts and the physical evidence and traces found on site. Art. 8 asks the officer
to tell the party that recording is running, Art. 11 to explain every interruption by voice when the
recording resumes. Each of these is a bookmark category. The Chinese labels are taken from the wording of
``regulation.zh.txt``; the ``clause_zh`` of each category quotes the regulation itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg, Said

#: Longest note a bookmark may carry (characters).
MAX_NOTE = 1000


class BookmarkCategory(StrEnum):
    """What a bookmark marks: Art. 10 (一)–(十三), then the violation / evidence / Art. 8 / Art. 11 markers."""

    PARTY_NAME_SIGN = "party_name_sign"
    EXPLAINING_PURPOSE = "explaining_purpose"
    INSPECTING_PREMISES = "inspecting_premises"
    REPORTING_FINDINGS = "reporting_findings"
    QUESTIONING = "questioning"
    SIGNING_DOCUMENTS = "signing_documents"
    FILMING_ORIGINALS = "filming_originals"
    SAMPLING = "sampling"
    DISPUTED_SUMMARY_PENALTY = "disputed_summary_penalty"
    LEAVING_DOCUMENTS = "leaving_documents"
    SERVICE_BY_NOTICE = "service_by_notice"
    RE_INSPECTION = "re_inspection"
    OTHER = "other"
    VIOLATION_ACT = "violation_act"
    PHYSICAL_EVIDENCE = "physical_evidence"
    NOTIFICATION_GIVEN = "notification_given"
    INTERRUPTION_EXPLAINED = "interruption_explained"

    @property
    def label_zh(self) -> str:
        """The short Chinese label (side panel, timeline tooltip, provenance sheet)."""
        return _INFO[self].label_zh

    @property
    def label_en(self) -> str:
        """The short English label."""
        return _INFO[self].label_en

    @property
    def colour(self) -> str:
        """The timeline marker colour, ``#rrggbb``."""
        return _INFO[self].colour

    @property
    def article(self) -> str:
        """Where the regulation asks for it, e.g. ``第十条（五）``."""
        return _INFO[self].article

    @property
    def clause_zh(self) -> str:
        """The regulation's own words for this content (for tooltips and help)."""
        return _INFO[self].clause_zh

    @property
    def is_art10_item(self) -> bool:
        """True for the thirteen numbered key contents of Art. 10."""
        return self in ART10_ITEMS


class BookmarkStatus(StrEnum):
    """A bookmark is never deleted: it is active, or withdrawn (kept, with its history)."""

    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class CategoryInfo:
    """Labels, colour and the regulation's wording for one category."""

    label_zh: str
    label_en: str
    colour: str
    article: str
    clause_zh: str


_C = BookmarkCategory
_INFO: dict[BookmarkCategory, CategoryInfo] = {
    _C.PARTY_NAME_SIGN: CategoryInfo(
        "当事人名称字号", "Party's name sign", "#1f77b4", "第十条（一）", "能反映当事人名称字号等内容的"),
    _C.EXPLAINING_PURPOSE: CategoryInfo(
        "介绍执法目的及要求", "Explaining the purpose", "#ff7f0e", "第十条（二）",
        "执法人员向当事人介绍执法目的、意义、重点及相关要求时"),
    _C.INSPECTING_PREMISES: CategoryInfo(
        "检查生产经营场所", "Inspecting the premises", "#2ca02c", "第十条（三）", "对现场生产经营场所进行检查时"),
    _C.REPORTING_FINDINGS: CategoryInfo(
        "通报检查情况、交换意见", "Reporting findings", "#17becf", "第十条（四）",
        "向当事人相关人员通报检查情况、交换意见时"),
    _C.QUESTIONING: CategoryInfo(
        "询问有关人员", "Questioning", "#9467bd", "第十条（五）", "对有关人员就所需调查的问题进行询问时"),
    _C.SIGNING_DOCUMENTS: CategoryInfo(
        "签署姓名和意见", "Signing documents", "#8c564b", "第十条（六）",
        "当事人相关人员在现场检查记录或相关执法文书上签署姓名和意见时"),
    _C.FILMING_ORIGINALS: CategoryInfo(
        "照相录像调取原始凭证", "Filming originals that cannot be taken", "#e377c2", "第十条（七）",
        "调查取证中调取原始凭证确有困难，须采取照相、录像等方式取证时"),
    _C.SAMPLING: CategoryInfo(
        "抽样取证", "Sampling", "#bcbd22", "第十条（八）", "抽样取证不能提取原物，必须采取照相、录像等方式取证时"),
    _C.DISPUTED_SUMMARY_PENALTY: CategoryInfo(
        "简易程序处罚易引起争议", "Disputed summary penalty", "#d62728", "第十条（九）",
        "实施行政处罚简易程序容易引起争议时"),
    _C.LEAVING_DOCUMENTS: CategoryInfo(
        "留置送达", "Leaving documents", "#7f7f7f", "第十条（十）",
        "以留置送达方式将执法文书留置在当事人的收发部门或者住所时"),
    _C.SERVICE_BY_NOTICE: CategoryInfo(
        "公告送达", "Service by public notice", "#aec7e8", "第十条（十一）", "以公告方式送达执法文书时"),
    _C.RE_INSPECTION: CategoryInfo(
        "复查", "Re-inspection", "#98df8a", "第十条（十二）", "对当事人进行复查时"),
    _C.OTHER: CategoryInfo(
        "其他应当音像记录的情况", "Other", "#c7c7c7", "第十条（十三）", "其他应当采取音像记录的情况"),
    _C.VIOLATION_ACT: CategoryInfo(
        "违法行为（当事人言行）", "Violation: words and acts", "#b30000", "第十条第二款",
        "现场有违法行为的，应当对当事人及其工作人员言行、询问情况等进行摄录"),
    _C.PHYSICAL_EVIDENCE: CategoryInfo(
        "物证及原始痕迹", "Physical evidence and traces", "#6b3e00", "第十条第二款",
        "对现场遗留或发现的违法工具、物品等物证及原始痕迹证据应当进行重点摄录"),
    _C.NOTIFICATION_GIVEN: CategoryInfo(
        "告知执法记录", "Notification given", "#006d2c", "第八条",
        "为保护您的合法权益，监督我们的执法行为，本次执法全程录音录像。"),
    _C.INTERRUPTION_EXPLAINED: CategoryInfo(
        "中断原因语音说明", "Interruption explained", "#ff9900", "第十一条",
        "因客观原因而中止记录的，重新开始记录时应当对中断原因进行语音说明"),
}

#: The thirteen key contents of Art. 10, in the regulation's order.
ART10_ITEMS: tuple[BookmarkCategory, ...] = tuple(list(BookmarkCategory)[:13])


def categories_in_order() -> list[BookmarkCategory]:
    """Every category as menus show them: Art. 10 (一)–(十三), then violation, evidence, Art. 8, Art. 11."""
    return list(BookmarkCategory)


def parse_category(text: str | BookmarkCategory) -> BookmarkCategory:
    """A category from its value, Chinese or English label, or Art. 10 item number (``5`` = questioning).

    Raises :class:`InvalidInputError` listing the valid values.
    """
    if isinstance(text, BookmarkCategory):
        return text
    cleaned = str(text or "").strip()
    key = cleaned.lower().replace("-", "_").replace(" ", "_")
    for item in BookmarkCategory:
        if key == item.value or cleaned == item.label_zh or cleaned.lower() == item.label_en.lower():
            return item
    if cleaned.isdigit() and 1 <= int(cleaned) <= len(ART10_ITEMS):
        return ART10_ITEMS[int(cleaned) - 1]
    valid = Said(", ".join(f"{c.value} ({c.label_zh})" for c in BookmarkCategory),
                 zh_CN="、".join(f"{c.label_zh}（{c.value}）" for c in BookmarkCategory))
    raise InvalidInputError(Msg("Unknown bookmark category {category!r}; the categories are: {valid}.",
                                category=cleaned, valid=valid))


_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d{1,2}(?:\.\d+)?)$")


def parse_offset(text: str | float | int) -> int:
    """Milliseconds into a recording from ``SECONDS`` (``95``, ``95.5``), ``MM:SS`` or ``HH:MM:SS``.

    Raises :class:`InvalidInputError` for anything else or a negative time.
    """
    if isinstance(text, (int, float)):
        seconds = float(text)
    else:
        cleaned = str(text).strip()
        match = _CLOCK.match(cleaned)
        try:
            if match:
                hours, minutes, secs = match.groups()
                if float(secs) >= 60 or (hours is not None and int(minutes) >= 60):
                    raise ValueError(cleaned)
                seconds = int(hours or 0) * 3600 + int(minutes) * 60 + float(secs)
            else:
                seconds = float(cleaned)
        except ValueError:
            raise InvalidInputError(
                Msg(
                    "Cannot read the time {cleaned!r} into the recording; give seconds (95), MM:SS (01:35) or "
                    "HH:MM:SS.",
                    cleaned=cleaned,
                ),
            ) from None
    if seconds != seconds or seconds < 0 or seconds == float("inf"):
        raise InvalidInputError(Msg(
            "The time into the recording must be zero or more seconds, not {text!r}.",
            text=text,
        ))
    return round(seconds * 1000)


def format_offset(offset_ms: int) -> str:
    """``MM:SS`` (or ``H:MM:SS`` past an hour) for lists and messages."""
    total = max(0, int(offset_ms)) // 1000
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


def offset_problem(offset_ms: int, duration_ms: int | None) -> str | None:
    """Why ``offset_ms`` cannot be bookmarked in a recording of ``duration_ms`` (None when unknown), or None."""
    problem = offset_problems(offset_ms, duration_ms)
    return str(problem) if problem else None


def offset_problems(offset_ms: int, duration_ms: int | None) -> Msg | None:
    """:func:`offset_problem` as a :class:`Msg` (for the reader's language)."""
    if offset_ms < 0:
        return Msg("A bookmark cannot lie before the start of the recording.")
    if duration_ms is not None and offset_ms > duration_ms:
        return Msg("The bookmark at {at:.1f} s lies after the end of the recording ({length:.1f} s long); pick a "
                   "time within it.", at=offset_ms / 1000, length=duration_ms / 1000)
    return None
