"""The hand-over options of ``import`` (``--officer`` …) and the hand-over's JSON (``card handover`` shows it too)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from evidence_station.api.custody import HandoverRequest, HandoverView
from evidence_station.cli.arg_types import local_time, parse_local_time
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg

#: Where a script gives the officer's password (else ``--officer-password-file``, else the terminal asks).
OFFICER_PASSWORD_ENV = "EVIDENCE_STATION_OFFICER_PASSWORD"


def add_handover_options(parser: argparse.ArgumentParser) -> None:
    """``import``'s options naming who handed the card over."""
    group = parser.add_argument_group("hand-over (交接)", "who handed the card over; the receipt becomes the "
                                      "two-party hand-over record")
    group.add_argument("--officer", metavar="USER", help="the officer's station account; the officer confirms with "
                       f"their own password (--officer-password-file, ${OFFICER_PASSWORD_ENV}, or typed)")
    group.add_argument("--officer-password-file", metavar="FILE", help="a file holding the officer's password")
    group.add_argument("--officer-name", metavar="NAME", help="a person without an account: their name (they sign "
                       "the printed hand-over record)")
    group.add_argument("--officer-badge", metavar="NUMBER", help="with --officer-name: their certificate number")
    group.add_argument("--device", metavar="SERIAL", help="the camera (default: the devices named on the card)")
    group.add_argument("--handed-at", type=local_time, metavar="TIME", help="when the card was handed over "
                       "(local time; default: now)")
    group.add_argument("--handover-note", metavar="TEXT", help="a note on the hand-over")


def handover_request(args: argparse.Namespace, zone: str) -> HandoverRequest | None:
    """The hand-over ``import``'s options describe (None: none named)."""
    officer, person = args.officer or "", args.officer_name or ""
    if not officer and not person:
        if any(getattr(args, name) for name in ("officer_badge", "device", "handed_at", "handover_note",
                                                "officer_password_file")):
            raise InvalidInputError(Msg("Name who handed the card over: --officer USER or --officer-name NAME."))
        return None
    if officer and person:
        raise InvalidInputError(Msg(
            "Give either --officer (a station account) or --officer-name (a person without one).",
        ))
    return HandoverRequest(
        officer=officer, officer_password=_officer_password(args) if officer else "", officer_name=person,
        officer_badge=args.officer_badge or "", device=args.device or "",
        handed_at=parse_local_time(args.handed_at, zone), note=args.handover_note or "",
    )


def _officer_password(args: argparse.Namespace) -> str:
    """The officer's own password: ``--officer-password-file``, ``$EVIDENCE_STATION_OFFICER_PASSWORD``, or typed
    by the officer at the terminal."""
    if args.officer_password_file:
        try:
            return Path(args.officer_password_file).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise InvalidInputError(Msg(
                "Cannot read the password file {officer_password_file}: {strerror}.",
                officer_password_file=args.officer_password_file,
                strerror=exc.strerror,
            )
                                    ) from None
    env = os.environ.get(OFFICER_PASSWORD_ENV)
    if env is not None:
        return env
    if not sys.stdin.isatty():
        raise InvalidInputError(
            Msg(
                "The officer {officer!r} confirms the hand-over with their password: give "
                "--officer-password-file or ${OFFICER_PASSWORD_ENV}, or run the command in a terminal.",
                officer=args.officer,
                OFFICER_PASSWORD_ENV=OFFICER_PASSWORD_ENV,
            ))
    return getpass.getpass(f"Password of {args.officer} (the officer types it) / 移交人口令: ")


def handover_json(view: HandoverView | None) -> dict[str, Any] | None:
    """The ``handover`` object of the JSON output."""
    if view is None:
        return None
    return {"handover_id": view.handover_id, "import_id": view.import_id, "officer": view.officer_name,
            "officer_badge": view.officer_badge, "officer_user": view.officer_user, "confirmation": view.confirmation,
            "device": view.device, "handed_at": view.handed_at, "received_by": view.received_by,
            "recorded_at": view.recorded_at, "note": view.note}


def handover_line(view: HandoverView) -> str:
    """One line for people."""
    how = "confirmed with the officer's password" if view.confirmation == "password" else "the officer signs the record"
    badge = f" ({view.officer_badge})" if view.officer_badge else ""
    return (f"Handed over by {view.officer_name}{badge} to {view.received_by}, device {view.device or '-'}: {how}")
