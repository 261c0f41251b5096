"""The write-once evidence vault: a content-addressed blob store on the local disk.

Every original recording (and every derived file such as a snapshot) lives here exactly once, under
``objects/<sha256[:2]>/<sha256>``, written through a temporary file inside the vault's own ``tmp/``
folder, fsynced, read back and compared, then published with a hard link that never overwrites, made
read-only and made durable by fsyncing its directory. :mod:`~evidence_station.vault.hashing` holds the
one-read SHA-256 + SM3 hashing used by the vault, verification and export; :mod:`.errors` the specific
failures (card read error, vault full, fsync failed, read-back mismatch...). This package imports only
:mod:`evidence_station.domain`, the standard library and ``cryptography``.
"""
