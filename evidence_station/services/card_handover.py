"""The hand-over of a card (交接, Art. 15): who handed it to the custodian, checked at the start of its import.

An officer with a station account confirms with their own password (typed at the custodian's desk; wrong
passwords count toward their account's lock-out like any log-in) and must hold a role that may hand over a card;
a person without an account is named and signs the printed hand-over record. Either way the custodian receiving
the card is the other party, so the two must differ. :func:`check_handover` runs before the import's row exists;
:func:`record_handover` writes the hand-over in the import's own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from evidence_station.api.custody import HandoverRequest, HandoverView
from evidence_station.api.imports import CardFileInfo
from evidence_station.api.session import Actor
from evidence_station.catalogue.custody import CardHandover
from evidence_station.catalogue.recordings import ImportSession
from evidence_station.domain.clock import ensure_utc, iso
from evidence_station.domain.errors import AuthenticationError, InvalidInputError, NotFoundError
from evidence_station.domain.filenames import devices_on_card
from evidence_station.domain.messages import Msg
from evidence_station.domain.roles import Operation, can_hand_over_card
from evidence_station.services.context import ServiceContext

#: How far in the future a hand-over time may lie (desk clocks differ a little from the station's).
_CLOCK_SLACK = timedelta(minutes=5)


@dataclass(frozen=True)
class CheckedHandover:
    """A hand-over whose officer was checked, ready to be recorded with the import."""

    officer_name: str
    officer_badge: str
    officer_user_id: int | None
    officer_account: str | None
    confirmation: str  # password | signature
    device: str
    handed_at: datetime
    note: str


def check_handover(ctx: ServiceContext, request: HandoverRequest, entries: list[CardFileInfo]) -> CheckedHandover:
    """Check who hands the card over (the officer's password, their role, two different people); the caller has
    checked that the acting custodian may import."""
    account, person = request.officer.strip(), request.officer_name.strip()
    if bool(account) == bool(person):
        raise InvalidInputError(
            Msg(
                "Name who hands the card over: either an officer's station account (who confirms with their "
                "password) or, for a person without an account, their name (they sign the printed hand-over record).",
            ),
        )
    now = ctx.now()
    handed_at = ensure_utc(request.handed_at) if request.handed_at is not None else now
    if handed_at > now + _CLOCK_SLACK:
        raise InvalidInputError(Msg(
            "The hand-over time {value} lies in the future.",
            value=iso(handed_at, ctx.station.settings.zone),
        ))
    device = request.device.strip() or devices_on_card(info.card_path for info in entries)
    if person:
        return CheckedHandover(person, request.officer_badge.strip(), None, None, "signature", device, handed_at,
                               request.note.strip())
    if account == ctx.actor.name:
        raise InvalidInputError(
            Msg(
                "{account!r} is receiving the card as custodian and cannot also hand it over: a hand-over "
                "takes two people.",
                account=account,
            ))
    if not request.officer_password:
        raise InvalidInputError(Msg(
            "The officer {account!r} confirms the hand-over with their own password.",
            account=account,
        ))
    officer = _authenticate(ctx, account, request.officer_password)
    if not can_hand_over_card(officer.roles):
        raise ctx.refuse(
            Msg(
                "{account!r} (roles: {roles}) may not hand over a card; an officer without that role is named "
                "instead and signs the printed record.",
                account=account,
                roles=', '.join(sorted(officer.roles)) or 'none',
            ),
            "refused.hand_over_card", "user", account,
        )
    return CheckedHandover(officer.display_name or officer.name, officer.badge_number, officer.user_id, officer.name,
                           "password", device, handed_at, request.note.strip())


def _authenticate(ctx: ServiceContext, account: str, password: str) -> Actor:
    """The officer's account, checked with their password (the log-in rules apply: lock-out, audit)."""
    from evidence_station.services.users import login

    try:
        return login(ctx.station, account, password).actor
    except AuthenticationError as exc:
        raise type(exc)(Msg("The hand-over was not confirmed: {problem}", problem=exc.said)) from None


def record_handover(ctx: ServiceContext, session: ImportSession, checked: CheckedHandover) -> HandoverView:
    """Write the hand-over of ``session`` and its audit event (inside the import's transaction)."""
    row = CardHandover.create(
        import_session=session, officer_name=checked.officer_name, officer_badge=checked.officer_badge,
        officer_user=checked.officer_user_id, confirmation=checked.confirmation, device=checked.device,
        handed_at=checked.handed_at, received_by=ctx.actor.user_id, recorded_at=ctx.now(), note=checked.note,
    )
    ctx.audit("card.handover", "import", session.id, {
        "officer": checked.officer_name, "officer_badge": checked.officer_badge,
        "officer_user": checked.officer_account, "confirmation": checked.confirmation, "device": checked.device,
        "handed_at": iso(checked.handed_at),
    })
    return handover_view(row)


def handover_view(row: CardHandover) -> HandoverView:
    """A hand-over row as the service reports it."""
    receiver = row.received_by
    return HandoverView(
        handover_id=row.id, import_id=row.import_session_id, officer_name=row.officer_name,
        officer_badge=row.officer_badge, officer_user=row.officer_user.name if row.officer_user is not None else None,
        confirmation=row.confirmation, device=row.device, handed_at=row.handed_at, received_by=receiver.name,
        received_by_name=receiver.display_name or receiver.name, recorded_at=row.recorded_at, note=row.note,
    )


def handover_of(import_id: int) -> HandoverView | None:
    """The hand-over recorded with import ``import_id`` (None: none was)."""
    row = CardHandover.get_or_none(CardHandover.import_session == import_id)
    return handover_view(row) if row is not None else None


def get_card_handover(ctx: ServiceContext, import_id: int) -> HandoverView | None:
    """The hand-over recorded at the start of import ``import_id`` (None: none was recorded)."""
    ctx.require(Operation.IMPORT_CARD, "import", import_id)
    if not ImportSession.select().where(ImportSession.id == import_id).exists():
        raise NotFoundError(Msg("No import with id {import_id}.", import_id=import_id))
    return handover_of(import_id)
