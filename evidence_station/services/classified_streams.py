"""Classified footage leaves the service only for desks on its own machine (Art. 20: 涉密载体 and secret footage
are kept under the secrecy rules), unless an administrator allows a named remote desk by its address (the security
setting ``classified_remote_desks``, changed only with the audited ``settings set``)."""

from __future__ import annotations

from evidence_station.domain.settings import address_list
from evidence_station.domain.viewing import Classification
from evidence_station.services.context import ServiceContext


def desk_may_stream(ctx: ServiceContext, classification: Classification) -> bool:
    """True when the acting session's desk may receive footage of ``classification``."""
    if not classification.is_secret or ctx.desk is None:
        return True
    return ctx.desk in address_list(ctx.station.settings.classified_remote_desks)


def require_desk_may_stream(ctx: ServiceContext, classification: Classification, recording_id: int) -> None:
    """Refuse (audited) to open classified footage for a remote desk the administrator has not allowed."""
    if desk_may_stream(ctx, classification):
        return
    raise ctx.refuse(
        f"Recording {recording_id} is {classification.value}: classified footage is streamed only to desks on the "
        f"station's own machine, and the desk at {ctx.desk} is not one an administrator has allowed "
        "(settings set classified_remote_desks).",
        "refused.classified_stream", "recording", recording_id, desk=ctx.desk, classification=classification.value,
        message_zh=f"录像 {recording_id} 为{classification.label_zh}：涉密记录只向工作站服务本机上的前端播放，"
                   f"地址为 {ctx.desk} 的远程前端未经系统管理员允许（settings set classified_remote_desks）。",
    )
