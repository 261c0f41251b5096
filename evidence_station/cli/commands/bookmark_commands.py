"""``bookmark add|list|edit|withdraw|history|categories`` (Art. 8, 10, 11 markers in recordings), through the
station client."""

from __future__ import annotations

import argparse

from evidence_station.api.bookmarks import BookmarkRevisionView, BookmarkView
from evidence_station.cli.arg_types import record_id
from evidence_station.cli.commands import command_help
from evidence_station.cli.common import as_client
from evidence_station.cli.output import Output
from evidence_station.domain.bookmarks import categories_in_order, format_offset, parse_offset
from evidence_station.domain.clock import iso

_CATEGORY_HELP = "a category value, its Chinese label, or the Art. 10 item number 1–13 (see `bookmark categories`)"
_AT_HELP = "time into the recording: SECONDS, MM:SS or HH:MM:SS"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the commands to the parser."""
    bookmark = sub.add_parser("bookmark", help=command_help("bookmark"))
    actions = bookmark.add_subparsers(dest="bookmark_command", metavar="ACTION")
    actions.required = True

    add = actions.add_parser("add", help="mark a moment of a recording (needs a live viewing grant)")
    add.add_argument("recording_id", type=record_id)
    add.add_argument("--at", required=True, help=_AT_HELP)
    add.add_argument("--category", required=True, help=_CATEGORY_HELP)
    add.add_argument("--note", default="")
    add.set_defaults(handler=cmd_add)

    lst = actions.add_parser("list", help="list bookmarks by recording and time")
    lst.add_argument("--recording", type=record_id, action="append", metavar="ID",
                     help="only this recording (repeatable)")
    lst.add_argument("--all", action="store_true", help="also withdrawn bookmarks")
    lst.set_defaults(handler=cmd_list)

    edit = actions.add_parser("edit", help="change a bookmark (author or director; the old version is kept)")
    edit.add_argument("bookmark_id", type=record_id)
    edit.add_argument("--at", help=_AT_HELP)
    edit.add_argument("--category", help=_CATEGORY_HELP)
    edit.add_argument("--note")
    edit.add_argument("--reason", required=True, help="why (kept in the bookmark's history)")
    edit.set_defaults(handler=cmd_edit)

    withdraw = actions.add_parser("withdraw", help="withdraw a bookmark (it is kept, marked withdrawn)")
    withdraw.add_argument("bookmark_id", type=record_id)
    withdraw.add_argument("--reason", required=True, help="why (kept in the bookmark's history)")
    withdraw.set_defaults(handler=cmd_withdraw)

    history = actions.add_parser("history", help="every version of a bookmark")
    history.add_argument("bookmark_id", type=record_id)
    history.set_defaults(handler=cmd_history)

    categories = actions.add_parser("categories", help="the bookmark categories and their labels")
    categories.set_defaults(handler=cmd_categories)


def bookmark_json(view: BookmarkView) -> dict:
    """The JSON of one bookmark (``bookmark_id``, ``recording_id``, ``offset_ms``, ``category`` …)."""
    return {
        "bookmark_id": view.bookmark_id, "recording_id": view.recording_id, "offset_ms": view.offset_ms,
        "category": view.category, "category_label": view.category_label,
        "category_label_en": view.category_label_en, "note": view.note, "author": view.author,
        "author_label": view.author_label, "created_at": view.created_at, "status": view.status,
        "revision": view.revision, "updated_at": view.updated_at, "at": view.at,
    }


def _line(view: BookmarkView, zone: str | None) -> str:
    withdrawn = " [withdrawn]" if view.status != "active" else ""
    at = f" ({iso(view.at, zone)})" if view.at else ""
    note = f" — {view.note}" if view.note else ""
    return (f"#{view.bookmark_id:<5} recording {view.recording_id:<5} {format_offset(view.offset_ms)}{at} "
            f"{view.category_label}{note} (by {view.author}){withdrawn}")


def _print_one(out: Output, view: BookmarkView) -> int:
    out.result(bookmark_json(view), _line(view, out.zone_name))
    return 0


def cmd_add(args: argparse.Namespace, out: Output) -> int:
    """``bookmark add RECORDING_ID --at T --category CAT [--note TEXT]``."""
    offset = parse_offset(args.at)
    return _print_one(out, as_client(args, out, lambda client: client.add_bookmark(
        args.recording_id, offset_ms=offset, category=args.category, note=args.note)))


def cmd_list(args: argparse.Namespace, out: Output) -> int:
    """``bookmark list [--recording ID] [--all]``."""
    views = as_client(args, out, lambda client: client.list_bookmarks(recording_ids=args.recording,
                                                                      include_withdrawn=args.all))
    out.result({"bookmarks": [bookmark_json(v) for v in views]},
               "\n".join(_line(v, out.zone_name) for v in views) or "No bookmarks.")
    return 0


def cmd_edit(args: argparse.Namespace, out: Output) -> int:
    """``bookmark edit ID [--at T] [--category CAT] [--note TEXT] --reason TEXT``."""
    offset = parse_offset(args.at) if args.at is not None else None
    return _print_one(out, as_client(args, out, lambda client: client.edit_bookmark(
        args.bookmark_id, category=args.category, note=args.note, offset_ms=offset, reason=args.reason)))


def cmd_withdraw(args: argparse.Namespace, out: Output) -> int:
    """``bookmark withdraw ID --reason TEXT``."""
    return _print_one(out, as_client(args, out, lambda client: client.withdraw_bookmark(args.bookmark_id,
                                                                                        reason=args.reason)))


def _revision_line(rev: BookmarkRevisionView, zone: str | None) -> str:
    why = f" — {rev.reason}" if rev.reason else ""
    return f"v{rev.number:<3} {iso(rev.changed_at, zone)} {rev.action:<8} by {rev.changed_by}: {rev.new_values}{why}"


def cmd_history(args: argparse.Namespace, out: Output) -> int:
    """``bookmark history ID``."""
    revisions = as_client(args, out, lambda client: client.bookmark_history(args.bookmark_id))
    out.result({"bookmark_id": args.bookmark_id, "revisions": revisions},
               "\n".join(_revision_line(r, out.zone_name) for r in revisions))
    return 0


def cmd_categories(args: argparse.Namespace, out: Output) -> int:
    """``bookmark categories``: no log-in needed (nothing of the station is read)."""
    cats = categories_in_order()
    data = [{"category": c.value, "category_label": c.label_zh, "category_label_en": c.label_en,
             "article": c.article, "clause": c.clause_zh, "colour": c.colour} for c in cats]
    lines = [f"{c.value:<26} {c.article:<10} {c.label_zh}  ({c.label_en})" for c in cats]
    out.result({"categories": data}, "\n".join(lines))
    return 0
