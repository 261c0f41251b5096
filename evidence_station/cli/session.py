"""Who acts for a command, with which password, on which station home (the connection itself: ``cli/connection.py``)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from evidence_station.client.connect import resolve_home
from evidence_station.domain.errors import InvalidInputError
from evidence_station.domain.messages import Msg

PASSWORD_ENV = "EVIDENCE_STATION_PASSWORD"
USER_ENV = "EVIDENCE_STATION_USER"


def home_of(args: argparse.Namespace) -> Path:
    """The station home for this command."""
    return resolve_home(args.home)


def acting_password(prompt: str = "Password: ") -> str:
    """The acting user's password: ``$EVIDENCE_STATION_PASSWORD`` or the terminal."""
    env = os.environ.get(PASSWORD_ENV)
    if env is not None:
        return env
    if not sys.stdin.isatty():
        raise InvalidInputError(
            Msg(
                "No password: set {PASSWORD_ENV} or run the command in a terminal to be asked for it.",
                PASSWORD_ENV=PASSWORD_ENV,
            ),
        )
    return getpass.getpass(prompt)


def new_password(args: argparse.Namespace, who: str) -> str:
    """A new user's password: ``--password-file`` or typed twice on the terminal."""
    path = getattr(args, "password_file", None)
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise InvalidInputError(Msg(
                "Cannot read the password file {path}: {strerror}.",
                path=path,
                strerror=exc.strerror,
            )) from None
    if not sys.stdin.isatty():
        raise InvalidInputError(Msg(
            "Give the password for {who} with --password-file FILE (no terminal to ask).",
            who=who,
        ))
    first = getpass.getpass(f"New password for {who}: ")
    if first != getpass.getpass("Repeat it: "):
        raise InvalidInputError(Msg("The two passwords differ."))
    return first


def acting_user(args: argparse.Namespace) -> str:
    """The ``--user`` name (or ``$EVIDENCE_STATION_USER``)."""
    name = args.user or os.environ.get(USER_ENV)
    if not name:
        raise InvalidInputError(Msg("Say who is acting with --user NAME."))
    return name

