"""Use cases for several stations sharing one catalogue (PostgreSQL) and one vault folder.

Each station keeps its own identity: its own key, certificate and home; the shared ``station`` table
registers every station's certificate, so checkpoints and discs signed by any of them can be verified.

Key slots (a user's wrapped copy of one station's signing-key secret) are per (user, station). The simplest
secure design, and the one used here:

* The administrator who joins a new station must already be an administrator in the shared catalogue; their
  password is checked (lock-out rules apply) and they get a key slot for the new station at once.
* Any other user can log in and work at the new station at once, but cannot sign there (receipts, exports,
  checkpoints) until a key slot is granted: an administrator logged in at that station runs
  ``station grant-key NAME`` while the user types their own password. The password is not changed, so the
  user's key slots at the other stations stay valid. Nobody but the user learns the password, and nobody
  without a session at the station learns its key.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.serialization import Encoding

from evidence_station.audit.log import append_event
from evidence_station.catalogue.database import open_database, write_transaction
from evidence_station.catalogue.people import Station as StationRow
from evidence_station.catalogue.people import StationKeySlot, User
from evidence_station.catalogue.schema import ensure_schema
from evidence_station.domain.clock import Clock, SystemClock
from evidence_station.domain.errors import AuthenticationError, InvalidInputError, NotFoundError
from evidence_station.domain.roles import Operation
from evidence_station.domain.settings import Settings
from evidence_station.identity.key_slots import wrap_data_key
from evidence_station.identity.passwords import check_password
from evidence_station.identity.station_key import certificate_sha256, create_identity
from evidence_station.services.context import ServiceContext
from evidence_station.services.home import StationHome
from evidence_station.services.station import Station
from evidence_station.services.users import login


@dataclass(frozen=True)
class JoinResult:
    """What ``station join`` made."""

    home: Path
    station_id: str
    station_name: str
    certificate_sha256: str
    vault_dir: Path
    stations: int


@dataclass(frozen=True)
class StationView:
    """A station registered in the catalogue."""

    station_id: str
    name: str
    certificate_sha256: str
    registered_at: datetime
    this_station: bool


@dataclass(frozen=True)
class KeySlotResult:
    """A key slot granted to a user at this station."""

    user: str
    station_id: str
    replaced: bool


def _open_existing_catalogue(catalogue_url: str) -> None:
    if catalogue_url.startswith("sqlite:///") and not Path(catalogue_url[len("sqlite:///"):]).is_file():
        raise NotFoundError(f"There is no catalogue file at {catalogue_url}; check the URL.",
                            message_zh=f"{catalogue_url} 处没有目录数据库文件，请检查该地址。")
    db = open_database(catalogue_url)
    if db.table_exists(StationRow._meta.table_name):
        ensure_schema(db)  # bring an older catalogue up to date, refuse a newer one
    if not db.table_exists(StationRow._meta.table_name) or StationRow.select().count() == 0:
        db.close()
        raise NotFoundError(
            f"The catalogue at {catalogue_url} holds no station yet. Create the first station with "
            "evidence-station --db-url URL --home DIR init --admin NAME --vault SHARED_FOLDER, then join others.",
            message_zh=(f"{catalogue_url} 处的目录数据库中还没有工作站。请先用 evidence-station --db-url URL "
                        "--home DIR init --admin NAME --vault SHARED_FOLDER 创建第一个工作站，再让其他工作站加入。"),
        )


def join_station(
    root: Path,
    *,
    catalogue_url: str,
    admin_name: str,
    admin_password: str,
    vault_dir: Path,
    station_name: str | None = None,
    clock: Clock | None = None,
) -> JoinResult:
    """Make a new station home that shares an existing catalogue and vault folder.

    The new station gets its own key and certificate, is registered in the shared ``station`` table
    (audited as ``station.join``) and the joining administrator — who must be an administrator in that
    catalogue — gets a key slot for it. Nothing is left behind when it fails.
    """
    home = StationHome(Path(root))
    if home.exists():
        raise InvalidInputError(f"{home.root} already holds a station; choose another --home.",
                                message_zh=f"{home.root} 中已有一个工作站，请另选 --home。")
    if not catalogue_url:
        raise InvalidInputError("Name the shared catalogue with --db-url postgresql://USER@SERVER/DATABASE.",
                                message_zh="请用 --db-url postgresql://USER@SERVER/DATABASE 指定共享目录数据库。")
    vault = Path(vault_dir).absolute()
    if not vault.is_dir():
        raise InvalidInputError(
            f"The vault folder {vault} does not exist. Mount the shared vault folder first, then join.",
            message_zh=f"存储库文件夹 {vault} 不存在。请先挂载共享存储库文件夹，再加入。",
        )
    clock = clock or SystemClock()
    _open_existing_catalogue(catalogue_url)
    created_root = not home.root.exists()
    try:
        return _join(home, catalogue_url, admin_name, admin_password, vault, station_name, clock)
    except BaseException:
        if not home.exists():  # settings are written last: no settings, no station — remove the remains
            shutil.rmtree(home.root / "identity", ignore_errors=True)
            if created_root:
                shutil.rmtree(home.root, ignore_errors=True)
        raise


def _join(
    home: StationHome,
    catalogue_url: str,
    admin_name: str,
    admin_password: str,
    vault: Path,
    station_name: str | None,
    clock: Clock,
) -> JoinResult:
    home.root.mkdir(parents=True, exist_ok=True, mode=0o700)
    home.root.chmod(0o700)
    settings = Settings(station_uid=f"ES-{uuid.uuid4().hex[:12].upper()}", catalogue_url=catalogue_url,
                        vault_dir=str(vault))
    if station_name:
        settings.station_name = station_name
    station = Station(home, settings, open_database(catalogue_url), clock)
    # Log in first (wrong passwords count towards the lock-out and are audited), then check the role.
    ctx = login(station, admin_name, admin_password)
    ctx.require(Operation.MANAGE_USERS, "station", settings.station_uid)
    user = User.get_by_id(ctx.actor.user_id)
    kek = check_password(user.password_hash, admin_password)
    if kek is None:  # pragma: no cover - login just accepted this password
        raise AuthenticationError(f"Wrong password for user {admin_name!r}.",
                                  message_zh=f"用户 {admin_name!r} 的密码错误。")
    identity = create_identity(home.identity_dir, settings.station_name, settings.station_uid)
    for folder in (home.checkpoints_dir, home.cache_dir, home.exports_dir):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fingerprint = certificate_sha256(identity.certificate)
    now = clock.now()
    with write_transaction():
        StationRow.create(
            station_uid=settings.station_uid,
            name=settings.station_name,
            certificate_pem=identity.certificate.public_bytes(Encoding.PEM).decode("ascii"),
            certificate_sha256=fingerprint,
            created_at=now,
        )
        nonce, wrapped = wrap_data_key(kek, identity.data_key, settings.station_uid)
        StationKeySlot.create(user=user, station_uid=settings.station_uid, nonce=nonce, wrapped=wrapped,
                              created_at=now)
        append_event(
            at=now,
            station_uid=settings.station_uid,
            actor=admin_name,
            action="station.join",
            object_type="station",
            object_id=settings.station_uid,
            details={"station_name": settings.station_name, "certificate_sha256": fingerprint,
                     "vault_dir": str(vault)},
        )
        stations = StationRow.select().count()
    settings.save(home.settings_file)  # last: its presence marks the home as initialised
    ServiceContext(station, ctx.actor, identity.data_key).checkpoint("station joined")
    station.vault.cleanup_temp()
    station.close()
    return JoinResult(
        home=home.root,
        station_id=settings.station_uid,
        station_name=settings.station_name,
        certificate_sha256=fingerprint,
        vault_dir=vault,
        stations=stations,
    )


def list_stations(ctx: ServiceContext) -> list[StationView]:
    """Every station registered in the catalogue, oldest first (anyone logged in may see them)."""
    here = ctx.station.station_uid
    return [
        StationView(row.station_uid, row.name, row.certificate_sha256, row.created_at, row.station_uid == here)
        for row in StationRow.select().order_by(StationRow.id)
    ]


def grant_key_slot(ctx: ServiceContext, *, name: str, password: str) -> KeySlotResult:
    """Give ``name`` a key slot for this station, wrapped under their current password (admin + the user).

    The user's password is checked, not changed; a wrong one is audited and refused.
    """
    ctx.require(Operation.MANAGE_USERS, "user", name)
    uid = ctx.station.station_uid
    if ctx.data_key is None:
        raise ctx.refuse(
            f"User {ctx.actor.name!r} has no key slot at this station, so cannot grant one; an administrator "
            "who can sign here must do it.", "user.key_slot", "user", name,
            message_zh=(f"用户 {ctx.actor.name!r} 在本工作站没有密钥槽，因此不能为他人授予密钥槽；"
                        "须由能在本工作站签名的管理员办理。"),
        )
    user = User.get_or_none(User.name == name)
    if user is None or not user.active:
        raise NotFoundError(f"No active user named {name!r}.", message_zh=f"没有名为 {name!r} 的在用用户。")
    kek = check_password(user.password_hash, password)
    if kek is None:
        ctx.audit("user.key_slot", "user", name, {"reason": "wrong password"}, outcome="refused")
        raise AuthenticationError(
            f"Wrong password for user {name!r}: the user must type their own current password.",
            message_zh=f"用户 {name!r} 的密码错误：须由该用户本人输入其当前密码。",
        )
    with write_transaction():
        replaced = StationKeySlot.delete().where(
            (StationKeySlot.user == user) & (StationKeySlot.station_uid == uid)
        ).execute() > 0
        nonce, wrapped = wrap_data_key(kek, ctx.data_key, uid)
        StationKeySlot.create(user=user, station_uid=uid, nonce=nonce, wrapped=wrapped, created_at=ctx.now())
        ctx.audit("user.key_slot", "user", name, {"station_uid": uid, "replaced": replaced})
    return KeySlotResult(user=name, station_id=uid, replaced=replaced)
