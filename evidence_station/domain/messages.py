"""One message catalogue for the sentences the core says to a person (gettext, extracted by Babel).

A :class:`Msg` is a lazy sentence: the English msgid with ``{name}`` placeholders and the values to put in
them. It is rendered at the edge — the CLI's JSON, the GUI, a PDF — in the reader's language:
``msg.render("zh_CN")`` looks the msgid up in ``resources/locale/zh_CN/LC_MESSAGES/evidence_station.po`` and
fills the translation in; ``str(msg)`` is the English. A value that is itself a :class:`Msg` is rendered in
the same language.

The catalogue: ``tools/messages.py extract`` collects every ``Msg("…")`` of the package into the ``.po``
(``pybabel extract -k Msg``); a packaged program ships the compiled ``.mo`` in
``evidence_station/resources/locale`` (``installers/evidence_station.spec`` compiles it), a checkout reads the
``.po`` itself (with Babel, a dependency of the station), and so does a wheel (``pip install .``), which carries
the ``.po`` in ``evidence_station/resources/locale`` (``setup.py``). ``tests/unit/test_message_catalogue.py`` keeps the
catalogue complete: every msgid of the code translated, nothing fuzzy, the same placeholders on both sides.
"""

from __future__ import annotations

import gettext
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

DOMAIN = "evidence_station"
"""The gettext domain: the file name of the catalogues."""

SOURCE_LANGUAGE = "en"
CATALOGUE_LANGUAGES = ("zh_CN",)
"""The languages with a catalogue (English is the msgid itself)."""

_PACKAGE_DIR = Path(__file__).resolve().parents[1]
PACKAGED_LOCALE_DIR = _PACKAGE_DIR / "resources" / "locale"
"""Where a packaged program keeps the compiled ``.mo`` files."""
SOURCE_LOCALE_DIR = _PACKAGE_DIR.parent / "resources" / "locale"
"""Where a checkout keeps the ``.po`` files (the source of the catalogue)."""

_lock = threading.Lock()
_catalogues: dict[str, Callable[[str], str]] = {}


def catalogue_language(language: str | None) -> str | None:
    """The catalogue that serves ``language`` (``zh``, ``zh_CN``, ``zh-Hans`` → ``zh_CN``); None: English."""
    if not language:
        return None
    tag = language.replace("-", "_").lower()
    if tag.startswith("zh"):
        return "zh_CN"
    return None


def po_file(language: str, locale_dir: Path = SOURCE_LOCALE_DIR) -> Path:
    """The ``.po`` of ``language``."""
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_file(language: str, locale_dir: Path = PACKAGED_LOCALE_DIR) -> Path:
    """The compiled ``.mo`` of ``language``."""
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def read_po(path: Path) -> dict[str, str]:
    """The translated, non-fuzzy entries of a ``.po`` file (msgid → msgstr), read with Babel."""
    from babel.messages.pofile import read_po as babel_read_po

    with path.open("rb") as handle:
        catalog = babel_read_po(handle)
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy
    }


def _load(language: str) -> Callable[[str], str]:
    compiled = mo_file(language, PACKAGED_LOCALE_DIR)
    if compiled.is_file():
        with compiled.open("rb") as handle:
            return gettext.GNUTranslations(handle).gettext
    # A checkout reads resources/locale; an installed wheel carries the same .po in the package (setup.py).
    sources = [po_file(language, folder) for folder in (SOURCE_LOCALE_DIR, PACKAGED_LOCALE_DIR)]
    source = next((path for path in sources if path.is_file()), None)
    table = read_po(source) if source is not None else {}
    return lambda msgid: table.get(msgid, msgid)


def catalogue(language: str) -> Callable[[str], str]:
    """The lookup msgid → translation of ``language`` (loaded once; the msgid itself when untranslated)."""
    with _lock:
        if language not in _catalogues:
            _catalogues[language] = _load(language)
        return _catalogues[language]


def translate(msgid: str, language: str | None) -> str:
    """``msgid`` in ``language`` (the msgid itself when there is no translation)."""
    target = catalogue_language(language)
    if target is None:
        return msgid
    return catalogue(target)(msgid)


class Msg:
    """A sentence for a person, rendered in the reader's language only when shown.

    ``Msg("The vault {vault} is full.", vault=root)``: the msgid is English with ``{name}`` placeholders
    (``str.format`` syntax: ``{size:.1f}``, ``{name!r}`` work); Babel extracts it for the catalogue.
    """

    __slots__ = ("args", "msgid")

    def __init__(self, msgid: str, /, **args: Any) -> None:
        self.msgid = msgid
        self.args = args

    def render(self, language: str | None = SOURCE_LANGUAGE) -> str:
        """The sentence in ``language`` (English for None/``en`` or a language without a catalogue)."""
        text = translate(self.msgid, language)
        if not self.args:
            return text
        values = {name: value.render(language) if isinstance(value, Msg | Items) else value
                  for name, value in self.args.items()}
        return text.format(**values)

    def translated(self, language: str | None) -> bool:
        """Whether the catalogue of ``language`` has this sentence (English always has it)."""
        return catalogue_language(language) is None or translate(self.msgid, language) != self.msgid

    def __str__(self) -> str:
        return self.render(SOURCE_LANGUAGE)

    def __repr__(self) -> str:
        extra = "".join(f", {name}={value!r}" for name, value in self.args.items())
        return f"Msg({self.msgid!r}{extra})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.msgid, self.args) == (other.msgid, other.args)

    def __hash__(self) -> int:
        return hash(self.msgid)


class Said(Msg):
    """A sentence that arrives already rendered — from the station service over the wire, or stored with a
    finding — with its text in each language it came in (``Said(english, zh_CN=chinese)``); English for any
    other language. It is not extracted for the catalogue: it was translated where it was said."""

    __slots__ = ("texts",)

    def __init__(self, english: str, /, **texts: str) -> None:
        super().__init__(english)
        self.texts = {language: text for language, text in texts.items() if text}

    def render(self, language: str | None = SOURCE_LANGUAGE) -> str:
        """The sentence in ``language`` as it was given (English when it was not given in that language)."""
        target = catalogue_language(language)
        return self.texts.get(target, self.msgid) if target else self.msgid

    def translated(self, language: str | None) -> bool:
        """Whether the sentence was given in ``language``."""
        target = catalogue_language(language)
        return target is None or target in self.texts

    def __repr__(self) -> str:
        return f"Said({self.msgid!r}, **{self.texts!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Said) and (self.msgid, self.texts) == (other.msgid, other.texts)

    def __hash__(self) -> int:
        return hash(self.msgid)


class Clause(Msg):
    """A whole sentence used as a clause of a longer one (an item of ``Items(..., clauses=True)``): rendered
    without its closing full stop (``.`` in English, ``。`` in Chinese)."""

    __slots__ = ("sentence",)

    def __init__(self, sentence: Msg) -> None:
        super().__init__(sentence.msgid)
        self.sentence = sentence

    def render(self, language: str | None = SOURCE_LANGUAGE) -> str:
        """The sentence in ``language`` without its closing full stop."""
        return self.sentence.render(language).rstrip(".。")

    def translated(self, language: str | None) -> bool:
        """Whether the sentence is translated into ``language``."""
        return self.sentence.translated(language)

    def __repr__(self) -> str:
        return f"Clause({self.sentence!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Clause) and self.sentence == other.sentence

    def __hash__(self) -> int:
        return hash(self.sentence)


class Items:
    """A list of things for a placeholder, joined the reader's way: ``a, b`` in English, ``a、b`` in Chinese;
    with ``clauses=True`` a list of clauses: ``a; b`` in English, ``a；b`` in Chinese; with ``sentences=True``
    whole sentences: ``A. B.`` in English, ``甲。乙。`` in Chinese."""

    __slots__ = ("items", "separators")

    def __init__(self, items: Iterable[object], *, clauses: bool = False, sentences: bool = False) -> None:
        self.items = tuple(items)
        self.separators = ("", " ") if sentences else ("；", "; ") if clauses else ("、", ", ")

    def render(self, language: str | None = SOURCE_LANGUAGE) -> str:
        """The items joined for ``language`` (each a :class:`Msg` rendered in it)."""
        chinese = catalogue_language(language) == "zh_CN"
        separator = self.separators[0] if chinese else self.separators[1]
        return separator.join(item.render(language) if isinstance(item, Msg) else str(item) for item in self.items)

    def __str__(self) -> str:
        return self.render(SOURCE_LANGUAGE)

    def __repr__(self) -> str:
        return f"Items({list(self.items)!r})"


def render(text: str | Msg, language: str | None) -> str:
    """``text`` in ``language``: a :class:`Msg` rendered, a plain string as it is."""
    return text.render(language) if isinstance(text, Msg) else text


def wire_texts(said: Msg) -> dict[str, str]:
    """A sentence as the wire and the CLI's JSON carry it: ``message`` in English, ``message_zh`` in Chinese."""
    return {"message": str(said), "message_zh": said.render("zh_CN")}


def value_and_label(value: object, label: Msg | str) -> Msg:
    """A choice as its value and its label: ``court (court)``; ``court（法院）`` in Chinese."""
    return Msg("{value} ({label})", value=value, label=label)


def label(labels: Mapping[Any, Msg], key: object, language: str | None = SOURCE_LANGUAGE) -> str:
    """The label of ``key`` in a table of labels (``FINDING_LABELS``, …) rendered in ``language``; the key itself
    when the table has none (a value stored by a newer or older station)."""
    found = labels.get(key)
    return found.render(language) if found is not None else str(key)
