"""Use cases: pictures of recordings — list icons, preview strips and snapshots — made and handed out by the station.

* a list icon (tiny, shows no footage worth the name) for any recording the user may know of;
* the preview strip (frames of the footage) only under a live grant, audited;
* pictures of classified recordings only for desks on the service's own machine or allowed by an administrator
  (:mod:`evidence_station.services.classified_streams`, as for the stream): a remote desk gets no list icon and
  an audited refusal of the strip and of a snapshot's image;
* a snapshot is decoded by the station from the stored original at the time the viewer names (in the media
  worker process), stored in the vault as derived evidence with its own SHA-256/SM3, catalogued against its
  session and audited; the client never supplies the image. Its PNG is handed out under a live grant, audited.

Nothing here returns a path: pictures cross the boundary as bytes.
"""

from __future__ import annotations

from evidence_station.api.documents import Document
from evidence_station.api.viewing import GrantView, SnapshotView
from evidence_station.catalogue.database import write_transaction
from evidence_station.catalogue.people import User
from evidence_station.catalogue.recordings import Recording
from evidence_station.catalogue.viewing import Snapshot, ViewingSession
from evidence_station.domain.bookmarks import format_offset
from evidence_station.domain.errors import InvalidInputError, NotFoundError
from evidence_station.domain.messages import Msg
from evidence_station.domain.roles import Operation
from evidence_station.domain.viewing import may_open
from evidence_station.media.frames import Frame, decode_frame
from evidence_station.media.thumbnails import list_icon
from evidence_station.services.bookmark_service import recording_duration_ms
from evidence_station.services.classification_service import classification_of, get_visible_recording
from evidence_station.services.classified_streams import desk_may_stream, highest, require_desk_may_stream
from evidence_station.services.context import ServiceContext
from evidence_station.services.thumbnail_service import thumbnail_path
from evidence_station.services.viewing_service import require_viewing_grant, session_grant_in_force

#: The largest snapshot stored (a decoded frame of a camera file is a few MB at most).
MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024


# ----------------------------------------------------------------------------------------- thumbnails
def recording_thumbnail(ctx: ServiceContext, recording_id: int) -> bytes | None:
    """The list icon of a recording the acting user may know of (PNG, a few dozen pixels high), or None when no
    strip was made (not a video, undecodable, thumbnails skipped) or the footage was disposed of.

    A recording above the user's clearance answers as one that does not exist (the attempt is audited). A
    classified recording has no icon at a remote desk the administrator has not allowed for classified footage
    (the Library asks for every row on screen: no refusal is audited for an icon it shows as a placeholder).
    """
    ctx.require(Operation.LIST_RECORDINGS, "recording", recording_id)
    rec = get_visible_recording(ctx, recording_id, "recording_thumbnail")
    if rec.disposed_at is not None or not desk_may_stream(ctx, classification_of(rec)):
        return None
    return list_icon(thumbnail_path(ctx.station, rec.sha256))


def open_preview(ctx: ServiceContext, recording_id: int) -> bytes | None:
    """The thumbnail strip of a recording (PNG: frames of the footage), under a live grant only; audited.

    Returns None when no strip was made. The tiny list icon (:func:`recording_thumbnail`) needs no grant;
    anything larger does. Classified: only to a desk on the service's machine or one an administrator allowed.
    """
    grant = require_viewing_grant(ctx, recording_id)
    rec = Recording.get_by_id(recording_id)
    require_desk_may_stream(ctx, highest(grant.classification, classification_of(rec)), rec.id, picture="preview")
    ctx.audit("viewing.preview", "recording", recording_id, {"request_id": grant.request_id})
    try:
        return thumbnail_path(ctx.station, rec.sha256).read_bytes()
    except FileNotFoundError:
        return None


# ----------------------------------------------------------------------------------------- snapshots
def take_snapshot(ctx: ServiceContext, session_id: int, offset_ms: int) -> SnapshotView:
    """Decode the picture ``offset_ms`` into the recording of the acting user's open viewing session from the
    stored original, at the video's own size, and keep it as derived evidence: stored in the vault (its own
    SHA-256/SM3), catalogued against the session and its recording, audited. It inherits the recording's
    classification. Needs the session's own grant to be live (audited refusal otherwise)."""
    ctx.require(Operation.OPEN_RECORDING, "viewing_session", session_id)  # the role first, before any lookup
    grant = session_grant_in_force(ctx, session_id, "refused.take_snapshot")
    session = ViewingSession.get_by_id(session_id)
    rec = session.recording
    offset = int(offset_ms)
    if rec.kind != "video":
        raise InvalidInputError(Msg("Recording {id} is not a video; a snapshot is a picture of a video.", id=rec.id))
    duration = recording_duration_ms(rec)
    if offset < 0 or (duration is not None and offset > duration):
        length = f"{duration / 1000:.1f}" if duration is not None else "?"
        raise InvalidInputError(
            Msg(
                "Recording {id} has no moment {offset} ({seconds:.1f} s; it is {length} s long); pick a "
                "time within it.",
                id=rec.id,
                offset=format_offset(offset),
                seconds=offset / 1000,
                length=length,
            ),
        )
    frame = decode_frame(ctx.station.vault.blob_path(rec.sha256), offset, ctx.station.home.cache_dir / "snapshots")
    if isinstance(frame, str):
        raise InvalidInputError(
            Msg(
                "No picture of recording {id} could be decoded at {offset}: {frame}. Choose another moment.",
                id=rec.id,
                offset=format_offset(offset),
                frame=frame,
            ),
        )
    return _store_snapshot(ctx, session, grant, offset, frame)


def _store_snapshot(ctx: ServiceContext, session: ViewingSession, grant: GrantView, offset_ms: int,
                    frame: Frame) -> SnapshotView:
    if len(frame.png) > MAX_SNAPSHOT_BYTES:
        raise InvalidInputError(Msg("The picture is larger than 64 MB; it cannot be kept as a snapshot."))
    stored = ctx.station.vault.store_bytes(frame.png)
    if Recording.select().where(Recording.sha256 == stored.sha256).exists():
        raise InvalidInputError(Msg(
            "These bytes are identical to a stored original; a snapshot cannot stand for one.",
        ))
    now = ctx.now()
    with write_transaction():
        snap = Snapshot.create(session=session, recording=session.recording_id, author=ctx.actor.user_id,
                               offset_ms=offset_ms, sha256=stored.sha256, sm3=stored.sm3, size=stored.size,
                               classification=grant.classification, taken_at=now)
        ctx.audit("viewing.snapshot", "viewing_session", session.id, {
            "snapshot_id": snap.id, "recording_id": session.recording_id, "request_id": grant.request_id,
            "offset_ms": offset_ms, "sha256": stored.sha256, "sm3": stored.sm3, "size": stored.size,
            "width": frame.width, "height": frame.height,
        })
    return SnapshotView(snap.id, session.id, session.recording_id, offset_ms, stored.sha256, stored.sm3,
                        stored.size, grant.classification, ctx.actor.name, now, frame.width, frame.height)


def list_snapshots(ctx: ServiceContext, recording_id: int) -> list[SnapshotView]:
    """The snapshots taken of recording ``recording_id``, by time into it, then by when they were taken.

    Needs only the right to list recordings (no picture is handed out: ``snapshot_image`` needs a live grant); a
    recording above the user's clearance answers as one that does not exist (audited).
    """
    ctx.require(Operation.LIST_RECORDINGS, "recording", recording_id)
    get_visible_recording(ctx, recording_id, "list_snapshots")
    query = (Snapshot.select(Snapshot, User).join(User, on=(Snapshot.author == User.id))
             .where(Snapshot.recording == recording_id).order_by(Snapshot.offset_ms, Snapshot.taken_at, Snapshot.id))
    return [SnapshotView(snap.id, snap.session_id, snap.recording_id, snap.offset_ms, snap.sha256, snap.sm3,
                         snap.size, snap.classification, snap.author.name, snap.taken_at) for snap in query]


def snapshot_image(ctx: ServiceContext, snapshot_id: int) -> Document:
    """The PNG of snapshot ``snapshot_id``: footage, so only under a live grant for its recording and with the
    clearance of the snapshot's own class, and — classified — only to a desk on the service's machine or one an
    administrator allowed; audited."""
    ctx.require(Operation.OPEN_RECORDING, "snapshot", snapshot_id)
    snap = Snapshot.get_or_none(Snapshot.id == snapshot_id)
    if snap is not None:
        get_visible_recording(ctx, snap.recording_id, "snapshot_image")  # hidden: answered as missing, audited
    if snap is None:
        raise NotFoundError(Msg("No snapshot with id {snapshot_id}.", snapshot_id=snapshot_id))
    grant = require_viewing_grant(ctx, snap.recording_id)
    cls = classification_of(snap.classification)
    if not may_open(cls, ctx.actor.clearance):
        raise ctx.refuse(
            Msg(
                "Snapshot {snapshot_id} is classified {label_zh} and needs clearance {level}; {name!r} has "
                "clearance {clearance}.",
                snapshot_id=snapshot_id,
                label_zh=cls.label,
                level=cls.level,
                name=ctx.actor.name,
                clearance=ctx.actor.clearance,
            ),
            "refused.snapshot_image", "snapshot", snapshot_id,
        )
    require_desk_may_stream(ctx, highest(cls, classification_of(Recording.get_by_id(snap.recording_id))),
                            snap.recording_id, picture="snapshot")
    with ctx.station.vault.open_blob(snap.sha256) as handle:
        content = handle.read()
    ctx.audit("viewing.snapshot_image", "snapshot", snap.id,
              {"recording_id": snap.recording_id, "request_id": grant.request_id, "sha256": snap.sha256})
    return Document(file_name=f"snapshot-{snap.id:06d}.png", media_type="image/png", content=content)
