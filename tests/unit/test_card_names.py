"""Card names as bytes: every name is kept exactly and shown as valid, unambiguous, control-free text."""

from __future__ import annotations

import os
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evidence_station.cards.names import bytes_from_display, display_name, parse_text, stored_raw

#: Names that need no escaping are shown as they are (Chinese, NFD, spaces, punctuation).
PLAIN = ["DCIM/100DSJ/Z8A0001_010203_20261124093000_0001.MP4", "张三 执法记录.MP4",
         unicodedata.normalize("NFD", "café.MP4"), "a b (1) [x] {y} ~.MP4", "。、「」.MP4"]


@pytest.mark.parametrize("name", PLAIN)
def test_plain_names_are_shown_unchanged_and_need_no_raw_copy(name: str) -> None:
    assert display_name(name) == name
    assert display_name(name.encode("utf-8")) == name
    assert stored_raw(name) is None
    assert bytes_from_display(name) == name.encode("utf-8")


@pytest.mark.parametrize(("raw", "shown"), [
    (b"\xd5\xc5\xc8\xfd.MP4", "\\xd5\\xc5\\xc8\\xfd.MP4"),  # 张三 in GBK, read on Linux
    (b"line\nbreak.MP4", "line\\nbreak.MP4"),
    (b"tab\there\r.MP4", "tab\\there\\r.MP4"),
    (b"esc\x1b[31mred\x7f.MP4", "esc\\x1b[31mred\\x7f.MP4"),
    (b"back\\slash.MP4", "back\\\\slash.MP4"),
    ("evil\u202egnp.MP4".encode(), "evil\\u202egnp.MP4"),  # a bidi override would show "evilPN4.pgn"
    ("c1\u0085.MP4".encode(), "c1\\u0085.MP4"),  # a C1 control, as a character: never confused with a byte
    ("zero\u200bwidth\u2028.MP4".encode(), "zero\\u200bwidth\\u2028.MP4"),
    (b"\xff\\\xfe", "\\xff\\\\\\xfe"),
])
def test_odd_names_are_shown_escaped_and_keep_their_bytes(raw: bytes, shown: str) -> None:
    assert display_name(raw) == shown
    assert display_name(os.fsdecode(raw)) == shown  # the str the OS gives (surrogate escapes) says the same
    assert stored_raw(os.fsdecode(raw)) == raw
    assert bytes_from_display(shown) == raw


def test_parse_text_is_lossy_but_escape_free() -> None:
    assert parse_text(os.fsdecode(b"DCIM/\xb2\xe2/Z8A0001_010203_20261124093000_0001.MP4")) == \
        "DCIM/\ufffd\ufffd/Z8A0001_010203_20261124093000_0001.MP4"


def test_text_display_never_made_is_refused_by_the_inverse() -> None:
    for text in ("a\\qb", "a\\", "\\x4"):
        with pytest.raises(ValueError):
            bytes_from_display(text)


@given(st.lists(st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\0" not in b),
                min_size=1, max_size=4))
def test_any_bytes_round_trip_and_show_as_clean_utf8(parts: list[bytes]) -> None:
    raw = b"/".join(parts)
    shown = display_name(os.fsdecode(raw))
    shown.encode("utf-8")  # always valid UTF-8 (never surrogates)
    assert not any(unicodedata.category(c) in {"Cc", "Cf", "Cs", "Zl", "Zp"} for c in shown)
    assert bytes_from_display(shown) == raw
    kept = stored_raw(os.fsdecode(raw))
    assert (kept if kept is not None else shown.encode("utf-8")) == raw


@given(st.binary(max_size=12), st.binary(max_size=12))
def test_two_different_names_are_never_shown_the_same(a: bytes, b: bytes) -> None:
    if a != b:
        assert display_name(a) != display_name(b)
