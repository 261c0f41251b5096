"""Reading a camera card: scanning its tree and copying each file into the vault.

:mod:`.scan` lists every file on a mounted card exactly once, as an import candidate or as skipped with
a reason (system junk, link not followed, not a regular file, other filesystem, unreadable folder),
without ever following a link, leaving the card or opening anything that is not a regular file.
:mod:`.copy_file` opens one candidate safely (no symlink, still the same regular file of the scanned
size) and streams it once into :class:`~evidence_station.vault.blob_store.Vault`. The import service
calls these per file, usually two files at a time. This package imports only the domain layer, the
vault and the standard library.
"""
