"""Every role × every service use case, against the one documented table (docs/PERMISSIONS.md).

The use cases are enumerated from the code by tools/permissions_table.py (every public function of
``evidence_station/services`` taking a ``ctx``). Each is called once per role with harmless dummy
arguments. Where the table says the role lacks an operation: ``PermissionDeniedError``, exactly one new
audit event with outcome ``refused``, and no other table changed (row counts of every table compared).
Where it says the role has every operation: no role refusal (other errors from the dummy arguments are fine).
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from evidence_station.catalogue.audit_tables import AuditEvent
from evidence_station.domain.errors import PermissionDeniedError
from evidence_station.domain.roles import Role
from evidence_station.services.context import ServiceContext
from evidence_station.services.station import Station
from evidence_station.services.users import login
from tests.conftest import PASSWORD
from tests.reliability.conftest import RecordCases

REPO = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("permissions_table", REPO / "tools" / "permissions_table.py")
assert _spec and _spec.loader
permissions_table = importlib.util.module_from_spec(_spec)
sys.modules["permissions_table"] = permissions_table  # dataclasses look their module up while executing it
_spec.loader.exec_module(permissions_table)

MISSING_ID = 987654
ROLE_REFUSAL = " may not "  # the wording of ServiceContext.require's refusal


def test_documented_table_is_up_to_date() -> None:
    assert permissions_table.OUTPUT.read_text(encoding="utf-8") == permissions_table.render(), (
        "docs/PERMISSIONS.md is out of date: run python tools/permissions_table.py")


def _dummy(annotation: str, tmp: Path, now: datetime) -> Any:
    """A harmless value for a parameter, from its annotation text (all services use postponed annotations)."""
    text = annotation.replace("| None", "").replace("Optional", "").strip()
    if text.startswith(("list", "Sequence", "Iterable", "tuple", "set", "frozenset", "Collection")):
        return [MISSING_ID]
    if text.startswith(("dict", "Mapping")):
        return {}
    simple = {"bool": False, "int": MISSING_ID, "float": 1.0, "str": "x", "datetime": now, "date": now.date()}
    if text in simple:
        return simple[text]
    if "Path" in text:
        return tmp / "nowhere"
    return None


def _arguments(function: Any, tmp: Path, now: datetime) -> tuple[list[Any], dict[str, Any]]:
    positional, keywords = [], {}
    for index, param in enumerate(inspect.signature(function).parameters.values()):
        if index == 0 or param.default is not inspect.Parameter.empty:
            continue
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        value = _dummy(str(param.annotation), tmp, now)
        if param.kind is param.KEYWORD_ONLY:
            keywords[param.name] = value
        else:
            positional.append(value)
    return positional, keywords


def _row_counts(station: Station) -> dict[str, int]:
    db = station.db
    return {t: db.execute_sql(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in db.get_tables()}


@pytest.mark.timeout(300)
def test_every_role_against_every_use_case(imported_station: Station, tmp_path: Path,
                                           record_cases: RecordCases) -> None:
    contexts: dict[Role, ServiceContext] = {role: login(imported_station, "admin" if role is Role.ADMIN
                                                        else role.value, PASSWORD) for role in Role}
    wrong: list[str] = []
    cells = refused = allowed = 0
    for case in permissions_table.use_cases():
        function = getattr(importlib.import_module(f"evidence_station.services.{case.module}"), case.name)
        may = permissions_table.roles_allowed(case)
        for role, ctx in contexts.items():
            cells += 1
            args, kwargs = _arguments(function, tmp_path, ctx.now())
            before = _row_counts(imported_station)
            last_seq = AuditEvent.select().order_by(AuditEvent.seq.desc()).first().seq
            error: BaseException | None = None
            try:
                function(ctx, *args, **kwargs)
            except Exception as exc:  # dummy arguments may not suit internal helpers; only refusals matter
                error = exc
            label = f"{case.qualified} as {role.value}"
            role_refusal = isinstance(error, PermissionDeniedError) and ROLE_REFUSAL in str(error)
            if may is not None and role not in may:
                refused += 1
                if not role_refusal:
                    wrong.append(f"{label}: expected a role refusal, got {error!r}")
                    continue
                new = list(AuditEvent.select().where(AuditEvent.seq > last_seq))
                if len(new) != 1 or new[0].outcome != "refused" or not new[0].action.startswith("refused."):
                    wrong.append(f"{label}: refusal audit events {[(e.action, e.outcome) for e in new]}")
                after = _row_counts(imported_station)
                changed = {t: (before[t], after[t]) for t in before if before[t] != after[t] and t != "audit_event"}
                if changed or after["audit_event"] != before["audit_event"] + 1:
                    wrong.append(f"{label}: the refusal changed tables {changed}")
            else:
                allowed += 1
                if role_refusal:
                    wrong.append(f"{label}: refused by role although the table allows it: {error}")
    record_cases("permission matrix", cells, failures=len(wrong), refused=refused, allowed=allowed)
    print("\n".join(wrong))
    assert wrong == []
    assert refused > 100 and allowed > 100
