"""Classified footage leaves the service only for desks on its own machine (Art. 20: 涉密载体 and secret footage
are kept under the secrecy rules), unless an administrator allows a named remote desk by its address (the security
setting ``classified_remote_desks``, changed only with the audited ``settings set``).

The rule holds for every picture of a recording the service hands out: the stream of a viewing session, the
preview strip, a snapshot's image and the Library's list icon — and for the disc image of a classified export (a
classified carrier, 涉密载体), which holds the footage itself."""

from __future__ import annotations

from evidence_station.domain.settings import address_list
from evidence_station.domain.viewing import Classification
from evidence_station.services.context import ServiceContext

#: What the refusal names, per kind of picture: (English, Chinese).
_WHAT = {
    "stream": ("streamed", "播放"),
    "preview": ("shown as preview strips", "提供预览图"),
    "snapshot": ("handed out as snapshot images", "提供截图"),
}


def highest(*classifications: Classification | str) -> Classification:
    """The most secret of ``classifications`` (a recording's own class and the one a grant or snapshot carries)."""
    return max((Classification(c) for c in classifications), key=lambda c: c.level)


def desk_may_stream(ctx: ServiceContext, classification: Classification) -> bool:
    """True when the acting session's desk may receive footage (or pictures of it) of ``classification``."""
    if not classification.is_secret or ctx.desk is None:
        return True
    return ctx.desk in address_list(ctx.station.settings.classified_remote_desks)


def require_desk_may_receive_image(ctx: ServiceContext, classification: Classification, export_id: int,
                                   disc: int) -> None:
    """Refuse (audited ``refused.classified_image``) to hand the image of disc ``disc`` of export ``export_id``, a
    carrier of ``classification``, to a remote desk the administrator has not allowed."""
    if desk_may_stream(ctx, classification):
        return
    raise ctx.refuse(
        f"Disc {disc} of export {export_id} is a classified carrier ({classification.value}): its image is handed "
        f"only to desks on the station's own machine, and the desk at {ctx.desk} is not one an administrator has "
        "allowed (settings set classified_remote_desks).",
        "refused.classified_image", "export", export_id, desk=ctx.desk, disc=disc,
        classification=classification.value,
        message_zh=f"导出 {export_id} 的第 {disc} 张光盘为涉密载体（{classification.label_zh}）：其镜像只交付工作站"
                   f"服务本机上的前端，地址为 {ctx.desk} 的远程前端未经系统管理员允许"
                   "（settings set classified_remote_desks）。",
    )


def require_desk_may_stream(ctx: ServiceContext, classification: Classification, recording_id: int, *,
                            picture: str = "stream") -> None:
    """Refuse (audited) to hand classified footage to a remote desk the administrator has not allowed.

    ``picture`` says what was asked for: ``stream`` (a viewing session), ``preview`` (the strip) or ``snapshot``
    (a snapshot's image); it names the refusal's audit action (``refused.classified_stream`` …)."""
    if desk_may_stream(ctx, classification):
        return
    what, what_zh = _WHAT[picture]
    raise ctx.refuse(
        f"Recording {recording_id} is {classification.value}: classified footage is {what} only to desks on the "
        f"station's own machine, and the desk at {ctx.desk} is not one an administrator has allowed "
        "(settings set classified_remote_desks).",
        f"refused.classified_{picture}", "recording", recording_id, desk=ctx.desk,
        classification=classification.value,
        message_zh=f"录像 {recording_id} 为{classification.label_zh}：涉密记录只向工作站服务本机上的前端{what_zh}，"
                   f"地址为 {ctx.desk} 的远程前端未经系统管理员允许（settings set classified_remote_desks）。",
    )
