"""``settings show`` and ``settings set KEY VALUE --reason TEXT`` (the station's settings.json, audited)."""

from __future__ import annotations

import argparse

from evidence_station.cli.commands import command_help
from evidence_station.cli.common import as_client
from evidence_station.cli.output import Output
from evidence_station.domain.settings import SECURITY_SETTINGS, SETTABLE_SETTINGS, shown_value


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``settings`` commands."""
    settings = sub.add_parser("settings", help=command_help("settings"))
    actions = settings.add_subparsers(dest="settings_command", metavar="ACTION")
    actions.required = True
    show = actions.add_parser("show", help="every setting in force, what it may hold and, for the security "
                              "settings, whether it is the last audited value")
    show.set_defaults(handler=cmd_settings_show)
    change = actions.add_parser(
        "set", help="change one setting: checked against its bounds, audited with the old and the new value",
        description=f"Settings that can be changed: {', '.join(SETTABLE_SETTINGS)}. Security settings (a reason "
                    f"is required): {', '.join(SECURITY_SETTINGS)}.")
    change.add_argument("key", metavar="KEY")
    change.add_argument("value", metavar="VALUE")
    change.add_argument("--reason", required=True, help="why (kept in the audit log)")
    change.set_defaults(handler=cmd_settings_set)


def cmd_settings_show(args: argparse.Namespace, out: Output) -> int:
    """``settings show``."""
    views = as_client(args, out, lambda client: client.show_settings())
    lines = []
    for view in views:
        line = f"{view.key:<26} {shown_value(view.value):<34} {'security' if view.security else ''}"
        if view.matches_audit is False:
            line += f"  ALTERED: last audited value {shown_value(view.audited_value)}"
        lines.append(line.rstrip())
    out.result({"settings": views}, "\n".join(lines))
    return 0


def cmd_settings_set(args: argparse.Namespace, out: Output) -> int:
    """``settings set KEY VALUE --reason TEXT``."""
    change = as_client(args, out, lambda client: client.set_setting(args.key, args.value, args.reason))
    human = (f"{change.key}: {shown_value(change.old)} -> {shown_value(change.new)} (audited)." if change.changed
             else f"{change.key} is already {shown_value(change.new)}; nothing changed.")
    out.result({"key": change.key, "old": change.old, "new": change.new, "changed": change.changed,
                "reason": change.reason}, human)
    return 0
