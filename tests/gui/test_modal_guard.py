"""The ``modal_dialogs`` guard (tests/gui/conftest.py): a GUI test that reaches a dialog it did not patch fails
at once, naming the dialog, instead of hanging the suite; a test's own patch wins over the guard.

The guard is tried on a small test file run by pytest in a subprocess (with the guard loaded as a plugin),
so a guard that lets a dialog block shows up as a run that never finishes, not as a hung suite here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
INNER_TIMEOUT_S = 30  # pytest-timeout (thread method) of the inner run: a blocked dialog ends it there

TINY_TESTS = '''
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox
import pytest


def test_error_box(qtbot):
    QMessageBox.critical(None, "The operation failed", "Unexpected error (CryptographyDeprecationWarning)")


def test_error_box_from_a_worker_callback_does_not_block_the_event_loop(qtbot):
    done = []
    QTimer.singleShot(0, lambda: done.append(QMessageBox.critical(None, "Report failed", "boom")))
    qtbot.waitUntil(lambda: bool(done), timeout=5000)


def test_every_kind_of_modal_answers_rejected(qtbot):
    dialog = QDialog()
    dialog.setWindowTitle("Pick recordings")
    assert dialog.exec() == QDialog.DialogCode.Rejected.value
    box = QMessageBox(QMessageBox.Icon.Warning, "Delete?", "Really delete the case?")
    box.exec()
    assert QMessageBox.question(None, "Open it now?", "The report was written") == QMessageBox.StandardButton.No
    assert QFileDialog.getSaveFileName(None, "Save the monthly report", "/tmp/r.pdf") == ("", "")
    assert QFileDialog.getOpenFileName(None, "Open a certificate") == ("", "")
    assert QFileDialog.getExistingDirectory(None, "Choose the card's top folder") == ""
    assert QInputDialog.getText(None, "Reason", "Why?") == ("", False)


def test_own_patch_of_a_static_wins(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    QMessageBox.critical(None, "Expected", "this box is part of the test")
    assert shown == ["this box is part of the test"]


def test_own_patch_of_a_dialog_class_wins(qtbot, monkeypatch):
    class Picker(QDialog):
        pass

    monkeypatch.setattr(Picker, "exec", lambda _self: QDialog.DialogCode.Accepted.value)
    assert Picker().exec() == QDialog.DialogCode.Accepted.value


def test_answer_next_runs_the_dialog_for_real(qtbot, modal_dialogs):
    seen = []

    def fill_in(dialog):
        seen.append(dialog.isVisible())
        dialog.accept()

    modal_dialogs.answer_next(fill_in)
    assert QDialog().exec() == QDialog.DialogCode.Accepted.value
    assert seen == [True]


@pytest.fixture
def box_on_close(qtbot):
    yield
    QMessageBox.warning(None, "Unsaved changes", "Discard them?")


def test_dialog_during_teardown(box_on_close):
    pass
'''

EXPECTED = {
    "test_error_box": ("failure", ["QMessageBox.critical", "The operation failed", "CryptographyDeprecationWarning"]),
    "test_error_box_from_a_worker_callback_does_not_block_the_event_loop": ("failure", ["Report failed", "boom"]),
    "test_every_kind_of_modal_answers_rejected": ("failure", [
        "QDialog.exec: title 'Pick recordings'", "QMessageBox.exec: title 'Delete?'", "Really delete the case?",
        "QMessageBox.question: title 'Open it now?'", "QFileDialog.getSaveFileName: title 'Save the monthly report'",
        "QFileDialog.getOpenFileName", "QFileDialog.getExistingDirectory", "QInputDialog.getText: title 'Reason'",
        "7 modal dialog(s)",
    ]),
    "test_own_patch_of_a_static_wins": ("passed", []),
    "test_own_patch_of_a_dialog_class_wins": ("passed", []),
    "test_answer_next_runs_the_dialog_for_real": ("passed", []),
    "test_dialog_during_teardown": ("error", ["During teardown", "QMessageBox.warning", "Unsaved changes"]),
}


def _outcomes(junit: Path) -> dict[str, tuple[str, str, float]]:
    """test name -> (outcome, failure text, seconds) from a JUnit XML report."""
    found = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        problems = [child for child in case if child.tag in {"failure", "error"}]
        outcome = problems[0].tag if problems else "passed"
        text = "\n".join(f"{p.get('message', '')}\n{p.text or ''}" for p in problems)
        found[case.get("name", "")] = (outcome, text, float(case.get("time", "0")))
    return found


@pytest.mark.timeout(300)
def test_unexpected_dialogs_fail_fast_and_own_patches_win(tmp_path: Path) -> None:
    (tmp_path / "test_tiny_gui.py").write_text(textwrap.dedent(TINY_TESTS), encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\nfilterwarnings = error\n", encoding="utf-8")
    junit = tmp_path / "report.xml"
    command = [sys.executable, "-m", "pytest", "-p", "tests.gui.conftest", "-p", "no:cacheprovider",
               "-c", str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path), f"--junitxml={junit}",
               f"--timeout={INNER_TIMEOUT_S}", "-o", "timeout_method=thread", "-q", str(tmp_path / "test_tiny_gui.py")]
    started = time.monotonic()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=INNER_TIMEOUT_S * 4,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, check=False)
    elapsed = time.monotonic() - started
    assert junit.is_file(), f"the inner run did not finish (a dialog blocked?):\n{done.stdout}\n{done.stderr}"
    outcomes = _outcomes(junit)
    assert set(outcomes) == set(EXPECTED), done.stdout
    for name, (outcome, needles) in EXPECTED.items():
        got, text, seconds = outcomes[name]
        assert got == outcome, f"{name}: {got}\n{text}"
        for needle in needles:
            assert needle in text, f"{name}: {needle!r} not in\n{text}"
        assert seconds < 10, f"{name} took {seconds:.1f} s"
    assert elapsed < INNER_TIMEOUT_S, f"the inner run took {elapsed:.1f} s"
