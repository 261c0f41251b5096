"""Every user-visible string of the GUI has a Simplified Chinese translation, and the catalogue loads.

The completeness check runs ``pyside6-lupdate`` over the GUI sources into a copy of the zh_CN ``.ts``:
any string that is new there (or left unfinished/empty) is untranslated. Strings inside f-strings are
invisible to lupdate, so they are refused too.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTranslator

from evidence_station.gui import i18n
from evidence_station.gui.i18n import SOURCE_TRANSLATIONS_DIR, catalogue_file, qt_tool, ts_file
from tests.helpers.python_source import parse_source

GUI_DIR = Path(__file__).resolve().parents[2] / "evidence_station" / "gui"
ZH_TS = ts_file("zh_CN")
TRANSLATING_CALLS = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\d")


def gui_sources() -> list[Path]:
    return sorted(GUI_DIR.rglob("*.py"))


def untranslated(ts: Path, sources: list[Path], work: Path) -> list[tuple[str, str]]:
    """(context, source) of every string used in ``sources`` that ``ts`` does not translate."""
    scratch = work / ts.name
    shutil.copy(ts, scratch)
    done = subprocess.run(
        [str(qt_tool("lupdate")), "-silent", "-no-obsolete", *map(str, sources), "-ts", str(scratch)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    missing = []
    for context in ET.parse(scratch).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            if translation.get("type") == "unfinished" or not (translation.text or "").strip():
                missing.append((context.findtext("name") or "", message.findtext("source") or ""))
    return missing


def test_every_gui_string_has_a_chinese_translation(tmp_path: Path) -> None:
    missing = untranslated(ZH_TS, gui_sources(), tmp_path)
    assert not missing, (
        "Untranslated GUI strings (run `python resources/compile_translations.py --update` and fill them in "
        f"{ZH_TS.name} with pyside6-linguist): {missing}"
    )


def test_the_check_catches_a_new_untranslated_string(tmp_path: Path) -> None:
    new_module = tmp_path / "new_widget.py"
    new_module.write_text(
        "from PySide6.QtWidgets import QWidget\n\n"
        "class NewWidget(QWidget):\n"
        "    def label(self):\n"
        "        return self.tr('A brand-new label nobody translated')\n",
        encoding="utf-8",
    )
    missing = untranslated(ZH_TS, [*gui_sources(), new_module], tmp_path)
    assert missing == [("NewWidget", "A brand-new label nobody translated")]


def _calls_inside_fstrings(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and _call_name(inner) in TRANSLATING_CALLS:
                    lines.append(inner.lineno)
    return lines


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def test_translated_strings_are_literals_lupdate_can_see() -> None:
    problems = []
    for source in gui_sources():
        tree = parse_source(source.read_text(encoding="utf-8"))
        name = source.relative_to(GUI_DIR)
        problems += [f"{name}:{line}: tr() inside an f-string" for line in _calls_inside_fstrings(tree)]
        for node in ast.walk(tree):
            is_tr = isinstance(node, ast.Call) and _call_name(node) == "tr" and bool(node.args)
            if is_tr and not (isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                problems.append(f"{name}:{node.lineno}: tr() of a non-literal")
    assert not problems, "lupdate cannot extract these strings: " + "; ".join(problems)


def test_translations_keep_every_placeholder() -> None:
    wrong = []
    for message in ET.parse(ZH_TS).getroot().iter("message"):
        source, translation = message.findtext("source") or "", message.findtext("translation") or ""
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
            wrong.append((source, translation))
    assert not wrong


def test_stale_catalogue_is_compiled_into_the_cache_and_translates(qapp: Any, tmp_path: Path) -> None:
    source_dir = tmp_path / "translations"
    source_dir.mkdir()
    shutil.copy(ZH_TS, source_dir)
    cache = tmp_path / "cache"
    qm = catalogue_file("zh_CN", source_dir=source_dir, cache_dir=cache)
    assert qm is not None and qm.parent == cache  # no build/ folder: compiled at start-up
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("Pages", "Audit") == "审计"
    assert translator.translate("AuditPage", "Verify chain") == "校验审计链"
    first_mtime = qm.stat().st_mtime_ns
    ts = ts_file("zh_CN", source_dir)
    os.utime(ts, ns=(first_mtime + 10**9, first_mtime + 10**9))  # the .ts was edited after compiling
    again = catalogue_file("zh_CN", source_dir=source_dir, cache_dir=cache)
    assert again == qm and qm.stat().st_mtime_ns > first_mtime


def test_an_installed_wheel_compiles_the_ts_it_carries(qapp: Any, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """No checkout (no resources/translations beside the package): the .ts a wheel carries in the package."""
    packaged = tmp_path / "package" / "resources" / "translations"
    packaged.mkdir(parents=True)
    shutil.copy(ZH_TS, packaged)
    monkeypatch.setattr(i18n, "PACKAGED_TRANSLATIONS_DIR", packaged)
    qm = catalogue_file("zh_CN", source_dir=tmp_path / "no-checkout", cache_dir=tmp_path / "cache")
    assert qm is not None and qm.parent == tmp_path / "cache"
    translator = QTranslator()
    assert translator.load(str(qm)) and translator.translate("Pages", "Audit") == "审计"


def test_two_checkouts_sharing_the_cache_keep_their_own_catalogues(qapp: Any, tmp_path: Path) -> None:
    """Another checkout's newer catalogue in the shared user cache is never taken for this one's."""
    cache = tmp_path / "cache"
    compiled = []
    for name, translation in (("older", "校验审计链"), ("newer", "另一个译文")):
        source_dir = tmp_path / name
        source_dir.mkdir()
        ts = ts_file("zh_CN", source_dir)
        ts.write_text(ZH_TS.read_text(encoding="utf-8").replace("<translation>校验审计链</translation>",
                                                                 f"<translation>{translation}</translation>"),
                      encoding="utf-8")
        compiled.append((catalogue_file("zh_CN", source_dir=source_dir, cache_dir=cache), translation))
    assert compiled[0][0] != compiled[1][0]
    for qm, translation in compiled:
        translator = QTranslator()
        assert qm is not None and translator.load(str(qm))
        assert translator.translate("AuditPage", "Verify chain") == translation


def test_english_needs_no_catalogue_and_unknown_languages_fall_back_to_chinese(tmp_path: Path) -> None:
    assert catalogue_file("en", cache_dir=tmp_path) is None
    fallback = catalogue_file("xx", cache_dir=tmp_path)
    assert fallback is not None and fallback.name.endswith("zh_CN.qm")


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_each_language_has_its_ts_source(language: str) -> None:
    assert ts_file(language, SOURCE_TRANSLATIONS_DIR).exists()


def test_finding_sentences_follow_the_interface_language(qapp) -> None:
    from PySide6.QtCore import QLocale

    from evidence_station.api.findings import FindingView
    from evidence_station.gui.i18n import finding_sentence, install_translators, remove_translators

    finding = FindingView(1, "gap", [1, 2], 79.0, "Device X: recording stopped for 1 min 19 s",
                          message_zh="记录仪 X：中断录制 1 分 19 秒")
    old = FindingView(2, "gap", [1, 2], 79.0, "Device X: recording stopped")  # made before Chinese sentences
    before = QLocale()
    try:
        install_translators("zh_CN")
        assert finding_sentence(finding) == "记录仪 X：中断录制 1 分 19 秒"
        assert finding_sentence(old) == "Device X: recording stopped"
        install_translators("en")
        assert finding_sentence(finding) == "Device X: recording stopped for 1 min 19 s"
    finally:
        remove_translators()
        QLocale.setDefault(before)
