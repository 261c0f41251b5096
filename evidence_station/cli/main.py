"""Entry point of ``evidence-station``: global options, command dispatch, exit codes."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from evidence_station import __version__
from evidence_station.cli.output import Output
from evidence_station.domain.errors import EvidenceStationError, InvalidInputError
from evidence_station.domain.messages import Said

Handler = Callable[[argparse.Namespace, Output], int]


class UsageError(InvalidInputError):
    """The command line itself is wrong (unknown option, missing argument, a value its type refuses)."""

    code = "usage"
    headline_zh = "命令行用法有误"

    def __init__(self, message: str) -> None:
        super().__init__(Said(message, zh_CN=f"{self.headline_zh}：{message}"))  # argparse's own English


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors as exit code 2 and a plain message (argparse's own default too); ``main``
    reports them like every other error (so ``--json`` gets its error object)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UsageError(message)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser; with ``command`` only that command's module is imported (quick start-up),
    the other commands are listed by name and help."""
    from evidence_station.cli.commands import COMMANDS

    parser = _Parser(
        prog="evidence-station",
        description="执法音像记录证据工作站 — Evidence Station. Store, view and export body-camera recordings.",
    )
    parser.add_argument("--version", action="version", version=f"evidence-station {__version__}")
    parser.add_argument("--home", help="the station's data folder for an embedded station (default: "
                        "$EVIDENCE_STATION_HOME, else the platform's user-data folder)")
    parser.add_argument("--station", metavar="URL", help="act through the station service at unix:PATH or "
                        "https://HOST:PORT (default: $EVIDENCE_STATION_URL, else the system-wide client file)")
    parser.add_argument("--station-ca", metavar="FILE", help="the certificate to trust for an https:// station")
    parser.add_argument("--user", help="who acts (password from $EVIDENCE_STATION_PASSWORD or the terminal)")
    parser.add_argument("--json", action="store_true", help="print exactly one JSON object on stdout")
    parser.add_argument("--db-url", help="embedded station: catalogue URL (sqlite:///… or postgresql://…); "
                        "default from settings")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    if command == _ALL:
        wanted = sorted({module for module, _ in COMMANDS.values()})
    else:
        wanted = [COMMANDS[command][0]] if command in COMMANDS else []
    for module_name in wanted:
        importlib.import_module(f"evidence_station.cli.commands.{module_name}").register(sub)
    for name, (_module, help_text) in COMMANDS.items():
        if name not in sub.choices:
            sub.add_parser(name, help=help_text)
    return parser


#: ``build_parser(_ALL)`` imports every command module (tests, documentation).
_ALL = "*"


def full_parser() -> argparse.ArgumentParser:
    """The parser with every command fully registered."""
    return build_parser(_ALL)


def _command_of(argv: Sequence[str]) -> str | None:
    """The top-level command named in ``argv`` (the first word that is not a global option or its value)."""
    takes_value = {"--home", "--station", "--station-ca", "--user", "--db-url"}
    words = iter(argv)
    for word in words:
        if word in takes_value:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code of CLI.md."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command_of(words))
    try:
        args = parser.parse_args(words)
    except UsageError as exc:
        Output("--json" in words).fail(exc)
        return exc.exit_code
    out = Output(args.json)
    handler: Handler = args.handler
    try:
        return handler(args, out)
    except EvidenceStationError as exc:
        out.fail(exc)
        return exc.exit_code
    except KeyboardInterrupt:
        out.error("cancelled", "Interrupted; nothing half-done was kept.")
        return 1
    except OSError as exc:
        out.error("os_error", f"{exc.strerror or exc} ({exc.filename or ''})".strip())
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
