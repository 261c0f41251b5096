"""GUI tests run on Qt's offscreen platform unless a platform was chosen explicitly, and never block on a dialog.

A modal dialog nobody answers waits forever, and pytest-timeout cannot interrupt Qt's event loop: one
unexpected error box once hung the whole suite. So every GUI test runs under :class:`ModalDialogGuard`
(the autouse ``modal_dialogs`` fixture): ``QDialog.exec`` (of any dialog class) and the static
``QMessageBox``/``QFileDialog``/``QInputDialog``/``QColorDialog``/``QFontDialog`` helpers return a
"rejected" answer at once, and the test is reported failed, naming each dialog's title and text.
A test that expects a dialog patches it itself (its ``monkeypatch.setattr`` runs after this fixture's and
wins), or lets it run for real with ``modal_dialogs.answer_next(handle)``.
"""

import os
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QColor, QFont
from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog
from PySide6.QtWidgets import (
    QApplication,
    QColorDialog,
    QDialog,
    QFileDialog,
    QFontDialog,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
)

from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import InProcessTransport
from evidence_station.domain.roles import Role
from evidence_station.gui.screen_fit import SMALLEST_SCREEN
from evidence_station.server.dispatch import Dispatcher
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from evidence_station.services.users import login
from tests.conftest import PASSWORD, add_user_confirmed

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: What each patched static helper returns: what Qt returns when the person presses Escape / Cancel.
REJECTING_STATICS: dict[type, dict[str, Callable[[], object]]] = {
    QMessageBox: {
        "critical": lambda: QMessageBox.StandardButton.NoButton,
        "warning": lambda: QMessageBox.StandardButton.NoButton,
        "information": lambda: QMessageBox.StandardButton.NoButton,
        "question": lambda: QMessageBox.StandardButton.No,
        "about": lambda: None,
        "aboutQt": lambda: None,
    },
    QFileDialog: {
        "getOpenFileName": lambda: ("", ""),
        "getOpenFileNames": lambda: ([], ""),
        "getSaveFileName": lambda: ("", ""),
        "getExistingDirectory": lambda: "",
        "getOpenFileUrl": lambda: (QUrl(), ""),
        "getOpenFileUrls": lambda: ([], ""),
        "getSaveFileUrl": lambda: (QUrl(), ""),
        "getExistingDirectoryUrl": lambda: QUrl(),
    },
    QInputDialog: {
        "getText": lambda: ("", False),
        "getMultiLineText": lambda: ("", False),
        "getItem": lambda: ("", False),
        "getInt": lambda: (0, False),
        "getDouble": lambda: (0.0, False),
    },
    QColorDialog: {"getColor": lambda: QColor()},
    QFontDialog: {"getFont": lambda: (False, QFont())},
}
#: Classes whose own ``exec`` (and ``exec_``) runs a modal loop; every other dialog class inherits QDialog's.
EXEC_CLASSES = (QDialog, QPrintDialog, QPageSetupDialog)
#: A dialog run for real through ``answer_next`` is rejected (and the test failed) if still open after this.
ANSWER_TIMEOUT_MS = 10_000

GUARD = pytest.StashKey["ModalDialogGuard"]()


def _static_texts(args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[str]:
    named = [kwargs[k] for k in ("title", "caption", "text", "label", "dir") if isinstance(kwargs.get(k), str)]
    return [a for a in args if isinstance(a, str)] + named


def _dialog_texts(dialog: QDialog) -> list[str]:
    texts = [dialog.windowTitle()]
    if isinstance(dialog, QMessageBox):
        texts += [dialog.text(), dialog.informativeText()]
    elif isinstance(dialog, QInputDialog):
        texts.append(dialog.labelText())
    else:
        texts += [label.text() for label in dialog.findChildren(QLabel)][:5]
    return [t for t in texts if t]


class ModalDialogGuard:
    """Answers every modal dialog a test did not expect with "rejected" at once, and remembers it."""

    def __init__(self) -> None:
        self.unexpected: list[str] = []
        self.reported = 0
        self._answers: deque[Callable[[Any], None]] = deque()

    def answer_next(self, handle: Callable[[Any], None]) -> None:
        """Let the next ``exec()`` of a dialog run for real; ``handle(dialog)`` fills it in once it is shown.

        The dialog is rejected if ``handle`` leaves it open or fails (its exception fails the test), and
        after :data:`ANSWER_TIMEOUT_MS` at the latest.
        """
        self._answers.append(handle)

    def record(self, what: str, texts: list[str]) -> None:
        """Remember one unexpected dialog: what opened it, its title and text."""
        title, *rest = texts or [""]
        self.unexpected.append(f"{what}: title {title!r}, text {' | '.join(rest)!r}")

    def report(self) -> str | None:
        """The dialogs recorded since the last report, as a failure message (None if there were none)."""
        new, self.reported = self.unexpected[self.reported:], len(self.unexpected)
        if not new:
            return None
        lines = "\n".join(f"  - {entry}" for entry in new)
        return (f"The test reached {len(new)} modal dialog(s) it did not patch (each was answered 'rejected' at "
                f"once instead of blocking the event loop):\n{lines}\nIf the dialog is expected, monkeypatch it in "
                "the test, or answer it with modal_dialogs.answer_next(handle).")

    def static(self, owner: type, name: str) -> Callable[..., object]:
        """The replacement for the static helper ``owner.name``."""
        rejecting = REJECTING_STATICS[owner][name]

        def refuse(*args: Any, **kwargs: Any) -> object:
            self.record(f"{owner.__name__}.{name}", _static_texts(args, kwargs))
            return rejecting()

        return refuse

    def exec(self, original: Callable[..., int]) -> Callable[..., int]:
        """The replacement for a dialog class's ``exec``."""

        def run(dialog: QDialog, *args: Any) -> int:
            if self._answers:
                return self._answered(original, self._answers.popleft(), dialog, *args)
            self.record(f"{type(dialog).__name__}.exec", _dialog_texts(dialog))
            return int(QDialog.DialogCode.Rejected.value)

        return run

    def _answered(self, original: Callable[..., int], handle: Callable[[Any], None], dialog: QDialog,
                  *args: Any) -> int:
        def answer() -> None:
            try:
                handle(dialog)
            finally:
                if dialog.isVisible():
                    dialog.reject()

        def give_up() -> None:
            self.record(f"{type(dialog).__name__}.exec (answered, still open after {ANSWER_TIMEOUT_MS} ms)",
                        _dialog_texts(dialog))
            dialog.reject()

        watchdog = QTimer(dialog)
        watchdog.setSingleShot(True)
        watchdog.timeout.connect(give_up)
        watchdog.start(ANSWER_TIMEOUT_MS)
        QTimer.singleShot(0, dialog, answer)
        try:
            return original(dialog, *args)
        finally:
            watchdog.stop()


@pytest.fixture(autouse=True)
def modal_dialogs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModalDialogGuard]:
    """No GUI test blocks on a modal dialog: unexpected ones are rejected at once and fail the test."""
    guard = ModalDialogGuard()
    for owner, names in REJECTING_STATICS.items():
        for name in names:
            monkeypatch.setattr(owner, name, staticmethod(guard.static(owner, name)))
    for owner in EXEC_CLASSES:
        for name in ("exec", "exec_"):
            if name in vars(owner):
                monkeypatch.setattr(owner, name, guard.exec(getattr(owner, name)))
    request.node.stash[GUARD] = guard
    yield guard
    late = guard.report()  # dialogs opened after the test body, e.g. by closing its widgets
    if late:
        pytest.fail(f"During teardown: {late}", pytrace=False)


def oversized_windows() -> str:
    """The open windows that cannot fit the smallest screen (1366×768 less a task bar): each names the size its
    layout needs at least."""
    app = QApplication.instance()
    found = []
    for window in app.topLevelWidgets() if app is not None else ():
        if not window.isVisible() or isinstance(window, QMenu):
            continue
        needs = window.minimumSizeHint().expandedTo(window.minimumSize())
        if needs.width() > SMALLEST_SCREEN.width() or needs.height() > SMALLEST_SCREEN.height():
            found.append(f"{type(window).__name__} needs at least {needs.width()}×{needs.height()} pixels")
    return ("Windows that do not fit a 1366×768 screen: " + ", ".join(found)) if found else ""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A test that reached an unexpected modal dialog fails, naming the dialog(s)."""
    report = yield
    guard = item.stash.get(GUARD, None)
    if guard is None or report.when != "call" or report.skipped:
        return report
    message = "; ".join(filter(None, [guard.report(), oversized_windows()]))
    if message and report.passed:
        report.outcome = "failed"
        report.longrepr = message
    elif message:
        report.sections.append(("unexpected modal dialogs", message))
    return report


@pytest.fixture
def dispatcher(station: Station) -> Iterator[Dispatcher]:
    """The embedded station service over the test station (what the desktop program talks to); its stream port
    (footage of viewing sessions) stops with the test."""
    running = Dispatcher(station)
    yield running
    running.streams.stop()


@pytest.fixture
def client_of(dispatcher: Dispatcher) -> Callable[[ServiceContext], StationClient]:
    """The desktop program's client for a logged-in context (an in-process session of the same user)."""
    transport = InProcessTransport(dispatcher)

    def make(ctx: ServiceContext) -> StationClient:
        return StationClient(transport, dispatcher.adopt(ctx))

    return make


@pytest.fixture
def clients(people: dict[str, ServiceContext], client_of: Callable[[ServiceContext], StationClient]
            ) -> dict[str, StationClient]:
    """One client per person of the ``people`` fixture (same names)."""
    return {name: client_of(ctx) for name, ctx in people.items()}


@pytest.fixture
def user_with_role(
    station: Station, admin: ServiceContext, client_of: Callable[[ServiceContext], StationClient]
) -> Callable[[Role], StationClient]:
    """Create one user holding ``role`` (named after it) and give back their client (cheaper than ``people``)."""

    def make(role: Role) -> StationClient:
        add_user_confirmed(admin, name=role.value, roles=[role], password=PASSWORD, display_name=role.value.title())
        return client_of(login(station, role.value, PASSWORD))

    return make


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """When a test's body has ended, the background work it left running (a page's thumbnail job after an import,
    a read in flight) is waited for and its outcome delivered — before the test's fixtures close its station. Left
    running, it went on into the next test against a closed catalogue ("no such table")."""
    from PySide6.QtCore import QThreadPool

    from evidence_station.gui import operations

    try:
        return (yield)
    finally:
        for pool in (QThreadPool.globalInstance(), operations.read_pool()):
            pool.waitForDone(30_000)
        QApplication.processEvents()  # deliver the workers' last reports while their receivers still exist


@pytest.fixture(autouse=True)
def gc_on_gui_thread(qapp: QApplication) -> Iterator[None]:
    """Cyclic garbage is collected on the GUI thread only during a GUI test, as in the program
    (:class:`~evidence_station.gui.gui_thread_gc.GuiThreadGarbageCollector`); at its end, once its widgets were
    closed, what they left is deleted and collected here — never by a collection that a later test's worker thread
    happens to trigger, which destroyed a closed window's password field there and crashed on its cursor timer."""
    import gc

    from PySide6.QtCore import QEvent

    from evidence_station.gui.gui_thread_gc import GuiThreadGarbageCollector

    enabled = gc.isenabled()
    GuiThreadGarbageCollector(qapp)
    try:
        yield
    finally:
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
        for collector in qapp.findChildren(GuiThreadGarbageCollector):  # also one the program's start installed
            collector.stop()
            collector.setParent(None)
            collector.deleteLater()
        if enabled:
            gc.enable()  # the tests after this one collect as usual
