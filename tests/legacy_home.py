"""Build a station home in the layout of the versions before the station service (for the key-migration tests).

Those versions kept the station key as encrypted PKCS#8 whose passphrase — a random data key — was wrapped once
per user under a key derived from that user's password (table ``station_key_slot``, schema version 3).
:func:`make_legacy_home` turns a freshly initialised home into exactly that: every user's password unlocks the
station key, as in the insider reproduction of issue #17.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from peewee import AutoField, BlobField, CharField, ForeignKeyField

from evidence_station.catalogue.base import BaseModel, UtcDateTimeField
from evidence_station.catalogue.database import open_database, sqlite_url
from evidence_station.catalogue.people import User
from evidence_station.catalogue.schema import SchemaVersion
from evidence_station.domain.settings import Settings
from evidence_station.identity.passwords import check_password
from evidence_station.identity.station_key import KEY_FILE
from evidence_station.services.home import StationHome


class OldStationKeySlot(BaseModel):
    """The key-slot table as versions 1–3 of the schema had it."""

    id = AutoField()
    user = ForeignKeyField(User, backref="old_key_slots", on_delete="CASCADE")
    station_uid = CharField()
    nonce = BlobField()
    wrapped = BlobField()
    created_at = UtcDateTimeField()

    class Meta:
        table_name = "station_key_slot"
        indexes = ((("user", "station_uid"), True),)


def make_legacy_home(home_root: Path, passwords: dict[str, str]) -> ec.EllipticCurvePrivateKey:
    """Turn the (closed) home at ``home_root`` into the old layout: the key encrypted under a data key, one key
    slot per user in ``passwords`` (name → password), schema version 3 (the certificate is kept: the checkpoints
    already signed name it). Returns the station key — what any user of the old station could unlock and copy."""
    home = StationHome(home_root)
    settings = Settings.load(home.settings_file)
    key = serialization.load_pem_private_key((home.identity_dir / KEY_FILE).read_bytes(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    data_key = base64.b64encode(os.urandom(32))
    (home.identity_dir / KEY_FILE).unlink()
    fd = os.open(home.identity_dir / KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.BestAvailableEncryption(data_key)))
    db = open_database(settings.catalogue_url or sqlite_url(home.catalogue_file))
    try:
        with db.atomic():
            db.execute_sql('DROP TABLE IF EXISTS "retired_certificate"')
            db.create_tables([OldStationKeySlot])
            now = dt.datetime.now(dt.UTC)
            for name, password in passwords.items():
                user = User.get(User.name == name)
                kek = check_password(user.password_hash, password)
                assert kek is not None, name
                nonce = os.urandom(12)
                wrapped = AESGCM(kek).encrypt(nonce, data_key, settings.station_uid.encode("utf-8"))
                OldStationKeySlot.create(user=user, station_uid=settings.station_uid, nonce=nonce, wrapped=wrapped,
                                         created_at=now)
            SchemaVersion.delete().execute()
            SchemaVersion.create(version=3)
    finally:
        db.close()
    return key
