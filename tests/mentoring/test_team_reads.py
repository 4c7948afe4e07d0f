"""The batch reads the team's figures compose: active plans, 1:1s held, action items."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from mentoring.action_items import item_lives
from mentoring.planning import active_plans, meetings_held, plan_standings
from storage.enums import PersonRole, PlanStatus
from storage.models import ActionItem, MentoringPlan, MentoringSession, Person
from tests.factories import make_person, make_team

TOKYO = ZoneInfo("Asia/Tokyo")


def _plan(
    session: Session,
    mentor: Person,
    mentee: Person,
    created_at: datetime,
    status: PlanStatus = PlanStatus.ACTIVE,
    minutes: int = 30,
) -> MentoringPlan:
    plan = MentoringPlan(
        mentor_id=mentor.id or 0,
        mentee_id=mentee.id or 0,
        started_on=date(2026, 11, 2),
        weeks=4,
        sessions_per_week=1,
        session_minutes=minutes,
        status=status,
        created_at=created_at,
    )
    session.add(plan)
    session.flush()
    return plan


def _meeting(
    session: Session, plan: MentoringPlan, number: int, at: datetime, *, held: bool
) -> MentoringSession:
    row = MentoringSession(
        plan_id=plan.id or 0, number=number, scheduled_for=at, done_at=at if held else None
    )
    session.add(row)
    session.flush()
    return row


def test_the_newest_active_plan_wins_and_a_newer_cancelled_one_does_not(session: Session) -> None:
    team = make_team(session=session)
    max_ = make_person(session=session, team=team, name="Max", role=PersonRole.MENTOR)
    ada = make_person(session=session, team=team, name="Ada", mentor=max_)
    bo = make_person(session=session, team=team, name="Bo", mentor=max_)
    _plan(session, max_, ada, datetime(2026, 10, 1, tzinfo=UTC))
    newest = _plan(session, max_, ada, datetime(2026, 10, 5, tzinfo=UTC))
    _plan(session, max_, ada, datetime(2026, 10, 9, tzinfo=UTC), PlanStatus.CANCELLED)
    _plan(session, max_, bo, datetime(2026, 10, 1, tzinfo=UTC), PlanStatus.COMPLETED)

    plans = active_plans(session, [ada.id or 0, bo.id or 0])

    assert {mentee: plan.id for mentee, plan in plans.items()} == {ada.id: newest.id}


def test_plan_standings_say_whose_one_on_one_is_overdue(session: Session) -> None:
    team = make_team(session=session)
    max_ = make_person(session=session, team=team, name="Max", role=PersonRole.MENTOR)
    ada = make_person(session=session, team=team, name="Ada", mentor=max_)
    plan = _plan(session, max_, ada, datetime(2026, 10, 1, tzinfo=UTC))
    # Planned for 2 November and never held nor skipped: missed by the 21st.
    _meeting(session, plan, 1, datetime(2026, 11, 2, 10, tzinfo=UTC), held=False)

    [standing] = plan_standings(session, [ada.id or 0], date(2026, 11, 21))

    assert (standing.plan_id, standing.mentee_id, standing.mentor_id) == (plan.id, ada.id, max_.id)
    assert standing.overdue is not None
    assert standing.overdue.missed_on == (date(2026, 11, 2),)


def test_meetings_held_and_action_items_fall_on_the_teams_day(session: Session) -> None:
    team = make_team(session=session)
    max_ = make_person(session=session, team=team, name="Max", role=PersonRole.MENTOR)
    ada = make_person(session=session, team=team, name="Ada", mentor=max_)
    old = _plan(session, max_, ada, datetime(2026, 9, 1, tzinfo=UTC), PlanStatus.CANCELLED, 60)
    plan = _plan(session, max_, ada, datetime(2026, 10, 1, tzinfo=UTC), minutes=45)
    # 23:30 UTC on 9 November is the 10th in Tokyo; both plans' 1:1s count, the cancelled one's
    # at its own length.
    late = _meeting(session, plan, 1, datetime(2026, 11, 9, 23, 30, tzinfo=UTC), held=True)
    _meeting(session, old, 1, datetime(2026, 11, 10, 1, 0, tzinfo=UTC), held=True)
    _meeting(session, plan, 2, datetime(2026, 11, 16, 10, 0, tzinfo=UTC), held=False)
    session.add(
        ActionItem(
            session_id=late.id or 0,
            owner_id=ada.id or 0,
            title="Read the paper",
            due_on=date(2026, 11, 14),
            created_at=datetime(2026, 11, 9, 23, 45, tzinfo=UTC),
        )
    )
    session.flush()

    [held] = meetings_held(session, [ada.id or 0], TOKYO)
    assert (held.on, held.count, held.minutes) == (date(2026, 11, 10), 2, 105)
    [item] = item_lives(session, [ada.id or 0], TOKYO)
    assert (item.raised_on, item.due_on, item.done_on, item.count) == (
        date(2026, 11, 10),
        date(2026, 11, 14),
        None,
        1,
    )
