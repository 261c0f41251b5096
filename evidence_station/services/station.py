"""An opened station: home folder, settings, catalogue, vault, certificate and clock."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509
from peewee import Database

from evidence_station.catalogue.database import open_database, sqlite_url
from evidence_station.catalogue.people import Station as StationRow
from evidence_station.catalogue.schema import ensure_schema
from evidence_station.domain.clock import Clock, SystemClock
from evidence_station.domain.errors import StationNotInitialisedError
from evidence_station.domain.messages import Msg
from evidence_station.domain.settings import Settings
from evidence_station.identity.signer import (
    Pkcs11Config,
    StationSigner,
    load_station_signer,
)
from evidence_station.identity.station_key import (
    StationProtection,
    certificate_protection,
    key_file_is_encrypted,
    load_certificate,
)
from evidence_station.services.export_recovery import mark_interrupted_exports
from evidence_station.services.home import DB_URL_ENV, StationHome
from evidence_station.services.import_recovery import recover_interrupted_imports

if TYPE_CHECKING:
    from evidence_station.vault.blob_store import Vault


def catalogue_url_for(home: StationHome, settings: Settings, explicit: str | None = None) -> str:
    """The catalogue URL in force: explicit, ``$EVIDENCE_STATION_DB_URL``, settings, else SQLite in the home."""
    return explicit or os.environ.get(DB_URL_ENV) or settings.catalogue_url or sqlite_url(home.catalogue_file)


class Station:
    """One station home opened for use. Create with :meth:`open`; one per process."""

    def __init__(self, home: StationHome, settings: Settings, db: Database, clock: Clock) -> None:
        self.home = home
        self.settings = settings
        self.db = db
        self.clock = clock

    @classmethod
    def open(cls, root: Path, *, clock: Clock | None = None, catalogue_url: str | None = None) -> Station:
        """Open an initialised home: connect, migrate (refusing a newer schema), clean vault temp files, record
        exports and imports whose process died as interrupted (removing the blobs such an import published but
        never catalogued)."""
        home = StationHome(Path(root))
        if not home.exists():
            raise StationNotInitialisedError(
                Msg(
                    "No station in {root}. Create one with: evidence-station --home {root} init --admin NAME",
                    root=home.root,
                ),
            )
        settings = Settings.load(home.settings_file)
        db = open_database(catalogue_url_for(home, settings, catalogue_url))
        ensure_schema(db)
        station = cls(home, settings, db, clock or SystemClock())
        station.vault.cleanup_temp()
        remove_stale_export_staging(home.exports_dir)
        mark_interrupted_exports(station.station_uid, home.exports_dir, station.clock.now())
        recover_interrupted_imports(station.station_uid, station.vault, station.clock.now())
        return station

    @property
    def station_uid(self) -> str:
        """This station's id."""
        return self.settings.station_uid

    @cached_property
    def certificate(self) -> x509.Certificate:
        """The station certificate (from the home's identity folder)."""
        return load_certificate(self.home.identity_dir)

    @cached_property
    def signer(self) -> StationSigner:
        """The station's signer, loaded on first use: the key file (readable only by the account running the
        station) or the PKCS#11 token the settings name. No user's password is involved. A home whose key was
        not migrated from the per-user key slots of older versions refuses (:meth:`needs_key_migration`)."""
        return load_station_signer(self.home.identity_dir, pkcs11_config(self.settings))

    def needs_key_migration(self) -> bool:
        """True for a home made before the station service (its key is still encrypted for per-user key slots):
        it opens and reads, but signs nothing until an administrator runs ``station migrate``."""
        return self.settings.signer == "key_file" and key_file_is_encrypted(self.home.identity_dir)

    @property
    def protection(self) -> StationProtection:
        """What the station certificate says about the key (protected: opened by the station service alone)."""
        return certificate_protection(self.certificate)

    def is_service_home(self) -> bool:
        """True for a home prepared for ``serve``: ``service`` set and a certificate saying it is protected."""
        return bool(self.settings.service) and self.protection is StationProtection.PROTECTED

    @property
    def vault_dir(self) -> Path:
        """The vault folder: ``settings.vault_dir`` (a folder shared by several stations) or the home's own."""
        return Path(self.settings.vault_dir) if self.settings.vault_dir else self.home.vault_dir

    @property
    def protected_folders(self) -> tuple[Path, ...]:
        """Where no output option may write: this home and its vault folder (which may lie outside it)."""
        return (self.home.root, self.vault_dir)

    @cached_property
    def vault(self) -> Vault:
        """The write-once vault."""
        from evidence_station.vault.blob_store import Vault

        return Vault(self.vault_dir)

    def registered_certificate_sha256(self) -> str | None:
        """The certificate fingerprint the catalogue registered for this station."""
        row = StationRow.get_or_none(StationRow.station_uid == self.station_uid)
        return row.certificate_sha256 if row else None

    def close(self) -> None:
        """Close the catalogue connection."""
        if not self.db.is_closed():
            self.db.close()


def pkcs11_config(settings: Settings) -> Pkcs11Config | None:
    """The token settings when the station key lives on a PKCS#11 token (``signer: pkcs11``), else None."""
    if settings.signer != "pkcs11":
        return None
    return Pkcs11Config(module=settings.pkcs11_module, token_label=settings.pkcs11_token,
                        key_label=settings.pkcs11_key_label, pin_file=settings.pkcs11_pin_file)


def remove_stale_export_staging(exports_dir: Path) -> int:
    """Remove staging folders (copies of originals) left by exports whose process died; return how many.

    Export staging folders end in ``-pid<N>``; one whose process no longer runs was left by a killed export.
    """
    import re
    import shutil

    from evidence_station.vault.blob_store import process_alive

    removed = 0
    for folder in exports_dir.glob(".staging-*") if exports_dir.is_dir() else ():
        match = re.search(r"-pid(\d+)$", folder.name)
        if match and process_alive(int(match.group(1))):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed
