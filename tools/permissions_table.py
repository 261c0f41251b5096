"""Write docs/PERMISSIONS.md: the role matrix (domain/roles.py PERMISSIONS) and every service use case's checks.

The use cases are found in the code, not listed by hand: every public function of
``evidence_station/services/*.py`` whose first parameter is ``ctx``. For each, the operations it checks
(``Operation.X`` named in its body or in the same module's private helpers it calls) and the further
refusals it can raise through ``ctx.refuse`` (approvals, clearances, ownership), quoted from the code.
tests/reliability/test_permission_matrix.py asserts the services behave as this table says and that the
file is up to date. Usage: ``python tools/permissions_table.py [--check]``.
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SERVICES = REPO / "evidence_station" / "services"
OUTPUT = REPO / "docs" / "PERMISSIONS.md"
sys.path.insert(0, str(REPO))

from evidence_station.domain.roles import PERMISSIONS, Operation, Role  # noqa: E402


@dataclass(frozen=True)
class UseCase:
    """One service function that acts for a logged-in user.

    ``operations`` are checked with ``ctx.require``; when the code also asks ``allowed(roles, Operation.X)``
    (``any_of`` is True) holding ANY of ``operations`` + those grants suffices — for the rest the use case
    narrows what it shows or does instead of refusing.
    """

    module: str
    name: str
    operations: tuple[str, ...]
    further_refusals: tuple[str, ...]
    grants: tuple[str, ...] = ()

    @property
    def qualified(self) -> str:
        """``module.function``."""
        return f"{self.module}.{self.name}"

    @property
    def any_of(self) -> bool:
        """True when any one of several operations lets the user in."""
        return bool(self.grants)


def _text_of(node: ast.expr) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "…" for v in node.values)
    if isinstance(node, ast.BinOp):
        return _text_of(node.left) + _text_of(node.right)
    return "…"


def _summary(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    first = text.split(". ")[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 1] + "…"


def _operation(node: ast.expr) -> str | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Operation" \
            and node.attr in Operation.__members__:
        return Operation[node.attr].value
    return None


class _Index:
    """Every function of every service module, and what each module imports from the others."""

    def __init__(self) -> None:
        self.functions: dict[tuple[str, str], ast.FunctionDef] = {}
        self.names: dict[str, dict[str, tuple[str, str] | str]] = {}
        for path in sorted(SERVICES.glob("*.py")):
            module = path.stem
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names: dict[str, tuple[str, str] | str] = {}
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module == "evidence_station.services":
                    names |= {a.asname or a.name: a.name for a in node.names}
                elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("evidence_station.services."):
                    other = node.module.rsplit(".", 1)[1]
                    names |= {a.asname or a.name: (other, a.name) for a in node.names}
            for node in tree.body:
                if isinstance(node, ast.FunctionDef):
                    self.functions[(module, node.name)] = node
                    names[node.name] = (module, node.name)
            self.names[module] = names

    def callee(self, module: str, call: ast.Call) -> tuple[str, str] | None:
        names = self.names[module]
        if isinstance(call.func, ast.Name):
            target = names.get(call.func.id)
            return target if isinstance(target, tuple) and target in self.functions else None
        if isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name):
            other = names.get(call.func.value.id)
            if isinstance(other, str) and (other, call.func.attr) in self.functions:
                return other, call.func.attr
        return None

    def reach(self, start: tuple[str, str]) -> list[tuple[str, str]]:
        seen = [start]
        for key in seen:
            for node in ast.walk(self.functions[key]):
                if isinstance(node, ast.Call):
                    target = self.callee(key[0], node)
                    if target is not None and target not in seen:
                        seen.append(target)
        return seen

    def use_case(self, key: tuple[str, str]) -> UseCase:
        requires: set[str] = set()
        grants: set[str] = set()
        refusals: list[str] = []
        for part in self.reach(key):
            for node in ast.walk(self.functions[part]):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name == "require" and _operation(node.args[0]):
                    requires.add(_operation(node.args[0]) or "")
                elif name == "allowed" and len(node.args) > 1 and _operation(node.args[1]):
                    grants.add(_operation(node.args[1]) or "")
                elif name == "refuse":
                    text = _summary(_text_of(node.args[0]))
                    if text not in refusals:
                        refusals.append(text)
        return UseCase(key[0], key[1], tuple(sorted(requires)), tuple(refusals), tuple(sorted(grants)))


def use_cases() -> list[UseCase]:
    """Every public service function whose first parameter is ``ctx``, sorted by module and name."""
    index = _Index()
    keys = [k for k, f in index.functions.items()
            if not k[1].startswith("_") and f.args.args and f.args.args[0].arg == "ctx"]
    return [index.use_case(k) for k in sorted(keys)]


def roles_allowed(case: UseCase) -> frozenset[Role] | None:
    """Roles the role checks let in; None when the use case refuses no role outright."""
    if not case.operations:
        return None
    if case.any_of:
        allowed: frozenset[Role] = frozenset()
        for op in (*case.operations, *case.grants):
            allowed |= PERMISSIONS[Operation(op)]
        return allowed
    allowed = frozenset(Role)
    for op in case.operations:
        allowed &= PERMISSIONS[Operation(op)]
    return allowed


def render() -> str:
    """The whole document."""
    roles = list(Role)
    lines = [
        "# Permissions",
        "",
        "<!-- Generated by tools/permissions_table.py from evidence_station/domain/roles.py and the service code;",
        "     do not edit by hand. tests/reliability/test_permission_matrix.py checks the services against it. -->",
        "",
        "Every service use case checks the acting user's roles against one matrix (`PERMISSIONS` in",
        "`evidence_station/domain/roles.py`) before doing anything. A refused attempt raises",
        "`PermissionDeniedError` (CLI exit code 3), writes exactly one audit event with outcome `refused`, and",
        "changes nothing else. On top of the matrix some use cases refuse further, also audited: the director's",
        "approval (Art. 18/19), the classification clearance (Art. 20), and rules about one's own requests.",
        "",
        "## Roles × operations",
        "",
        "| Operation | " + " | ".join(r.value for r in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    for op in Operation:
        marks = " | ".join("✔" if role in PERMISSIONS[op] else "—" for role in roles)
        lines.append(f"| `{op.value}` | {marks} |")
    lines += [
        "",
        "## Service use cases",
        "",
        "Operations: the matrix rows the use case checks (a user needs every one, unless it says \"any of\"; some",
        "use cases without a check of their own only narrow what they show). Roles: who passes the role checks.",
        "Further refusals: the messages of the extra checks, quoted from the code (… stands for a value).",
        "",
        "| Use case | Operations | Roles allowed | Further refusals (audited) |",
        "|---|---|---|---|",
    ]
    for case in use_cases():
        allowed = roles_allowed(case)
        ops = ", ".join(f"`{o}`" for o in case.operations) or "none (helper, or every logged-in user)"
        if case.any_of:
            ops = "any of " + ", ".join(f"`{o}`" for o in sorted({*case.operations, *case.grants}))
        who = "any" if allowed is None else ", ".join(r.value for r in roles if r in allowed) or "nobody"
        further = "<br>".join(t.replace("|", "\\|") for t in case.further_refusals) or "—"
        lines.append(f"| `{case.qualified}` | {ops} | {who} | {further} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) docs/PERMISSIONS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/PERMISSIONS.md is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date: run python tools/permissions_table.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(REPO)} ({len(use_cases())} use cases)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
