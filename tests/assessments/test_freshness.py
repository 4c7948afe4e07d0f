"""Knowledge freshness: mean predicted recall behind a competency, and when it is fading."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from assessments.freshness import (
    FADING_MEAN_RECALL_BELOW,
    fading_competencies,
    freshness,
    is_fading,
    mean_recall,
    team_freshness,
)
from assessments.ratings import add_rating, team_matrix
from reviews.queue import record_review
from reviews.scheduling import ReviewGrade
from storage.enums import PersonRole, RaterKind
from storage.errors import PermissionDenied
from tests.factories import (
    link_module,
    make_card,
    make_competency,
    make_module,
    make_person,
    make_ref,
    make_team,
    start_module,
)

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def test_mean_recall_needs_three_cards() -> None:
    assert mean_recall([0.9, 0.5]) is None
    assert mean_recall([0.9, 0.5, 0.4]) == pytest.approx(0.6)


@pytest.mark.parametrize(
    ("level", "recall", "fading"),
    [
        (3, 0.69, True),
        (4, 0.2, True),
        (3, FADING_MEAN_RECALL_BELOW, False),  # exactly at the line: not yet
        (2, 0.2, False),  # not rated advanced: a gap, not a fading skill
        (None, 0.2, False),
        (3, None, False),  # too few cards to say
    ],
)
def test_fading_needs_an_advanced_level_and_mostly_lapsed_cards(
    level: int | None, recall: float | None, fading: bool
) -> None:
    assert is_fading(level, recall) is fading


def test_freshness_of_given_cards() -> None:
    row = freshness(1, "search", [0.95, 0.5, 0.45, 0.3], official_level=3)
    assert row.mean_recall == pytest.approx(0.55)
    assert (row.cards, row.fading) == (4, True)


def test_matrix_cells_fade_when_an_advanced_persons_cards_lapse(session: Session) -> None:
    team = make_team(session=session)
    lead = make_person(session=session, team=team, name="Lee Lead", role=PersonRole.LEAD)
    ada = make_person(session=session, team=team, name="Ada Byron")
    search = make_competency(session=session, key="search", position=0)
    make_competency(session=session, key="pitch", position=1)
    module = make_module(session=session, key="search-basics")
    link_module(session=session, module=module, competencies=[search])
    start_module(session=session, person=ada, module=module, on=T0.date())
    ada_ref, lead_ref = (
        make_ref(session=session, person=ada),
        make_ref(session=session, person=lead),
    )
    for n in range(3):
        card = make_card(session=session, module=module, front=f"Q{n}?")
        # One shaky first look, never reviewed again: stability 0.212 days.
        record_review(
            session,
            actor=ada_ref,
            card_id=card.id or 0,
            rating=ReviewGrade.AGAIN,
            now=T0,
            fuzz=False,
        )
    add_rating(
        session,
        actor=lead_ref,
        person_id=ada.id or 0,
        competency_key="search",
        level=3,
        rater_kind=RaterKind.LEAD,
        created_at=T0,
    )
    matrix = team_matrix(session, actor=lead_ref, team_id=team.id or 0)

    # The next day she still mostly remembers: (1 + 0.98 · 1 / 0.212) ^ −0.1542 = 0.76.
    fresh = team_freshness(session, actor=lead_ref, matrix=matrix, now=T0 + timedelta(days=1))
    cell = fresh[(ada.id or 0, "search")]
    assert cell.mean_recall == pytest.approx(0.757, abs=0.01) and not cell.fading
    assert fresh[(ada.id or 0, "pitch")].mean_recall is None
    assert fresh[(lead.id or 0, "search")].cards == 0

    # Three weeks on: (1 + 0.98 · 21 / 0.212) ^ −0.1542 = 0.49, fading.
    later = T0 + timedelta(days=21)
    assert team_freshness(session, actor=lead_ref, matrix=matrix, now=later)[
        (ada.id or 0, "search")
    ].fading
    [row] = fading_competencies(session, actor=ada_ref, person_id=ada.id or 0, now=later)
    # Hers and the lead's to see; a teammate is refused.
    assert fading_competencies(session, actor=lead_ref, person_id=ada.id or 0, now=later) == [row]
    bo = make_ref(session=session, person=make_person(session=session, team=team, name="Bo"))
    with pytest.raises(PermissionDenied, match="can see their fading competencies"):
        fading_competencies(session, actor=bo, person_id=ada.id or 0, now=later)
    # The matrix a learner reads holds only their own row, and so does its freshness.
    mine = team_freshness(
        session, actor=bo, matrix=team_matrix(session, actor=bo, team_id=bo.team_id), now=later
    )
    assert {pid for pid, _ in mine} == {bo.id}
    assert (row.competency_key, row.official_level, row.cards) == ("search", 3, 3)
    assert row.mean_recall == pytest.approx(0.49, abs=0.01)
