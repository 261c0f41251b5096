"""Starting the desktop program: application, translators, station, log-in, main window, smoke test."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from evidence_station.domain.errors import EvidenceStationError, StationNotInitialisedError
from evidence_station.domain.roles import Role
from evidence_station.gui.i18n import install_translators, remove_translators, station_language
from evidence_station.gui.operations import error_text
from evidence_station.services.context import Actor, ServiceContext
from evidence_station.services.station import Station

APPLICATION_NAME = "Evidence Station"
ORGANISATION_NAME = "EvidenceStation"

#: The read-only actor of ``gui --smoke-test`` (no password, no key slot: it can read but not sign).
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
    return app


def run_gui(home: Path, *, smoke_test: bool = False, user: str | None = None) -> int:
    """Start the GUI on the station in ``home``; return the exit code.

    With ``smoke_test`` no dialog is shown: the main window is built for the read-only
    :data:`SMOKE_ACTOR`, every page is opened in turn, and the function returns 0 — 1 when anything
    raised (traceback on stderr), 2 when ``home`` holds no station (nothing is created).
    """
    try:
        if smoke_test:
            return _smoke_test(Path(home))
        return _interactive(Path(home), user)
    except Exception:
        traceback.print_exc()
        return 1


def _interactive(home: Path, user: str | None) -> int:
    app = application()
    try:
        station = Station.open(home)
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
            ).format(home=home)
        QMessageBox.critical(None, title, text)
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    previous_hook = sys.excepthook
    sys.excepthook = _show_unexpected_error
    try:
        install_translators(station_language(station))
        from evidence_station.gui.login_dialog import LoginDialog
        from evidence_station.gui.main_window import MainWindow

        dialog = LoginDialog(station, user=user, language=station_language(station))
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.context is None:
            return 0
        window = MainWindow(dialog.context)
        window.show()
        code = app.exec()
        window.end_session()
        return code
    finally:
        sys.excepthook = previous_hook
        station.close()


def _show_unexpected_error(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """An exception escaped a slot: print it and tell the user instead of dying silently."""
    traceback.print_exception(kind, error, tb)
    text = QCoreApplication.translate(
        "app", "Something went wrong: {error}\n\nThe details were written to the error output."
    )
    title = QCoreApplication.translate("app", "Unexpected error")
    QMessageBox.critical(None, title, text.format(error=f"{kind.__name__}: {error}"))


def _smoke_test(home: Path) -> int:
    try:
        station = Station.open(home)
    except StationNotInitialisedError as exc:
        print(f"Smoke test needs an initialised station. {exc.message}", file=sys.stderr)
        return 2
    app = application()
    errors: list[str] = []

    def record(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        errors.append("".join(traceback.format_exception(kind, error, tb)))
        traceback.print_exception(kind, error, tb)

    previous_hook = sys.excepthook
    sys.excepthook = record
    try:
        install_translators(station_language(station))
        from evidence_station.gui.main_window import MainWindow

        window = MainWindow(ServiceContext(station, SMOKE_ACTOR))
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
    finally:
        sys.excepthook = previous_hook
        remove_translators()
        station.close()
    if errors:
        print(f"Smoke test: {len(errors)} error(s) while opening the pages.", file=sys.stderr)
        return 1
    print("Smoke test passed: the main window and every page opened.")
    return 0
