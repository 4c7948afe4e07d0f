"""Free text a person types is checked by the one rule (storage/text_rules.py) in every write
service that stores it: a control character other than a line break or tab is refused with a
message, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest
from sqlmodel import Session, SQLModel, func, select

from assessments.ratings import add_rating
from mentoring.communities import create_community
from mentoring.sharing import SessionDraft, propose_session
from storage.enums import RaterKind, SharingKind
from storage.errors import InvalidInput
from storage.models import Community, Rating, SharingSession
from storage.people import PersonRef
from tests.mentoring.test_communities import org  # noqa: F401 (fixture)

NOW = datetime(2026, 11, 21, 9, tzinfo=UTC)
CONTROLS = {"ESC": "\x1b", "NUL": "\x00", "BEL": "\x07"}
People = dict[str, PersonRef]


def _community(name: str = "Retrieval quality", description: str = "") -> Callable[..., object]:
    def write(session: Session, people: People) -> object:
        return create_community(
            session,
            actor=people["ada"],
            name=name,
            description=description,
            competency_keys=["vector-search"],
            module_keys=[],
            now=NOW,
        )

    return write


DRAFT = SessionDraft(
    title="Judging recall without labels",
    kind=SharingKind.TALK,
    on=date(2026, 12, 3),
    at=time(14, 0),
    minutes=45,
    presenter_ids=(),
    competency_keys=("vector-search",),
)


def _session(**change: str) -> Callable[..., object]:
    def write(session: Session, people: People) -> object:
        draft = replace(DRAFT, presenter_ids=(people["ada"].id,), **change)
        return propose_session(session, actor=people["ada"], draft=draft, now=NOW)

    return write


def _rating(note: str) -> Callable[..., object]:
    def write(session: Session, people: People) -> object:
        return add_rating(
            session,
            actor=people["ada"],
            person_id=people["ada"].id,
            competency_key="vector-search",
            level=2,
            rater_kind=RaterKind.SELF,
            note=note,
            created_at=NOW,
        )

    return write


# (what is written, the table it lands in, the service with `text` in one field)
WRITES: dict[str, tuple[type[SQLModel], Callable[[str], Callable[..., object]]]] = {
    "community name": (Community, lambda t: _community(name=f"Retrieval {t}quality")),
    "community description": (Community, lambda t: _community(description=f"Ours{t}.\r\nYes")),
    "sharing session title": (SharingSession, lambda t: _session(title=f"Recall {t}talk")),
    "sharing session description": (SharingSession, lambda t: _session(description=f"A{t}b")),
    "rating note": (Rating, lambda t: _rating(f"Shown in the demo{t}.")),
}


def _rows(session: Session, table: type[SQLModel]) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


@pytest.mark.parametrize("control", CONTROLS.values(), ids=CONTROLS.keys())
@pytest.mark.parametrize("what", WRITES)
def test_a_control_character_in_free_text_is_refused_and_nothing_is_written(
    session: Session,
    org: People,  # noqa: F811
    what: str,
    control: str,
) -> None:
    table, write = WRITES[what]
    before = _rows(session, table)
    with pytest.raises(InvalidInput, match=r"control character|cannot be stored"):
        write(control)(session, org)
    assert _rows(session, table) == before
    write("")(session, org)  # the same text without it is saved
    assert _rows(session, table) > before


def test_windows_line_ends_in_a_description_are_stored_as_line_breaks(
    session: Session,
    org: People,  # noqa: F811
) -> None:
    _community(description="First line\r\nsecond line")(session, org)
    assert session.exec(select(Community.description)).one() == "First line\nsecond line"
