"""Starting the desktop program: application, translators, the station (service or embedded), log-in, main
window, smoke test."""

from __future__ import annotations

import re
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from evidence_station.api.session import Actor, StationInfo
from evidence_station.client.connect import StationTarget, open_transport
from evidence_station.client.station_client import StationClient
from evidence_station.client.transport import InProcessTransport, Transport
from evidence_station.domain.errors import EvidenceStationError, StationNotInitialisedError
from evidence_station.domain.roles import Role
from evidence_station.gui import operations
from evidence_station.gui.gui_thread_gc import GuiThreadGarbageCollector
from evidence_station.gui.i18n import install_translators, remove_translators, station_language
from evidence_station.gui.operations import error_text

APPLICATION_NAME = "Evidence Station"
ORGANISATION_NAME = "EvidenceStation"

#: The read-only actor of ``gui --smoke-test`` (no password; an auditor: it can read but change nothing).
SMOKE_ACTOR = Actor(
    user_id=0, name="smoke-test", display_name="Smoke test", badge_number="",
    roles=frozenset({Role.AUDITOR}), clearance=0,
)



def application() -> QApplication:
    """The running QApplication, created (with name and organisation) if there is none."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APPLICATION_NAME)
    app.setOrganizationName(ORGANISATION_NAME)
    GuiThreadGarbageCollector.install(app)  # widgets are never destroyed on a worker thread by the collector
    return app


def run_gui(target: StationTarget, *, smoke_test: bool = False, user: str | None = None) -> int:
    """Start the GUI on the station of ``target`` (a station service, or an embedded station on a home); return
    the exit code.

    With ``smoke_test`` no dialog is shown: the main window is built for the read-only :data:`SMOKE_ACTOR` on an
    embedded home, every page is opened in turn, and the function returns 0 — 1 when anything raised (traceback
    on stderr), 2 when there is no embedded station to open (nothing is created).
    """
    try:
        if smoke_test:
            return _smoke_test(target)
        return _interactive(target, user)
    except Exception:
        traceback.print_exc()
        return 1


def _interactive(target: StationTarget, user: str | None) -> int:
    app = application()
    try:
        with open_transport(target) as transport:
            station = transport.station_info()
            return _run_logged_in(app, transport, station, user)
    except EvidenceStationError as exc:
        install_translators(station_language(None))
        title = QCoreApplication.translate("app", "Cannot open the station")
        text = error_text(exc)
        if isinstance(exc, StationNotInitialisedError):
            title = QCoreApplication.translate("app", "No station here")
            text = QCoreApplication.translate(
                "app",
                "No station has been set up in {home}.\n\nAn administrator creates one with:\n"
                "evidence-station --home {home} init --admin NAME",
            ).format(home=target.home)
        QMessageBox.critical(None, title, text)
        print(exc.message, file=sys.stderr)
        return exc.exit_code


def _run_logged_in(app: QApplication, transport: Transport, station: StationInfo, user: str | None) -> int:
    """Log-in, main window, log-out and the next log-in, until the program ends; the exit code."""
    previous_hook = sys.excepthook
    sys.excepthook = _show_unexpected_error
    try:
        install_translators(station_language(station.language))
        from evidence_station.gui.desk_session import DeskSession

        # one user after another (Log out shows the log-in dialog again): the program ends when the log-in dialog
        # is cancelled or the main window closed, not whenever no window happens to be shown
        desk = DeskSession(transport, station, user=user, language=station_language(station.language))
        desk.finished.connect(app.quit)
        app.setQuitOnLastWindowClosed(False)
        desk.start()
        code = app.exec()
        desk.end()
        operations.shutdown()  # reads still in flight stop before the station closes under them
        return code
    finally:
        sys.excepthook = previous_hook


def _show_unexpected_error(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """An exception escaped a slot: print it and tell the user instead of dying silently."""
    traceback.print_exception(kind, error, tb)
    text = QCoreApplication.translate(
        "app", "Something went wrong: {error}\n\nThe details were written to the error output."
    )
    title = QCoreApplication.translate("app", "Unexpected error")
    QMessageBox.critical(None, title, text.format(error=error_summary(kind, error)))


#: PySide6 prefixes an error escaping a Python override once per event filter it passed through.
_OVERRIDE_PREFIXES = re.compile(r"(?:Error calling Python override of [\w:]+\(\): )+")


def error_summary(kind: type[BaseException], error: BaseException, limit: int = 400) -> str:
    """``Kind: message`` for a dialog: without PySide6's repeated override prefixes, at most ``limit`` characters
    of message (the full traceback is on the error output), so the dialog fits on the screen."""
    text = _OVERRIDE_PREFIXES.sub("", str(error))
    if len(text) > limit:
        text = text[:limit] + "…"
    return f"{kind.__name__}: {text}"


def _smoke_test(target: StationTarget) -> int:
    if target.url is not None:
        print("Smoke test needs an embedded station: give --home DIR.", file=sys.stderr)
        return 2
    try:
        with open_transport(target) as transport:
            assert isinstance(transport, InProcessTransport)
            client = StationClient(transport, transport.open_local_session(SMOKE_ACTOR))
            return _open_every_page(client)
    except StationNotInitialisedError as exc:
        print(f"Smoke test needs an initialised station. {exc.message}", file=sys.stderr)
        return 2


def _open_every_page(client: StationClient) -> int:
    app = application()
    errors: list[str] = []

    def record(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        errors.append("".join(traceback.format_exception(kind, error, tb)))
        traceback.print_exception(kind, error, tb)

    previous_hook = sys.excepthook
    sys.excepthook = record
    try:
        install_translators(station_language(client.station.language))
        from evidence_station.gui.main_window import MainWindow

        window = MainWindow(client, ends_session=False)
        window.show()
        app.processEvents()
        for key in window.page_keys():
            window.show_page(key)
            app.processEvents()
        for key, trace in window.broken_pages.items():  # e.g. the first page, built from the navigation
            errors.append(trace)
            print(f"The page {key!r} could not be opened:\n{trace}", file=sys.stderr)
        window.close()
        app.processEvents()
        window.deleteLater()
        app.processEvents()
        operations.shutdown()  # the pages' background reads end before the station closes
    finally:
        sys.excepthook = previous_hook
        remove_translators()
    if errors:
        print(f"Smoke test: {len(errors)} error(s) while opening the pages.", file=sys.stderr)
        return 1
    print("Smoke test passed: the main window and every page opened.")
    return 0
