"""What a desk needs to handle evidence discs, with no station: read a disc (image, mounted disc, copied folder or
drive), verify it against its own signed manifest (``verify-disc``), burn an image with xorriso and read the medium
back, read the audit checkpoint a disc carries (for ``verify-disc --against-station``) and the chain head a disc
or a signed document of the station carries (``witness.py``, for ``audit verify --witness``).

Making discs — copying originals out of the vault, signing the manifest and the provenance sheet, writing the
image — is the station's (``evidence_station.export``, which uses this package). Modules here import the domain,
the wire's views (``evidence_station.api``), the certificate helpers of ``identity`` and third-party libraries
(cryptography, pyHanko, pycdlib); never the station's catalogue, vault, services or export, never Qt. The CLI
and the GUI may import it (an import-linter contract in ``pyproject.toml``).
"""
