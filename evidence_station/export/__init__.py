"""Evidence-disc building blocks (Art. 17): everything a court receives, made at the station without Qt.

This package turns a plan (plain dataclasses naming the case, producer, extractor, extraction time and
the vault blobs to copy) into a staging tree of byte-identical originals with ``MANIFEST.json`` and its
detached CMS signature, ``SHA256SUMS``/``SM3SUMS``, a bilingual ``README.txt`` and the PAdES-signed
Chinese ``PROVENANCE.pdf``, and builds an ISO 9660 + Joliet + Rock Ridge + UDF image with pycdlib. Reading,
verifying and burning discs is the desk's and lives in :mod:`evidence_station.disc`, which this package uses.
The PDF helpers (CJK font discovery, Chinese paragraph styles, "第 x 页 共 y 页" footers, PAdES signing) are
shared by every PDF the station makes. Modules here may import ``evidence_station.domain``, vault hashing,
``evidence_station.disc`` and third-party libraries (reportlab, pyHanko, pycdlib, cryptography), never Qt,
the catalogue or the services; the CLI and the GUI never import it (a contract in ``pyproject.toml``).
"""
