"""Tables for the custody of the physical media: who handed a card over (交接), and the verified wipe of a card
after its import (every deletion checked against the vault first)."""

from __future__ import annotations

from peewee import AutoField, BigIntegerField, BlobField, CharField, ForeignKeyField, IntegerField, Model, TextField

from evidence_station.catalogue.base import BaseModel, UtcDateTimeField
from evidence_station.catalogue.people import User
from evidence_station.catalogue.recordings import ImportFile, ImportSession, card_path_bytes


class CardHandover(BaseModel):
    """Who handed a card over to the custodian at the start of an import (Art. 15: officers may not keep
    recordings). ``confirmation`` says how the officer confirmed it: ``password`` (a station user with a role that
    may hand over, ``officer_user``) or ``signature`` (a person without an account, who signs the printed record)."""

    id = AutoField()
    import_session = ForeignKeyField(ImportSession, unique=True, backref="handovers")
    import_session_id: int
    officer_name = TextField()
    officer_badge = CharField(default="")
    officer_user = ForeignKeyField(User, null=True, backref="cards_handed_over")
    officer_user_id: int | None
    confirmation = CharField()  # password | signature
    device = TextField(default="")
    handed_at = UtcDateTimeField()
    received_by = ForeignKeyField(User, backref="cards_received")
    received_by_id: int
    recorded_at = UtcDateTimeField()
    note = TextField(default="")

    class Meta:
        table_name = "card_handover"


class CardWipe(BaseModel):
    """One wipe of a card after its import: the desk deletes each imported file only after the station confirmed
    its bytes equal the stored original. ``status``: ``running``, ``completed`` (every stored file deleted),
    ``incomplete`` (some were not), ``interrupted`` (the desk never finished it)."""

    id = AutoField()
    import_session = ForeignKeyField(ImportSession, backref="wipes")
    import_session_id: int
    custodian = ForeignKeyField(User, backref="card_wipes")
    custodian_id: int
    session_id = CharField(default="")  # the service session the desk runs it in
    card_root = TextField()
    started_at = UtcDateTimeField()
    finished_at = UtcDateTimeField(null=True)
    status = CharField(default="running")
    files_deleted = IntegerField(default=0)
    files_refused = IntegerField(default=0)
    files_failed = IntegerField(default=0)
    files_kept = IntegerField(default=0)

    class Meta:
        table_name = "card_wipe"


class CardWipeFile(BaseModel):
    """One file of a wipe: an imported file checked and deleted (or not, and why), or a file left on the card.

    ``outcome``: ``confirmed`` (its bytes equal the original; the desk may delete it), ``deleted``,
    ``delete_failed``, ``mismatch`` (its bytes differ from the original: kept), ``vault_damaged`` (the stored
    original no longer verifies: kept), ``missing`` (no longer on the card), ``kept`` (not imported: junk, links,
    …), ``not_imported`` (on the card but not part of the import, e.g. recorded since: kept)."""

    id = AutoField()
    wipe = ForeignKeyField(CardWipe, backref="files", on_delete="CASCADE")
    wipe_id: int
    import_file = ForeignKeyField(ImportFile, null=True, backref="wipe_checks")
    import_file_id: int | None
    card_path = TextField()
    card_path_raw = BlobField(null=True)
    outcome = CharField()
    size = BigIntegerField(null=True)
    sha256 = CharField(default="")  # the SHA-256 of the card file as the desk read it
    reason = TextField(default="")
    reason_zh = TextField(default="")
    checked_at = UtcDateTimeField(null=True)

    class Meta:
        table_name = "card_wipe_file"

    @property
    def card_path_bytes(self) -> bytes:
        """The exact bytes of the file's path on the card."""
        return card_path_bytes(self.card_path, self.card_path_raw)


#: The tables of this module, in creation order (picked up by :mod:`evidence_station.catalogue.schema`).
MODELS: list[type[Model]] = [CardHandover, CardWipe, CardWipeFile]
