"""The chain head a signed document is issued at: every document the station signs is a witness of its audit chain.

A receipt, a viewing register, a monthly report, a disposal certificate or an evidence disc carries the signed
audit checkpoint of the chain as it was when the document was made (event count + head hash, signed by the station
key): printed on the sheet and attached to the PDF (``AUDIT-CHECKPOINT.json``, covered by the PDF's signature), on a
disc as ``AUDIT-CHECKPOINT.json`` and in ``MANIFEST.json``. Documents leave the station; so, long after, ``audit
verify --witness DOCUMENT`` shows a catalogue (and log) rolled back or rewritten behind them, even when the station's
own files were put back too (CLI.md, "Witnesses").

Every document writer asks :func:`current_chain_head` once, prints :meth:`ChainHead.line_zh` and signs with
:meth:`ChainHead.witness` attached.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evidence_station.audit.checkpoints import SignedCheckpoint, latest_checkpoint
from evidence_station.domain.errors import IntegrityProblemError
from evidence_station.domain.messages import Msg
from evidence_station.services.context import ServiceContext


@dataclass(frozen=True)
class ChainHead:
    """The signed checkpoint of the chain head a document is issued at."""

    checkpoint: SignedCheckpoint

    @property
    def event_count(self) -> int:
        """How many events the chain held."""
        return int(self.checkpoint.payload["event_count"])

    @property
    def head_hash(self) -> str:
        """The hash of its last event."""
        return str(self.checkpoint.payload["head_hash"])

    def witness(self, document: str) -> dict[str, Any]:
        """The portable signed checkpoint (as a disc carries it) naming the ``document`` kind — what a PDF
        attaches (``import_receipt``, ``viewing_register``, ``monthly_report``, ``disposal_certificate``)."""
        return {"document": document, **self.checkpoint.to_dict()}

    @property
    def line_zh(self) -> str:
        """The line the sheet prints (Chinese, with the English key words)."""
        return (f"审计链头 / audit chain head：第 {self.event_count} 条事件 (events)，哈希 {self.head_hash}，"
                f"已签名检查点 #{self.checkpoint.checkpoint_id}（附件 AUDIT-CHECKPOINT.json；可用 "
                "evidence-station audit verify --witness 本文件 核对）")


def current_chain_head(ctx: ServiceContext, reason: str = "document") -> ChainHead:
    """The chain head now, signed: a new checkpoint when the head is not checkpointed yet, else the latest one."""
    signed = ctx.checkpoint(reason) or latest_checkpoint()
    if signed is None:  # a station signs a checkpoint when it is made: only a catalogue without one gets here
        raise IntegrityProblemError(
            Msg(
                "The audit chain has no signed checkpoint to put on this document; run `evidence-station "
                "audit verify`.",
            ),
        )
    return ChainHead(signed)
