"""run_operation: work on a pool thread, result and progress on the GUI thread, cancel, errors, database."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QMessageBox, QWidget

from evidence_station.catalogue.database import connection_settings, database_proxy
from evidence_station.client.station_client import StationClient
from evidence_station.domain.errors import NotFoundError, OperationCancelledError
from evidence_station.domain.progress import CancelToken, Progress, ProgressCallback
from evidence_station.gui import operations
from evidence_station.gui.operations import run_operation
from evidence_station.services.audit_service import list_audit_events
from evidence_station.services.context import ServiceContext


@pytest.fixture
def parent(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_result_and_progress_arrive_on_the_gui_thread(qtbot: Any, parent: QWidget) -> None:
    seen: dict[str, Any] = {}
    gui_thread = QThread.currentThread()

    def work(progress: ProgressCallback, cancel: CancelToken) -> int:
        seen["worker_thread"] = threading.get_ident()
        for done in range(1, 4):
            progress(Progress(done, 3, "files", f"file {done}"))
        return 42

    def on_success(value: int) -> None:
        seen["value"] = value
        seen["on_gui_thread"] = QThread.currentThread() is gui_thread

    operation = run_operation(parent, work, on_success=on_success, progress_label="Working")
    qtbot.waitUntil(lambda: operation.done, timeout=5000)
    assert seen["value"] == 42 and operation.result == 42
    assert seen["on_gui_thread"]
    assert seen["worker_thread"] != threading.get_ident()
    assert operation.last_progress == Progress(3, 3, "files", "file 3")  # reports reached the GUI thread


def test_cancel_stops_the_work_and_reports_cancelled(qtbot: Any, parent: QWidget) -> None:
    started = threading.Event()
    failures: list[BaseException] = []

    def work(progress: ProgressCallback, cancel: CancelToken) -> None:
        started.set()
        for _ in range(500):
            cancel.raise_if_cancelled()
            time.sleep(0.01)
        raise AssertionError("never cancelled")

    operation = run_operation(parent, work, on_success=lambda _: None, on_failure=failures.append,
                              progress_label="Long work")
    assert started.wait(5)
    operation.cancel()
    qtbot.waitUntil(lambda: operation.done, timeout=5000)
    assert len(failures) == 1 and isinstance(failures[0], OperationCancelledError)


def test_domain_error_is_shown_in_a_message_box_naming_it(
    qtbot: Any, parent: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))

    def work(progress: ProgressCallback, cancel: CancelToken) -> None:
        raise NotFoundError("No recording #7.")

    operation = run_operation(parent, work, on_success=lambda _: None, progress_label="Looking")
    qtbot.waitUntil(lambda: operation.done, timeout=5000)
    assert shown == ["No recording #7."]
    assert isinstance(operation.error, NotFoundError)


def test_worker_uses_its_own_wal_connection_and_the_embedded_client_closes_it(
    qtbot: Any, parent: QWidget, admin: ServiceContext, client_of: Callable[[ServiceContext], StationClient]
) -> None:
    seen: dict[str, Any] = {}
    client = client_of(admin)

    def work(progress: ProgressCallback, cancel: CancelToken) -> int:
        db = database_proxy.obj
        seen["settings"] = connection_settings(db)
        seen["connection"] = db.connection()
        admin.audit("test.from_worker", "thing", 1)  # a write from the worker thread
        found = len(client.list_audit_events(action_contains="test.from_worker"))
        seen["closed_after"] = db.is_closed()  # each call of the embedded service releases the thread's connection
        return found

    main_connection = admin.station.db.connection()
    operation = run_operation(parent, work, on_success=lambda _: None, progress_label="Reading")
    qtbot.waitUntil(lambda: operation.done, timeout=5000)
    assert operation.error is None, operation.error
    assert operation.result == 1
    assert seen["settings"]["journal_mode"] == "wal"
    assert seen["connection"] is not main_connection
    assert seen["closed_after"] is True
    # the GUI thread's connection is untouched and sees the worker's write
    seen_here = list_audit_events(admin, action_contains="test.from_worker")
    assert [e.action for e in seen_here] == ["test.from_worker"]


def test_without_dialog_progress_arrives_as_a_signal(qtbot: Any, parent: QWidget) -> None:
    seen: list[Progress] = []

    def work(progress: ProgressCallback, cancel: CancelToken) -> str:
        progress(Progress(1, 2, "steps", "one"))
        progress(Progress(2, 2, "steps", "two"))
        return "done"

    operation = run_operation(parent, work, on_success=lambda _: None, progress_label="Quiet", show_dialog=False)
    operation.progressed.connect(seen.append)
    assert operation.dialog is None
    qtbot.waitUntil(lambda: operation.done, timeout=5000)
    assert operation.result == "done"
    assert [p.item for p in seen] == ["one", "two"]


def test_deleting_the_parent_cancels_and_skips_the_callbacks(qtbot: Any) -> None:
    parent = QWidget()
    parent.show()
    started, release = threading.Event(), threading.Event()
    called: list[str] = []

    def work(progress: ProgressCallback, cancel: CancelToken) -> None:
        started.set()
        release.wait(5)
        progress(Progress(1, 1, "steps", "after the parent died"))
        cancel.raise_if_cancelled()

    operation = run_operation(parent, work, on_success=lambda _: called.append("success"),
                              on_failure=lambda _: called.append("failure"), progress_label="Orphan")
    finished: list[bool] = []
    operation.finished.connect(lambda: finished.append(True))
    assert started.wait(5)
    parent.deleteLater()  # as closing a window with WA_DeleteOnClose does
    qtbot.waitUntil(lambda: operation.parent_gone, timeout=5000)
    assert operation.token.cancelled
    release.set()
    qtbot.waitUntil(lambda: operation.done, timeout=5000)
    assert finished == [True] and called == []
    assert isinstance(operation.error, OperationCancelledError)
    assert operation not in operations._running


def test_a_worker_outliving_its_operation_reports_nothing_to_stderr(qtbot: Any, capfd: Any) -> None:
    """#20 item 13: the operation (and what it reported through) was deleted while its worker still ran; the
    worker's last report then raised "Signal source has been deleted" on stderr."""
    started, release = threading.Event(), threading.Event()

    def work(progress: ProgressCallback, cancel: CancelToken) -> int:
        started.set()
        release.wait(5)
        progress(Progress(1, 1, "steps", "after the operation died"))
        return 1

    operation = run_operation(None, work, on_success=lambda _: None, progress_label="", show_dialog=False,
                              pool=operations.read_pool())
    assert started.wait(5)
    operations._running.discard(operation)  # as at program exit, when the module's references go
    shiboken6.delete(operation)
    release.set()
    assert operations.read_pool().waitForDone(5000)
    qtbot.wait(50)  # deliver whatever was queued (to nobody)
    assert capfd.readouterr().err == ""


def test_program_exit_with_a_read_in_flight_prints_nothing(tmp_path: Path) -> None:
    """A window closed and the program ended right after a page started a background read (as
    ``gui --smoke-test`` does): the read finishes after exit began, and stderr stays empty."""
    script = tmp_path / "exit_during_read.py"
    script.write_text(textwrap.dedent("""
        import time
        from PySide6.QtWidgets import QApplication, QWidget
        from evidence_station.gui.operations import read_pool, run_operation

        app = QApplication([])
        window = QWidget()

        def slow_read(progress, cancel):
            time.sleep(0.3)
            return 1

        run_operation(window, slow_read, on_success=print, progress_label="", show_dialog=False, pool=read_pool())
        window.deleteLater()
        app.processEvents()
        print("exiting")
    """))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, cwd=Path(__file__).parents[2])
    assert done.returncode == 0 and done.stdout.strip() == "exiting"
    assert done.stderr == ""


def test_shutdown_cancels_work_in_flight_and_waits_for_it(qtbot: Any, parent: QWidget) -> None:
    called: list[str] = []

    def work(progress: ProgressCallback, cancel: CancelToken) -> None:
        for _ in range(500):
            cancel.raise_if_cancelled()
            time.sleep(0.01)

    operation = run_operation(parent, work, on_success=lambda _: called.append("success"),
                              on_failure=lambda _: called.append("failure"), progress_label="", show_dialog=False)
    assert operations.shutdown(5000)
    assert operation.token.cancelled and operation.work_done.is_set()
    qtbot.waitUntil(lambda: operation.done, timeout=5000)
    assert called == []  # nobody is left to tell
