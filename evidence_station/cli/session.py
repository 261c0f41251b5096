"""Who acts for a command, with which password, on which station home (the connection itself: ``cli/connection.py``)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from evidence_station.client.connect import resolve_home
from evidence_station.domain.errors import InvalidInputError

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
            f"No password: set {PASSWORD_ENV} or run the command in a terminal to be asked for it.",
            message_zh=f"没有密码：请设置环境变量 {PASSWORD_ENV}，或在终端中运行此命令以便输入密码。",
        )
    return getpass.getpass(prompt)


def new_password(args: argparse.Namespace, who: str) -> str:
    """A new user's password: ``--password-file`` or typed twice on the terminal."""
    path = getattr(args, "password_file", None)
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise InvalidInputError(f"Cannot read the password file {path}: {exc.strerror}.",
                                    message_zh=f"无法读取密码文件 {path}：{exc.strerror}。") from None
    if not sys.stdin.isatty():
        raise InvalidInputError(f"Give the password for {who} with --password-file FILE (no terminal to ask).",
                                message_zh=f"请用 --password-file 文件 提供 {who} 的密码（没有终端可供输入）。")
    first = getpass.getpass(f"New password for {who}: ")
    if first != getpass.getpass("Repeat it: "):
        raise InvalidInputError("The two passwords differ.", message_zh="两次输入的密码不一致。")
    return first


def acting_user(args: argparse.Namespace) -> str:
    """The ``--user`` name (or ``$EVIDENCE_STATION_USER``)."""
    name = args.user or os.environ.get(USER_ENV)
    if not name:
        raise InvalidInputError("Say who is acting with --user NAME.", message_zh="请用 --user 用户名 指明操作人。")
    return name

