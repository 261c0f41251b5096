"""Migration helper (issue #21): rewrite ``Err("english", message_zh="中文")`` into ``Err(Msg("english"))``.

    python tools/migrate_message_zh.py FILE...    # rewrites the files, puts the Chinese into the zh_CN .po

f-strings become placeholders (``f"… {x}"`` → ``Msg("… {x}", x=x)``); the Chinese f-string must use the same
expressions (any order). A call it cannot rewrite safely (English not a literal, Chinese using an expression
the English does not, two different Chinese sentences for one msgid) is left as it is and listed. Review every
rewrite (``git diff``).
"""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

from messages import extracted_msgids, load_catalog, update  # noqa: E402

from evidence_station.domain.messages import SOURCE_LOCALE_DIR, po_file  # noqa: E402

IMPORT_LINE = "from evidence_station.domain.messages import Msg\n"
WIDTH = 120


class Skip(Exception):
    """This call is left for a person."""


def _name_for(node: ast.expr, source: str) -> str:
    if isinstance(node, ast.Name):
        return node.id.lstrip("_") or "value"
    if isinstance(node, ast.Attribute):
        return node.attr.lstrip("_") or "value"
    if (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
            and isinstance(node.slice.value, str) and node.slice.value.isidentifier()):
        return node.slice.value
    if isinstance(node, ast.BoolOp):
        first = _name_for(node.values[0], source)
        return "reason" if first == "strerror" else first
    if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
        return _name_for(node.args[0], source)
    text = re.sub(r"[^0-9A-Za-z]+", "_", ast.get_source_segment(source, node) or "").strip("_").lower()
    if not text or not text.isidentifier() or len(text) > 24:
        return "value"
    return text


def _template(node: ast.expr, source: str, names: dict[str, str], *, may_add: bool) -> str:
    """The str.format template of a literal or f-string; ``names`` maps expression dumps to placeholder names."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}")
    if not isinstance(node, ast.JoinedStr):
        raise Skip("not a literal")
    parts = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(str(value.value).replace("{", "{{").replace("}", "}}"))
            continue
        assert isinstance(value, ast.FormattedValue)
        key = ast.dump(value.value)
        if key not in names:
            if not may_add:
                raise Skip(f"Chinese uses {ast.get_source_segment(source, value.value)!r}, the English does not")
            base = _name_for(value.value, source)
            name, n = base, 2
            while name in names.values():
                name, n = f"{base}{n}", n + 1
            names[key] = name
        field = names[key]
        if value.conversion != -1:
            field += "!" + chr(value.conversion)
        if value.format_spec is not None:
            spec = value.format_spec
            if not (isinstance(spec, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in spec.values)):
                raise Skip("computed format spec")
            field += ":" + "".join(str(v.value) for v in spec.values)  # type: ignore[attr-defined]
        parts.append("{" + field + "}")
    return "".join(parts)


def _string_lines(text: str, indent: int) -> list[str]:
    """``text`` as implicitly concatenated literals that fit in WIDTH at ``indent``."""
    room = WIDTH - indent - 3
    pieces: list[str] = []
    rest = text
    while len(json.dumps(rest, ensure_ascii=False)) > room:
        cut = rest.rfind(" ", 0, room - 8)
        if cut <= 0:
            break
        pieces.append(rest[: cut + 1])
        rest = rest[cut + 1 :]
    pieces.append(rest)
    return [_literal(p) for p in pieces]


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _offset(lines: list[str], line: int, col: int) -> int:
    return sum(len(x.encode()) for x in lines[: line - 1]) + col


def rewrite(path: Path, translations: dict[str, str], skipped: list[str]) -> int:
    """Rewrite the calls of ``path``; returns how many."""
    source = path.read_text(encoding="utf-8")
    data = source.encode()
    lines = source.splitlines(keepends=True)
    tree = ast.parse(source)
    edits: list[tuple[int, int, bytes]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        zh = [k for k in node.keywords if k.arg == "message_zh"]
        if not zh:
            continue
        where = f"{path}:{node.lineno}"
        try:
            refuse = isinstance(node.func, ast.Attribute) and node.func.attr == "refuse"  # ctx.refuse(msg, action…)
            problem = isinstance(node.func, ast.Name) and node.func.id == "AuditProblem"  # (kind, msg, seq)
            if problem and len(node.args) >= 2:
                english_node = node.args[1]
            elif not node.args or (len(node.args) != 1 and not refuse):
                raise Skip("not one positional argument")
            else:
                english_node = node.args[0]
            zh_node = zh[0].value
            names: dict[str, str] = {}
            msgid = _template(english_node, source, names, may_add=True)
            msgstr = _template(zh_node, source, names, may_add=False)
            if msgid in translations and translations[msgid] != msgstr:
                raise Skip(f"msgid already translated differently: {translations[msgid]!r}")
        except Skip as why:
            skipped.append(f"{where}: {why}")
            continue
        translations[msgid] = msgstr
        indent = len(lines[english_node.lineno - 1]) - len(lines[english_node.lineno - 1].lstrip())
        expressions = {}
        for value in ast.walk(english_node):
            if isinstance(value, ast.FormattedValue):
                expressions[names[ast.dump(value.value)]] = ast.get_source_segment(source, value.value)
        literal = _string_lines(msgid, indent + 4)
        kwargs = [f"{name}={expr}" for name, expr in expressions.items()]
        one_line = "Msg(" + ", ".join([*literal, *kwargs]) + ")"
        start_col = english_node.col_offset
        if len(literal) == 1 and start_col + len(one_line) + 2 <= WIDTH and "\n" not in "".join(kwargs):
            text = one_line
        else:
            pad = " " * (indent + 4)
            text = "Msg(\n" + "".join(f"{pad}{piece}\n" for piece in literal[:-1]) + f"{pad}{literal[-1]},\n"
            text += "".join(f"{pad}{kw},\n" for kw in kwargs) + " " * indent + ")"
        start = _offset(lines, english_node.lineno, english_node.col_offset)
        end = _offset(lines, english_node.end_lineno or 0, english_node.end_col_offset or 0)
        edits.append((start, end, text.encode()))
        if problem:  # AuditProblem(kind, msg, seq) -> AuditProblem.of(kind, Msg(...), seq)
            func_end = _offset(lines, node.func.end_lineno or 0, node.func.end_col_offset or 0)
            edits.append((func_end, func_end, b".of"))
        # drop ", message_zh=…" from the end of the previous argument to the end of the keyword's value
        keyword = zh[0]
        keyword_start = _offset(lines, keyword.lineno, keyword.col_offset)
        ends = [_offset(lines, n.end_lineno or 0, n.end_col_offset or 0)
                for n in [*node.args, *(k.value for k in node.keywords)]]
        previous_end = max(end for end in ends if end < keyword_start)
        value_end = _offset(lines, keyword.end_lineno or 0, keyword.end_col_offset or 0)  # with its parentheses
        edits.append((previous_end, value_end, b""))
    if not edits:
        return 0
    for start, end, text in sorted(edits, reverse=True):
        data = data[:start] + text + data[end:]
    result = data.decode()
    if IMPORT_LINE not in result:
        result = _add_import(result)
    path.write_text(result, encoding="utf-8")
    return len(edits) // 2


def _add_import(source: str) -> str:
    tree = ast.parse(source)
    last = None
    for stmt in tree.body:
        if isinstance(stmt, ast.ImportFrom | ast.Import):
            last = stmt
        elif last is not None:
            break
    lines = source.splitlines(keepends=True)
    at = last.end_lineno if last else 0
    return "".join([*lines[:at], IMPORT_LINE, *lines[at:]])


def main(argv: list[str]) -> int:
    """Rewrite the files named, then update the catalogue."""
    existing = load_catalog(po_file("zh_CN", SOURCE_LOCALE_DIR), "zh_CN")
    translations = {str(m.id): str(m.string) for m in existing if m.id and m.string}
    skipped: list[str] = []
    total = 0
    for name in argv:
        total += rewrite(Path(name), translations, skipped)
    update(translations)
    missing = set(extracted_msgids()) - set(translations)
    print(f"rewrote {total} call(s)")
    for line in skipped:
        print(f"left: {line}")
    for msgid in sorted(missing):
        print(f"untranslated: {msgid!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
