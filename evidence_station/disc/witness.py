"""Reading the chain head a witness carries: the signed audit checkpoint an evidence disc (image, folder or mounted
disc: ``AUDIT-CHECKPOINT.json``) or a signed document of the station (import receipt, viewing register, monthly
report, disposal certificate: the PDF's attached ``AUDIT-CHECKPOINT.json``) was issued at.

Runs wherever the witness is — at the desk, in the client — and hands back what the station checks its catalogue
against (``audit verify --witness``): the checkpoint as signed, which the station verifies with its own key.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from evidence_station.api.audit import Witness
from evidence_station.disc.disc_reader import open_disc, read_small
from evidence_station.disc.layout import AUDIT_CHECKPOINT_NAME, CHAIN_HEAD_ATTACHMENT
from evidence_station.domain.errors import InvalidInputError, NotFoundError
from evidence_station.domain.messages import Msg
from evidence_station.identity.pyhanko_imports import quiet_pyhanko_imports

#: A PDF's chain head is small; anything bigger is not one.
_MAX_ATTACHMENT = 1 << 20


def _unreadable(path: Path, why: str, why_zh: str) -> InvalidInputError:
    return InvalidInputError(
        f"{path} carries no readable audit chain head ({why}): give an evidence disc or image, or a signed import "
        "receipt, viewing register, monthly report or disposal certificate of this station (documents issued "
        "before 2026-12-06 carry none).",
        message_zh=f"{path} 中没有可读取的审计链头（{why_zh}）：请提供本工作站的证据光盘或镜像，或已签名的导入回执、"
        "查阅登记、合规月报或销毁证明（2026-12-06 之前签发的文件不带链头）。",
    )


def _head(path: Path, data: dict[str, Any], document: str) -> Witness:
    text, signature = data.get("payload_text"), data.get("signature_b64")
    if not isinstance(text, str) or not isinstance(signature, str):
        raise _unreadable(path, "the checkpoint has no signed text", "检查点缺少已签名的内容")
    return Witness(str(path), str(data.get("document") or document), text, signature)


def _resolved(value: Any) -> Any:
    """A PDF object with an indirect reference followed."""
    return value.get_object() if hasattr(value, "get_object") else value


def _attachment(pdf: bytes) -> bytes | None:
    """The bytes of the PDF's attached :data:`CHAIN_HEAD_ATTACHMENT` (latest revision), or None."""
    with quiet_pyhanko_imports():
        from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    names = _resolved(reader.root.get("/Names"))
    tree = _resolved(names.get("/EmbeddedFiles")) if names is not None else None
    pending = [tree] if tree is not None else []
    while pending:
        node = pending.pop()
        pending.extend(_resolved(kid) for kid in _resolved(node.get("/Kids", [])))
        entries = [_resolved(entry) for entry in _resolved(node.get("/Names", []))]
        for name, spec in zip(entries[::2], entries[1::2], strict=False):
            if str(name) == CHAIN_HEAD_ATTACHMENT:
                return bytes(_resolved(_resolved(spec["/EF"])["/F"]).data)
    return None


def read_witness(path: str | Path) -> Witness:
    """The chain head ``path`` carries. :class:`NotFoundError` when it does not exist, :class:`InvalidInputError`
    when it carries none."""
    path = Path(path)
    if not path.exists():
        raise NotFoundError(Msg("No witness at {path}.", path=path))
    if path.is_file():
        with open(path, "rb") as handle:
            start = handle.read(5)
        if start == b"%PDF-":
            try:
                data = _attachment(path.read_bytes())
            except Exception as exc:  # a damaged PDF: say so, never a traceback
                raise _unreadable(path, f"the PDF cannot be read: {exc}", f"无法读取该 PDF：{exc}") from exc
            if data is None or len(data) > _MAX_ATTACHMENT:
                raise _unreadable(path, f"no {CHAIN_HEAD_ATTACHMENT} attached",
                                  f"未附带 {CHAIN_HEAD_ATTACHMENT}")
            return _head(path, _json(path, data), "document")
    data: bytes | None = None
    try:
        with open_disc(path) as disc:
            if AUDIT_CHECKPOINT_NAME in disc.files():
                data = read_small(disc, AUDIT_CHECKPOINT_NAME)
    except (OSError, ValueError, InvalidInputError) as exc:
        text = exc.message if isinstance(exc, InvalidInputError) else str(exc)
        zh = exc.text_zh() if isinstance(exc, InvalidInputError) else str(exc)
        raise _unreadable(path, text, zh) from exc
    if data is None:
        raise _unreadable(path, f"no {AUDIT_CHECKPOINT_NAME} on it", f"其中没有 {AUDIT_CHECKPOINT_NAME}")
    return _head(path, _json(path, data), "evidence_disc")


def _json(path: Path, data: bytes) -> dict[str, Any]:
    try:
        value = json.loads(data.decode("utf-8"))
    except ValueError as exc:
        raise _unreadable(path, f"not JSON: {exc}", f"不是 JSON：{exc}") from exc
    if not isinstance(value, dict):
        raise _unreadable(path, "not a JSON object", "不是 JSON 对象")
    return value
