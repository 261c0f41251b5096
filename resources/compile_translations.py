"""Refresh and compile the translation catalogues of the user interface.

    python resources/compile_translations.py            # .ts -> resources/translations/build/*.qm
    python resources/compile_translations.py --update   # first collect new strings from evidence_station/gui
    python resources/compile_translations.py --out DIR  # e.g. for a package

``--update`` runs ``pyside6-lupdate`` over every module of ``evidence_station/gui``: new source strings are
added to the ``.ts`` files as unfinished (fill them in with ``pyside6-linguist``), vanished ones are dropped.
The program compiles stale catalogues itself at start-up, so this script is a convenience and a packaging
step, not a requirement.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from evidence_station.gui.i18n import (  # noqa: E402
    CATALOGUE,
    LANGUAGES,
    SOURCE_LANGUAGE,
    SOURCE_TRANSLATIONS_DIR,
    build_dir,
    compile_catalogue,
    qt_tool,
    ts_file,
)

GUI_DIR = REPO / "evidence_station" / "gui"


def gui_sources(gui_dir: Path = GUI_DIR) -> list[Path]:
    """Every Python module of the GUI package (the files lupdate scans)."""
    return sorted(gui_dir.rglob("*.py"))


def update_ts(ts: Path, sources: list[Path], *, source_language: bool = False) -> None:
    """Merge the strings used in ``sources`` into ``ts`` (adding new ones as unfinished)."""
    command = [str(qt_tool("lupdate")), "-silent", "-no-obsolete", "-locations", "none"]
    if source_language:
        command.append("-pluralonly")  # English is the source text: only plural forms would need entries
    command += [*map(str, sources), "-ts", str(ts)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"lupdate failed for {ts}: {(done.stderr or done.stdout).strip()}")


def main(argv: list[str] | None = None) -> int:
    """Update (optionally) and compile every catalogue."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--update", action="store_true", help="collect strings from the GUI sources first")
    parser.add_argument("--out", type=Path, default=build_dir(), help="folder for the .qm files")
    args = parser.parse_args(argv)
    sources = gui_sources()
    for language in LANGUAGES:
        ts = ts_file(language, SOURCE_TRANSLATIONS_DIR)
        if args.update:
            update_ts(ts, sources, source_language=language == SOURCE_LANGUAGE)
            print(f"updated {ts.relative_to(REPO)}")
        qm = compile_catalogue(ts, args.out / f"{CATALOGUE}_{language}.qm")
        print(f"compiled {qm}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
