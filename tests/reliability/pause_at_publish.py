"""Run the CLI with the vault's publish step held: ``python -m tests.reliability.pause_at_publish SIGNAL WHICH ARGV…``.

``WHICH`` is ``N`` (the N-th blob published) or ``sha256:<hex>`` (the blob with that digest). Right after that blob
is published — linked into the vault and its folder fsynced — and before the import can catalogue it, the thread
writes ``<sha256> <newly_stored>`` to the file ``SIGNAL`` and waits for ever; the rest of the import goes on. A
test then kills the process with SIGKILL in exactly the window between publishing a blob and committing its
recording row, with no guess about timing.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path


def main(argv: list[str]) -> int:
    """Patch the vault's publish step, then run the CLI with the remaining arguments."""
    from evidence_station.vault.blob_store import Vault

    signal_file, which, *cli_argv = argv
    lock = threading.Lock()
    published = [0]
    real_publish = Vault._publish

    def publish(self: Vault, temp_path: Path, sha256: str, size: int) -> bool:
        newly_stored = real_publish(self, temp_path, sha256, size)
        with lock:
            published[0] += 1
            number = published[0]
        if which == f"sha256:{sha256}" or which == str(number):
            partial = f"{signal_file}.partial"
            Path(partial).write_text(f"{sha256} {newly_stored}\n", encoding="utf-8")
            os.replace(partial, signal_file)
            threading.Event().wait()  # held here until the test kills the process
        return newly_stored

    Vault._publish = publish  # type: ignore[method-assign]
    from evidence_station.cli.main import main as cli_main

    return cli_main(cli_argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
