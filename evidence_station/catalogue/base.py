"""The peewee base model and the field types every table uses."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from peewee import DateTimeField, Model, TextField

from evidence_station.catalogue.database import database_proxy
from evidence_station.domain.clock import ensure_utc


class UtcDateTimeField(DateTimeField):
    """Stores naive UTC in the database and hands back aware UTC datetimes."""

    def db_value(self, value: Any) -> Any:
        """Convert an aware datetime to naive UTC for storage."""
        if isinstance(value, datetime):
            value = ensure_utc(value).replace(tzinfo=None)
        return super().db_value(value)

    def python_value(self, value: Any) -> Any:
        """Return stored values as aware UTC datetimes."""
        if isinstance(value, str):
            try:  # fast path for SQLite's text form; peewee's own parser tries several formats in turn
                return datetime.fromisoformat(value).replace(tzinfo=UTC)
            except ValueError:
                pass
        value = super().python_value(value)
        if isinstance(value, datetime):
            return value.replace(tzinfo=UTC)
        return value


class JsonField(TextField):
    """JSON stored as text (portable across SQLite and PostgreSQL), keys sorted, Chinese kept readable."""

    def db_value(self, value: Any) -> Any:
        """Serialise to canonical JSON text."""
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def python_value(self, value: Any) -> Any:
        """Parse stored JSON text."""
        if value is None:
            return None
        return json.loads(value)


class BaseModel(Model):
    """Base of every catalogue table, bound to the database proxy."""

    class Meta:
        database = database_proxy
        legacy_table_names = False
