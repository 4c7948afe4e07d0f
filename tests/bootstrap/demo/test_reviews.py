"""The demo team's review history tells the stories the review pages and the matrix show."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from assessments.freshness import fading_competencies
from reviews.deck import browse_cards
from reviews.policy import (
    accept_proposal,
    fit_team,
    keep_proposal,
    review_settings,
)
from reviews.queue import due_queue
from reviews.replay import MIN_REVIEWS_TO_FIT
from reviews.stats import retention_by_week
from storage.enums import PersonRole
from storage.models import Person, ReviewLog, utc_now
from storage.people import get_person
from tests.conftest import TODAY

# Mid-morning of the demo's today: every review of the history lies before it.
NOW = datetime.combine(TODAY, time(10, 0), tzinfo=UTC)


@pytest.fixture
def session(demo_session: Session) -> Session:
    """The demo team seeded at TODAY: this module's own copy."""
    return demo_session


def _due(session: Session, name: str, *, overdue_days: int = 0) -> int:
    """Reviewed cards due today, or (with `overdue_days`) overdue by more than that."""
    person = session.exec(select(Person).where(Person.name == name)).one()
    ref = get_person(session, person.id or 0)
    if not overdue_days:
        return sum(1 for d in due_queue(session, actor=ref, person_id=ref.id, now=NOW) if not d.new)
    cutoff = NOW - timedelta(days=overdue_days)
    cards = browse_cards(session, actor=ref, person_id=ref.id, now=NOW)
    return sum(1 for c in cards if c.due_at is not None and c.due_at < cutoff)


def test_six_months_of_reviews_all_before_today(session: Session) -> None:
    first, last = session.exec(
        select(func.min(ReviewLog.reviewed_at), func.max(ReviewLog.reviewed_at))
    ).one()
    assert (TODAY - first.date()).days <= 182
    assert last.date() < TODAY
    assert session.exec(select(func.count(col(ReviewLog.id)))).one() > 1_000


def test_most_learners_have_a_few_cards_due_and_ben_a_backlog(session: Session) -> None:
    learners = session.exec(select(Person.name).where(Person.role == PersonRole.LEARNER)).all()
    due = {name: _due(session, name) for name in learners}
    assert sum(1 for n in due.values() if 1 <= n <= 12) >= len(learners) // 2
    # Ben stopped 18 days ago: most of his deck is more than a week overdue; the others who
    # keep reviewing have at most a handful that late.
    late = {name: _due(session, name, overdue_days=7) for name in learners}
    assert late["Ben Carter"] >= 15
    keeping_up = [n for n in learners if n not in ("Ben Carter", "Hannah Schmidt")]
    assert max(late[n] for n in keeping_up) <= 5


def test_retention_is_believable_and_differs_by_person(session: Session) -> None:
    lead = get_person(
        session,
        session.exec(
            select(Person.id).where(Person.role == "lead", Person.name == "Priya Raman")
        ).one(),
    )
    shares = {}
    for name in ("Sofia Rossi", "Jonas Weber"):
        pid = session.exec(select(Person.id).where(Person.name == name)).one()
        weeks = retention_by_week(session, actor=lead, person_ids=[pid], today=TODAY)
        shares[name] = sum(w.recalled for w in weeks) / sum(w.reviews for w in weeks)
    assert 0.6 < shares["Jonas Weber"] < shares["Sofia Rossi"] < 0.98


def test_hannahs_advanced_skills_are_fading(session: Session) -> None:
    lead = get_person(
        session,
        session.exec(
            select(Person.id).where(Person.role == "lead", Person.name == "Priya Raman")
        ).one(),
    )
    hannah = session.exec(select(Person.id).where(Person.name == "Hannah Schmidt")).one()
    fading = {
        f.competency_key
        for f in fading_competencies(session, actor=lead, person_id=hannah, now=NOW)
    }
    assert "vector-database-expertise" in fading
    sofia = session.exec(select(Person.id).where(Person.name == "Sofia Rossi")).one()
    assert fading_competencies(session, actor=lead, person_id=sofia, now=NOW) == []


def test_fitting_on_the_demo_history_is_kept_as_a_proposal_until_accepted(
    demo_engine: Engine,
) -> None:
    with Session(demo_engine) as session:
        lead = get_person(
            session,
            session.exec(
                select(Person.id).where(Person.role == "lead", Person.name == "Priya Raman")
            ).one(),
        )
        before = review_settings(session, actor=lead, team_id=lead.team_id)
        result = fit_team(session, actor=lead, team_id=lead.team_id)
        # Fitting only reads (it runs in a read-only unit); keeping the proposal writes.
        assert not session.new and not session.dirty
        assert review_settings(session, actor=lead, team_id=lead.team_id).proposal is None
        keep_proposal(session, actor=lead, team_id=lead.team_id, result=result, now=utc_now())
        assert result.train_reviews > MIN_REVIEWS_TO_FIT
        assert 0 < result.loss_after < 1 and 0 < result.loss_before < 1
        pending = review_settings(session, actor=lead, team_id=lead.team_id)
        assert pending.parameters == before.parameters  # nothing in use changed yet
        assert pending.proposal is not None
        assert pending.proposal.loss_after == pytest.approx(result.loss_after)
        accept_proposal(session, actor=lead, team_id=lead.team_id, today=TODAY, now=utc_now())
        accepted = review_settings(session, actor=lead, team_id=lead.team_id)
        assert accepted.fitted and accepted.parameters == pytest.approx(result.parameters)
        session.rollback()  # leave the module's demo as seeded
