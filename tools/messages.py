"""The core's message catalogue (``evidence_station.domain.messages``): extract, update, compile.

    python tools/messages.py extract [--translations zh.json]   # every Msg("…") of the package into the zh_CN .po (new
                                                # ones untranslated; vanished ones dropped; translations kept)
    python tools/messages.py compile --out DIR  # the .mo files (what a packaged program ships)

Extraction is Babel's (``pybabel extract -k Msg``); the ``.po`` is the source of truth, kept in git.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from evidence_station.domain.messages import CATALOGUE_LANGUAGES, DOMAIN, SOURCE_LOCALE_DIR, mo_file, po_file  # noqa: E402

HEADER = (
    "# The core's sentences in Simplified Chinese (evidence_station.domain.messages).\n"
    "# Kept up to date by `python tools/migrate_message_zh.py` / `python tools/messages.py extract`;\n"
    "# tests/unit/test_message_catalogue.py checks that every msgid of the code is here and translated."
)
PACKAGE = REPO / "evidence_station"
KEYWORDS = {"Msg": None}
"""The call whose first argument is a msgid (Babel keyword spec: None = the first argument)."""


def extracted_msgids(package: Path = PACKAGE) -> dict[str, list[tuple[str, int]]]:
    """Every msgid the code passes to ``Msg``, with where it is used."""
    found: dict[str, list[tuple[str, int]]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(package), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True
    ):
        if isinstance(message, str) and message:
            found.setdefault(message, []).append((f"evidence_station/{filename}", lineno))
    return found


def load_catalog(path: Path, language: str) -> Catalog:
    """The ``.po`` at ``path`` (an empty catalogue when there is none yet)."""
    if not path.is_file():
        return Catalog(locale=language, domain=DOMAIN, project="Evidence Station")
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def save_catalog(catalog: Catalog, path: Path) -> None:
    """Write ``catalog`` to ``path`` sorted by msgid, without dates (same inputs, same file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_output=True, ignore_obsolete=True, include_lineno=False)


def update(translations: dict[str, str] | None = None, language: str = "zh_CN") -> Path:
    """Bring the ``.po`` of ``language`` in line with the code; ``translations`` (msgid → text) are set."""
    path = po_file(language, SOURCE_LOCALE_DIR)
    old = load_catalog(path, language)
    new = Catalog(locale=language, domain=DOMAIN, project="Evidence Station", version="1", fuzzy=False,
                  header_comment=HEADER, creation_date=old.creation_date, revision_date=old.creation_date)
    for msgid, locations in sorted(extracted_msgids().items()):
        previous = old.get(msgid)
        text = (translations or {}).get(msgid) or (previous.string if previous and not previous.fuzzy else "")
        new.add(msgid, text, locations=sorted(set(locations)))
    save_catalog(new, path)
    return path


def compile_catalogues(out: Path) -> list[Path]:
    """Compile every ``.po`` into ``out/<lang>/LC_MESSAGES/evidence_station.mo``."""
    written = []
    for language in CATALOGUE_LANGUAGES:
        catalog = load_catalog(po_file(language, SOURCE_LOCALE_DIR), language)
        target = mo_file(language, out)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """Extract or compile."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    extract_parser = sub.add_parser("extract", help="update the .po files from the code")
    extract_parser.add_argument("--translations", type=Path, help="a JSON file {msgid: Chinese} to put in")
    compile_parser = sub.add_parser("compile", help="compile the .po files to .mo")
    compile_parser.add_argument("--out", type=Path, required=True, help="the locale folder to write")
    args = parser.parse_args(argv)
    if args.command == "extract":
        for language in CATALOGUE_LANGUAGES:
            given = json.loads(args.translations.read_text(encoding="utf-8")) if args.translations else None
            print(f"updated {update(given, language=language).relative_to(REPO)}")
        missing = [m.id for m in load_catalog(po_file("zh_CN", SOURCE_LOCALE_DIR), "zh_CN") if m.id and not m.string]
        for msgid in missing:
            print(f"untranslated: {msgid!r}")
    else:
        for path in compile_catalogues(args.out):
            print(f"compiled {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
