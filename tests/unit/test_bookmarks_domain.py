"""Bookmark categories (Art. 8, 10, 11) and the pure rules for categories, times and offsets."""

from __future__ import annotations

import re

import pytest

from evidence_station.domain.bookmarks import (
    ART10_ITEMS,
    BookmarkCategory,
    categories_in_order,
    format_offset,
    offset_problem,
    parse_category,
    parse_offset,
)
from evidence_station.domain.errors import InvalidInputError

ART8_PHRASE = "为保护您的合法权益，监督我们的执法行为，本次执法全程录音录像。"
NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三"]


def test_thirteen_art10_items_in_order_then_the_four_extra_markers() -> None:
    cats = categories_in_order()
    assert len(cats) == 17 and set(cats) == set(BookmarkCategory)
    assert cats[:13] == list(ART10_ITEMS)
    assert [c.article for c in ART10_ITEMS] == [f"第十条（{n}）" for n in NUMERALS]
    assert cats[13:] == [BookmarkCategory.VIOLATION_ACT, BookmarkCategory.PHYSICAL_EVIDENCE,
                         BookmarkCategory.NOTIFICATION_GIVEN, BookmarkCategory.INTERRUPTION_EXPLAINED]
    assert all(c.is_art10_item for c in ART10_ITEMS) and not any(c.is_art10_item for c in cats[13:])
    assert ART10_ITEMS[0] is BookmarkCategory.PARTY_NAME_SIGN and ART10_ITEMS[-1] is BookmarkCategory.OTHER


def test_labels_are_chinese_and_english_unique_and_colours_distinct() -> None:
    cats = categories_in_order()
    cjk = re.compile(r"[\u4e00-\u9fff]")
    assert all(cjk.search(c.label_zh) and cjk.search(c.clause_zh) for c in cats)
    assert all(c.label_en and c.label_en.isascii() for c in cats)
    for attribute in ("label_zh", "label_en", "colour", "clause_zh"):
        values = [getattr(c, attribute) for c in cats]
        assert len(set(values)) == len(values), f"{attribute} must tell categories apart"
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c.colour) for c in cats)


def test_labels_take_the_regulations_wording() -> None:
    c = BookmarkCategory
    assert "名称字号" in c.PARTY_NAME_SIGN.label_zh
    assert "留置送达" in c.LEAVING_DOCUMENTS.label_zh and "公告" in c.SERVICE_BY_NOTICE.label_zh
    assert c.RE_INSPECTION.label_zh == "复查" and "询问" in c.QUESTIONING.label_zh
    assert c.NOTIFICATION_GIVEN.article == "第八条" and c.NOTIFICATION_GIVEN.clause_zh == ART8_PHRASE
    assert c.INTERRUPTION_EXPLAINED.article == "第十一条" and "语音说明" in c.INTERRUPTION_EXPLAINED.label_zh
    assert "痕迹" in c.PHYSICAL_EVIDENCE.label_zh and "言行" in c.VIOLATION_ACT.label_zh


@pytest.mark.parametrize(("text", "expected"), [
    ("questioning", BookmarkCategory.QUESTIONING),
    (" Notification-Given ", BookmarkCategory.NOTIFICATION_GIVEN),
    ("告知执法记录", BookmarkCategory.NOTIFICATION_GIVEN),
    ("Re-inspection", BookmarkCategory.RE_INSPECTION),
    ("5", BookmarkCategory.QUESTIONING),
    ("13", BookmarkCategory.OTHER),
    (BookmarkCategory.SAMPLING, BookmarkCategory.SAMPLING),
])
def test_parse_category_accepts_values_labels_and_item_numbers(text: str, expected: BookmarkCategory) -> None:
    assert parse_category(text) is expected


@pytest.mark.parametrize("text", ["", "0", "14", "deleting", "询问"])
def test_parse_category_refuses_anything_else_naming_the_valid_ones(text: str) -> None:
    with pytest.raises(InvalidInputError, match="notification_given"):
        parse_category(text)


@pytest.mark.parametrize(("text", "ms"), [
    ("95", 95_000), ("95.5", 95_500), ("0", 0), ("01:35", 95_000), ("1:35.25", 95_250),
    ("1:02:03", 3_723_000), ("90:00", 5_400_000), (12, 12_000), (1.5, 1_500),
])
def test_parse_offset(text: str, ms: int) -> None:
    assert parse_offset(text) == ms


@pytest.mark.parametrize("text", ["", "abc", "-3", "1:75", "1:60:00", "1:2:3:4", "nan", "inf", -1])
def test_parse_offset_refuses_bad_times(text: str) -> None:
    with pytest.raises(InvalidInputError):
        parse_offset(text)


def test_offset_problem_and_format() -> None:
    assert offset_problem(0, 30_000) is None and offset_problem(30_000, 30_000) is None
    assert "after the end" in (offset_problem(30_001, 30_000) or "")
    assert "before the start" in (offset_problem(-1, None) or "")
    assert offset_problem(10**9, None) is None  # unknown length: any non-negative time
    assert (format_offset(95_400), format_offset(3_723_000)) == ("01:35", "1:02:03")
