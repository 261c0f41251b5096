"""Languages of the user interface: finding, compiling and installing the Qt translation catalogues.

Source text is English; ``resources/translations/evidence_station_<lang>.ts`` hold the translations
(Simplified Chinese is the default language). The compiled ``.qm`` is looked for next to the ``.ts`` in
``build/`` (made by ``resources/compile_translations.py``); when it is missing or older than the ``.ts``
it is compiled at start-up into the user cache folder with ``pyside6-lrelease``, so a fresh clone runs
without a build step. A packaged program ships ready ``.qm`` files in ``evidence_station/resources``.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from evidence_station.api.findings import FindingView
from evidence_station.domain.messages import Msg, label
from evidence_station.gui.qt_gaps import QtGapsTranslator

CATALOGUE = "evidence_station"
DEFAULT_LANGUAGE = "zh_CN"
SOURCE_LANGUAGE = "en"
#: Language code → its name in that language (what the language selectors show).
LANGUAGES: dict[str, str] = {"zh_CN": "简体中文", "en": "English"}

_GUI_DIR = Path(__file__).resolve().parent
#: Where the ``.ts`` sources live in a source checkout.
SOURCE_TRANSLATIONS_DIR = _GUI_DIR.parents[1] / "resources" / "translations"
#: Where a packaged program keeps compiled ``.qm`` files.
PACKAGED_TRANSLATIONS_DIR = _GUI_DIR.parent / "resources" / "translations"

_installed: list[QTranslator] = []
_speaking: list[str] = [SOURCE_LANGUAGE]  # the language whose catalogue is installed now (one element)


def normalise_language(language: str | None) -> str:
    """A supported language code for ``language`` (unknown or empty → the default, Simplified Chinese)."""
    if language in LANGUAGES:
        return language  # type: ignore[return-value]
    if language and language.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def ts_file(language: str, source_dir: Path = SOURCE_TRANSLATIONS_DIR) -> Path:
    """The ``.ts`` source of ``language``."""
    return source_dir / f"{CATALOGUE}_{language}.ts"


def build_dir(source_dir: Path = SOURCE_TRANSLATIONS_DIR) -> Path:
    """The (git-ignored) folder ``compile_translations.py`` writes ``.qm`` files to."""
    return source_dir / "build"


def default_cache_dir() -> Path:
    """Where catalogues compiled at start-up go."""
    return Path(platformdirs.user_cache_dir("EvidenceStation", appauthor=False)) / "translations"


def qt_tool(name: str) -> Path:
    """Path of a Qt tool shipped with PySide6 (``lrelease``, ``lupdate``)."""
    import PySide6

    bundled = Path(PySide6.__file__).parent / name
    if bundled.exists():
        return bundled
    wrapper = Path(sys.executable).with_name(f"pyside6-{name}")
    if wrapper.exists():
        return wrapper
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"The Qt tool {name!r} is missing; install PySide6 (pyside6-{name}).")
    return Path(found)


def is_stale(ts: Path, qm: Path) -> bool:
    """True when ``qm`` is missing or older than its source ``ts``."""
    return not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime


def compile_catalogue(ts: Path, qm: Path) -> Path:
    """Compile ``ts`` into ``qm`` with ``lrelease``; raise RuntimeError naming the file on failure."""
    qm.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [str(qt_tool("lrelease")), "-silent", str(ts), "-qm", str(qm)],
        capture_output=True, text=True, timeout=120,
    )
    if done.returncode != 0 or not qm.exists():
        raise RuntimeError(f"Could not compile the translation {ts}: {(done.stderr or done.stdout).strip()}")
    return qm


def catalogue_file(
    language: str,
    *,
    source_dir: Path = SOURCE_TRANSLATIONS_DIR,
    cache_dir: Path | None = None,
) -> Path | None:
    """The compiled catalogue for ``language``, compiling it into the cache when needed.

    Returns None for the source language (English needs no catalogue) and when no catalogue can be had
    (the interface then stays in English and a warning goes to stderr).
    """
    language = normalise_language(language)
    if language == SOURCE_LANGUAGE:
        return None
    ts = ts_file(language, source_dir)
    name = f"{CATALOGUE}_{language}.qm"
    if not ts.exists():
        packaged = PACKAGED_TRANSLATIONS_DIR / name
        if packaged.exists():
            return packaged
        ts = ts_file(language, PACKAGED_TRANSLATIONS_DIR)  # an installed wheel carries the .ts (setup.py)
        if not ts.exists():
            return None
    built = build_dir(source_dir) / name
    if not is_stale(ts, built):
        return built
    # One cache file per source folder: two checkouts (or installs) sharing the user cache must not take each
    # other's catalogue for theirs just because the other's is newer.
    source_key = hashlib.sha256(str(ts.resolve().parent).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    cached = (cache_dir or default_cache_dir()) / f"{CATALOGUE}_{source_key}_{language}.qm"
    if is_stale(ts, cached):
        try:
            compile_catalogue(ts, cached)
        except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
            print(f"Warning: the {language} translation is not available ({exc}).", file=sys.stderr)
            return None
    return cached


def install_translators(language: str, *, cache_dir: Path | None = None) -> bool:
    """Switch the running application to ``language`` (ours plus Qt's own dialogs' strings).

    Replaces translators installed by an earlier call; widgets receive a ``LanguageChange`` event.
    Returns True when the station's catalogue was loaded (always False for English).
    """
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("Create the QApplication before installing translators.")
    remove_translators()
    language = normalise_language(language)
    QLocale.setDefault(QLocale(language))
    loaded = False
    qm = catalogue_file(language, cache_dir=cache_dir)
    if qm is not None:
        ours = QTranslator(app)
        if ours.load(str(qm)):
            app.installTranslator(ours)
            _installed.append(ours)
            loaded = True
            _speaking[0] = language
    if language.startswith("zh"):
        gaps = QtGapsTranslator(app)  # installed first, so asked last: Qt's catalogue wins where it translates
        app.installTranslator(gaps)
        _installed.append(gaps)
    if language != SOURCE_LANGUAGE:
        qt_base = QTranslator(app)
        if qt_base.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt_base)
            _installed.append(qt_base)
    return loaded


def remove_translators() -> None:
    """Remove the translators :func:`install_translators` installed (back to English)."""
    app = QCoreApplication.instance()
    _speaking[0] = SOURCE_LANGUAGE
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)


def speaks_chinese() -> bool:
    """True when the interface currently speaks Chinese: the Chinese catalogue is installed
    (:func:`install_translators`), so texts from the services are shown in Chinese too."""
    return _speaking[0].startswith("zh")


def interface_language() -> str:
    """The language the interface speaks now (``zh_CN`` or ``en``): the one to render the core's texts in."""
    return _speaking[0]


def shown_label(labels: Mapping[Any, Msg], key: object) -> str:
    """The label of ``key`` in a table of the core's labels (``GAP_REASON_LABELS``, …), in the interface's language
    (the key itself when the table has none)."""
    return label(labels, key, interface_language())


def in_language(english: str, chinese: str | None) -> str:
    """``chinese`` when the interface speaks Chinese and there is such a sentence, else ``english``."""
    return chinese if chinese and speaks_chinese() else english


def progress_text(message: str) -> str:
    """A progress message in the interface's language: the disc and export stages report ``中文 / English``."""
    chinese, separator, english = message.partition(" / ")
    if not separator or not english:
        return message
    return chinese if speaks_chinese() else english


def finding_sentence(finding: FindingView) -> str:
    """A finding's sentence in the interface's language (Chinese when the finding has it)."""
    return in_language(finding.message, finding.message_zh)


def station_language(language: str | None) -> str:
    """The interface language a station is configured for (``StationInfo.language``; the default when None)."""
    return normalise_language(language)
