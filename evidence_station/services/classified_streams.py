"""Classified footage leaves the service only for desks on its own machine (Art. 20: 涉密载体 and secret footage
are kept under the secrecy rules), unless an administrator allows a named remote desk by its address (the security
setting ``classified_remote_desks``, changed only with the audited ``settings set``).

The rule holds for every picture of a recording the service hands out: the stream of a viewing session, the
preview strip, a snapshot's image and the Library's list icon — and for the disc image of a classified export (a
classified carrier, 涉密载体), which holds the footage itself."""

from __future__ import annotations

from collections.abc import Callable

from evidence_station.domain.messages import Msg
from evidence_station.domain.settings import address_list
from evidence_station.domain.viewing import Classification
from evidence_station.services.context import ServiceContext

#: The refusal for each kind of picture asked for (whole sentences, for the translators).
_REFUSALS: dict[str, Callable[..., Msg]] = {
    "stream": lambda **args: Msg(
        "Recording {recording_id} is {classification}: classified footage is streamed only to desks on the station's "
        "own machine, and the desk at {desk} is not one an administrator has allowed (settings set "
        "classified_remote_desks).", **args),
    "preview": lambda **args: Msg(
        "Recording {recording_id} is {classification}: classified footage is shown as preview strips only to desks on "
        "the station's own machine, and the desk at {desk} is not one an administrator has allowed (settings set "
        "classified_remote_desks).", **args),
    "snapshot": lambda **args: Msg(
        "Recording {recording_id} is {classification}: classified footage is handed out as snapshot images only to "
        "desks on the station's own machine, and the desk at {desk} is not one an administrator has allowed (settings "
        "set classified_remote_desks).", **args),
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
        Msg("Disc {disc} of export {export_id} is a classified carrier ({classification}): its image is handed only "
            "to desks on the station's own machine, and the desk at {desk} is not one an administrator has allowed "
            "(settings set classified_remote_desks).", disc=disc, export_id=export_id,
            classification=classification.label, desk=ctx.desk),
        "refused.classified_image", "export", export_id, desk=ctx.desk, disc=disc,
        classification=classification.value,
    )


def require_desk_may_stream(ctx: ServiceContext, classification: Classification, recording_id: int, *,
                            picture: str = "stream") -> None:
    """Refuse (audited) to hand classified footage to a remote desk the administrator has not allowed.

    ``picture`` says what was asked for: ``stream`` (a viewing session), ``preview`` (the strip) or ``snapshot``
    (a snapshot's image); it names the refusal's audit action (``refused.classified_stream`` …)."""
    if desk_may_stream(ctx, classification):
        return
    raise ctx.refuse(
        _REFUSALS[picture](recording_id=recording_id, classification=classification.label, desk=ctx.desk),
        f"refused.classified_{picture}", "recording", recording_id, desk=ctx.desk,
        classification=classification.value,
    )
