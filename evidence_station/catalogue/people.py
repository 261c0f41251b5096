"""Tables for the station's identity and its users."""

from __future__ import annotations

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    ForeignKeyField,
    IntegerField,
    ModelSelect,
    TextField,
)

from evidence_station.catalogue.base import BaseModel, JsonField, UtcDateTimeField


class Station(BaseModel):
    """A station registered in this catalogue (one per desk; several share a PostgreSQL catalogue)."""

    id = AutoField()
    station_uid = CharField(unique=True)
    name = CharField()
    certificate_pem = TextField()
    certificate_sha256 = CharField()
    created_at = UtcDateTimeField()

    class Meta:
        table_name = "station"


class User(BaseModel):
    """A person who uses the station. Roles are in :class:`UserRole`."""

    id = AutoField()
    # backrefs: the rows of other tables that point here (annotations for the type checker only)
    role_rows: ModelSelect[UserRole]
    name = CharField(unique=True)
    display_name = CharField(default="")
    badge_number = CharField(default="")
    password_hash = TextField()
    failed_attempts = IntegerField(default=0)
    locked = BooleanField(default=False)
    active = BooleanField(default=True)
    clearance = IntegerField(default=0)
    created_at = UtcDateTimeField()

    class Meta:
        table_name = "user"


class UserRole(BaseModel):
    """One role held by one user (a person may hold several)."""

    id = AutoField()
    user = ForeignKeyField(User, backref="role_rows", on_delete="CASCADE")
    user_id: int
    role = CharField()

    class Meta:
        table_name = "user_role"
        indexes = ((("user", "role"), True),)


class RetiredCertificate(BaseModel):
    """A station certificate whose key was retired (``station migrate``): it still verifies what was signed before
    ``retired_at``; anything it signed later was signed by a copy of a key that should no longer exist."""

    id = AutoField()
    station_uid = CharField()
    certificate_pem = TextField()
    certificate_sha256 = CharField(unique=True)
    retired_at = UtcDateTimeField()
    successor_sha256 = CharField()
    reason = TextField(default="")

    class Meta:
        table_name = "retired_certificate"


class AccountRequest(BaseModel):
    """A change to an account that waits for a second person (two-person administration, schema version 5).

    ``change``: ``add`` (a user with the admin or director role or a clearance), ``role`` (the admin or director
    role granted), ``clearance`` (raised), ``password`` (another user's reset) or ``unlock``; ``target`` names the
    user; ``params`` what was asked (roles, clearance, …); ``secret`` the new password's stored hash (never the
    password). ``status``: ``pending`` → ``confirmed``, ``refused`` or ``expired`` (after ``expires_at``).
    """

    id = AutoField()
    change = CharField()
    target = CharField(index=True)
    params = JsonField(default=dict)
    secret = TextField(default="")
    requested_by = ForeignKeyField(User, backref="account_requests_made")
    requested_by_id: int
    requested_at = UtcDateTimeField()
    expires_at = UtcDateTimeField()
    status = CharField(default="pending", index=True)
    decided_by = ForeignKeyField(User, null=True, backref="account_requests_decided")
    decided_by_id: int | None
    decided_at = UtcDateTimeField(null=True)
    reason = TextField(default="")

    class Meta:
        table_name = "account_request"
