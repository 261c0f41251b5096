"""The core's message catalogue: every Msg of the code translated into Chinese, nothing fuzzy or stale."""

from __future__ import annotations

import ast
import string
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from evidence_station.domain import messages
from evidence_station.domain.errors import InvalidInputError, NotFoundError
from evidence_station.domain.findings import FINDING_LABELS, FindingKind
from evidence_station.domain.messages import Items, Msg, label, po_file

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))

from messages import compile_catalogues, extracted_msgids  # noqa: E402


def _catalog():
    with po_file("zh_CN").open("rb") as handle:
        return read_po(handle, locale="zh_CN")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_msgid_of_the_code_is_in_the_catalogue_and_nothing_else() -> None:
    in_code = set(extracted_msgids())
    in_po = {str(m.id) for m in _catalog() if m.id}
    assert in_code - in_po == set(), "run: python tools/messages.py extract, then translate"
    assert in_po - in_code == set(), "stale entries: run python tools/messages.py extract"


def test_every_entry_is_translated_not_fuzzy_with_the_same_placeholders() -> None:
    for message in _catalog():
        if not message.id:
            continue
        assert message.string, f"untranslated: {message.id!r}"
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
        assert _fields(str(message.string)) <= _fields(str(message.id)), f"placeholders differ: {message.id!r}"


def test_a_msg_renders_in_english_and_in_chinese_with_nested_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(messages, "_catalogues", {})
    msgid = next(iter(extracted_msgids()))
    chinese = str(_catalog()[msgid].string)
    args = {name: Msg("x") for name in _fields(msgid)}
    assert Msg(msgid, **args).render("zh_CN") == chinese.format(**{n: "x" for n in args})
    assert str(Msg(msgid, **args)) == msgid.format(**{n: "x" for n in args})
    assert Msg(msgid, **args).render("zh-Hans") == Msg(msgid, **args).render("zh_CN")


def test_an_error_carries_both_languages_from_a_msg() -> None:
    error = NotFoundError(Msg("The vault holds no blob {sha256}.", sha256="ab"))
    assert (error.message, error.message_zh, error.text_zh()) == (
        "The vault holds no blob ab.", "存储库中没有数据块 ab。", "存储库中没有数据块 ab。")
    untranslated = InvalidInputError(Msg("Not in the catalogue {x}.", x=1))
    assert untranslated.message_zh is None
    assert untranslated.text_zh() == "输入有误，无法使用。详情：Not in the catalogue 1."
    legacy = InvalidInputError("English.", message_zh="中文。")
    assert (legacy.message, legacy.message_zh) == ("English.", "中文。")


def test_the_compiled_catalogue_is_what_a_package_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compile_catalogues(tmp_path)
    monkeypatch.setattr(messages, "PACKAGED_LOCALE_DIR", tmp_path)
    monkeypatch.setattr(messages, "SOURCE_LOCALE_DIR", tmp_path / "absent")
    monkeypatch.setattr(messages, "_catalogues", {})
    assert Msg("The vault holds no blob {sha256}.", sha256="ab").render("zh_CN") == "存储库中没有数据块 ab。"


def test_a_list_is_joined_the_readers_way() -> None:
    markers = Items(["A.json", Msg("the file")])
    message = Msg("{path} does not look like an evidence disc: it has none of {markers}.", path="/d", markers=markers)
    assert str(message) == "/d does not look like an evidence disc: it has none of A.json, the file."
    assert message.render("zh_CN") == "/d 看起来不是证据光盘：其中没有 A.json、该文件 中的任何一个文件。"


def test_every_msg_of_the_code_has_a_literal_msgid_that_babel_extracts() -> None:
    """Babel misses a Msg nested in another call inside a Msg's arguments, and cannot read an f-string: an
    AST walk finds every Msg(...) call, and each must be a literal that the extraction (hence the .po) has."""
    extracted = set(extracted_msgids())
    problems = []
    for path in sorted((REPO / "evidence_station").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Msg":
                where = f"{path.relative_to(REPO)}:{node.lineno}"
                first = node.args[0] if node.args else None
                if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                    problems.append(f"{where}: the msgid is not a string literal")
                elif first.value not in extracted:
                    problems.append(f"{where}: Babel does not extract {first.value!r} (hoist it into a variable)")
    assert problems == []


def test_a_label_table_renders_in_the_readers_language_and_shows_an_unknown_key_as_it_is() -> None:
    assert label(FINDING_LABELS, FindingKind.GAP) == "gap in the recording"
    assert label(FINDING_LABELS, "gap", "zh_CN") == "录像中断"  # a stored value finds its enum member's label
    assert label(FINDING_LABELS, "kind_of_a_newer_station", "zh_CN") == "kind_of_a_newer_station"


def test_a_sentence_as_a_clause_drops_its_full_stop_in_each_language() -> None:
    from evidence_station.domain.messages import Clause, Said

    items = Items([Clause(Said("Kept until closed.", zh_CN="保存至结案。")), Clause(Msg("x."))], clauses=True)
    assert items.render("en") == "Kept until closed; x"
    assert items.render("zh_CN") == "保存至结案；x"
