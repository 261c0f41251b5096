"""Card file names as bytes: kept exactly, shown escaped.

A camera writes its names in whatever encoding it likes (a FAT card written in GBK gives ``张三.MP4`` as
``b'\\xd5\\xc5\\xc8\\xfd.MP4'`` on Linux), and any file system but FAT allows newlines, control characters
and Unicode bidi overrides in names. The station keeps the exact bytes (:func:`raw_bytes`; the catalogue
stores them beside the text when the two differ) and shows everyone — people, JSON, PDFs, discs, audit
events — :func:`display_name`, which is always valid UTF-8 without control characters:

* a name that is valid UTF-8 with no control, format or separator character and no backslash is shown
  unchanged (NFC or NFD alike: the code points are the name's own);
* any other name is escaped: every backslash doubled (``\\\\``), ``\\n`` ``\\r`` ``\\t``, other C0 controls
  and DEL as ``\\xNN`` (NN below 80), other invisible characters (C1 controls, bidi overrides, zero-width
  characters, line and paragraph separators) as ``\\uNNNN``/``\\UNNNNNNNN``, and every byte that is not
  UTF-8 as ``\\xNN`` (NN 80 or above, so never confused with a character).

The escape is reversible (:func:`bytes_from_display`), and no two names are shown the same: an unescaped
name holds no backslash, an escaped one always does. A camera file name keeps its readable parts
(``DCIM/\\xd5\\xc5\\xc8\\xfd.MP4``), so the extension still tells the kind.
"""

from __future__ import annotations

import os
import re
import unicodedata

#: Unicode categories that are invisible or move text around: shown as escapes.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_NAMED = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SURROGATE_ESCAPES = range(0xDC80, 0xDD00)
"""Where Python's ``surrogateescape`` puts the bytes 0x80–0xFF that are not UTF-8."""


def raw_bytes(os_name: str | bytes) -> bytes:
    """The exact bytes of a name as the operating system gave it (``str`` names with surrogate escapes)."""
    return os_name if isinstance(os_name, bytes) else os.fsencode(os_name)


def _is_plain_char(char: str) -> bool:
    return char != "\\" and unicodedata.category(char) not in _HIDDEN_CATEGORIES


def _escape_char(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if code in _SURROGATE_ESCAPES:
        return f"\\x{code - 0xDC00:02x}"  # a byte that is not UTF-8
    if _is_plain_char(char):
        return char
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def display_name(os_name: str | bytes) -> str:
    """How a card name is shown: itself when it is plain UTF-8 text, else escaped (see the module docstring).

    Takes the name as bytes or as the ``str`` the OS gave (undecodable bytes as surrogate escapes). Never
    raises; the result always encodes as UTF-8 and holds no control character.
    """
    text = raw_bytes(os_name).decode("utf-8", "surrogateescape")
    if all(_is_plain_char(char) for char in text):
        return text
    return "".join(_escape_char(char) for char in text)


def stored_raw(os_name: str | bytes) -> bytes | None:
    """The bytes the catalogue must keep beside :func:`display_name` (None when the text says it all)."""
    raw = raw_bytes(os_name)
    return None if display_name(raw).encode("utf-8") == raw else raw


def parse_text(os_name: str | bytes) -> str:
    """A lossy, escape-free text of the name for pattern matching (camera names, date folders): bytes that
    are not UTF-8 become U+FFFD. Never shown and never stored."""
    return raw_bytes(os_name).decode("utf-8", "replace")


_ESCAPE = re.compile(r"\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|U([0-9a-f]{8})|(.))", re.DOTALL)
_UNNAMED = {"\\": "\\", "n": "\n", "r": "\r", "t": "\t"}


def bytes_from_display(display: str) -> bytes:
    """The bytes of the name that :func:`display_name` showed as ``display`` (its inverse).

    Raises ValueError for text that :func:`display_name` cannot have produced.
    """
    if "\\" not in display:
        return display.encode("utf-8")
    out = bytearray()
    position = 0
    for match in _ESCAPE.finditer(display):
        if "\\" in display[position:match.start()]:
            raise ValueError(f"not an escaped name: {display!r}")
        out += display[position:match.start()].encode("utf-8")
        byte, short, long, named = match.groups()
        if byte is not None:
            value = int(byte, 16)
            out += bytes([value]) if value >= 0x80 else chr(value).encode("utf-8")
        elif named is not None:
            if named not in _UNNAMED:
                raise ValueError(f"not an escaped name: {display!r}")
            out += _UNNAMED[named].encode("utf-8")
        else:
            out += chr(int(short or long, 16)).encode("utf-8", "surrogatepass")
        position = match.end()
    if "\\" in display[position:]:
        raise ValueError(f"not an escaped name: {display!r}")
    out += display[position:].encode("utf-8")
    return bytes(out)
