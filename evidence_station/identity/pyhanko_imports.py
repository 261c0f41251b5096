"""Importing pyHanko and its companions (pyhanko-certvalidator, asn1crypto, oscrypto) without library noise.

cryptography 51 deprecates DSA, and pyHanko imports ``DSAPrivateKey`` at module level, so a plain
``import pyhanko.sign…`` prints a ``CryptographyDeprecationWarning`` on the terminal of every ``export`` and
``report`` — and under ``-W error`` (the test suite) the import raises. The station signs with EC keys and
never touches DSA; the warning says nothing to the person at the desk. Every import of these libraries in
the station goes through :func:`quiet_pyhanko_imports`, which hides exactly that category raised from
exactly those libraries' modules; any other warning still shows.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from cryptography.utils import CryptographyDeprecationWarning

# ``warnings`` matches this against the name of the module whose code triggered the warning.
SIGNING_LIBRARY_MODULES = r"(pyhanko|pyhanko_certvalidator|asn1crypto|oscrypto)(\.|$)"


@contextmanager
def quiet_pyhanko_imports() -> Iterator[None]:
    """Import pyHanko, pyhanko-certvalidator, asn1crypto or oscrypto inside this block.

    Only ``CryptographyDeprecationWarning`` raised while one of those libraries' modules runs is
    ignored, and only inside the block (the warning filters are restored on leaving it). Python's warning
    filters are process-wide: two threads inside such blocks at once can at worst leave this one precise
    filter in place, which is harmless.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=CryptographyDeprecationWarning, module=SIGNING_LIBRARY_MODULES)
        yield
