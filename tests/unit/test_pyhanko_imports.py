"""``quiet_pyhanko_imports`` hides one warning category from the signing libraries, nothing else."""

from __future__ import annotations

import warnings

import pytest
from cryptography.utils import CryptographyDeprecationWarning

from evidence_station.identity.pyhanko_imports import quiet_pyhanko_imports


def _warn(category: type[Warning], module: str) -> None:
    warnings.warn_explicit("DSA is deprecated", category, filename=f"{module}.py", lineno=1, module=module)


@pytest.mark.parametrize("module", ["pyhanko.sign.signers.pdf_cms", "pyhanko_certvalidator", "asn1crypto.keys",
                                    "oscrypto._openssl"])
def test_the_cryptography_deprecation_from_the_signing_libraries_is_hidden(module: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with quiet_pyhanko_imports():
            _warn(CryptographyDeprecationWarning, module)


@pytest.mark.parametrize(("category", "module"), [
    (CryptographyDeprecationWarning, "evidence_station.export.manifest"),  # our own use of a deprecated API
    (CryptographyDeprecationWarning, "pyhankox"),
    (UserWarning, "pyhanko.sign.signers.pdf_cms"),
    (DeprecationWarning, "pyhanko.sign"),
])
def test_other_warnings_still_show(category: type[Warning], module: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with quiet_pyhanko_imports(), pytest.raises(category):
            _warn(category, module)


def test_the_filter_ends_with_the_block() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with quiet_pyhanko_imports():
            pass
        with pytest.raises(CryptographyDeprecationWarning):
            _warn(CryptographyDeprecationWarning, "pyhanko.sign.signers.pdf_cms")
