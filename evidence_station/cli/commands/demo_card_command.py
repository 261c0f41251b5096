"""``demo-card DIR [--seed N]``: write a synthetic camera card with real MP4 files."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from evidence_station.cli.commands import command_help
from evidence_station.cli.output import Output
from evidence_station.domain.errors import InvalidInputError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the command to the parser."""
    demo = sub.add_parser("demo-card", help=command_help("demo-card"))
    demo.add_argument("dir", help="folder to write the card into (created; must be empty if it exists)")
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--day", help="recording day YYYY-MM-DD (default: today in the station zone)")
    demo.set_defaults(handler=cmd_demo_card)


def cmd_demo_card(args: argparse.Namespace, out: Output) -> int:
    """Write the card."""
    from evidence_station.media.demo_card import write_demo_card

    dest = Path(args.dir)
    if dest.exists() and any(dest.iterdir()):
        raise InvalidInputError(f"{dest} is not empty; give a new or empty folder for the demo card.",
                                message_zh=f"{dest} 不是空的，请为演示存储卡指定一个新的或空的文件夹。")
    try:
        day = date.fromisoformat(args.day) if args.day else None
    except ValueError:
        raise InvalidInputError(f"Cannot read the day {args.day!r}; use YYYY-MM-DD.",
                                message_zh=f"无法识别日期 {args.day!r}，请使用 YYYY-MM-DD 格式。") from None
    result = write_demo_card(dest, seed=args.seed, day=day)
    out.result({"path": result.path.absolute(), "files": result.files},
               f"Demo card with {len(result.files)} files written to {result.path}")
    return 0
