"""The lead's KPIs and alerts computed from a small hand-made team on a fixed date."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from assessments.ratings import append_ratings
from insights.impact import impact_and_home
from insights.kpis import AlertKind
from insights.mentor_home import mentor_home
from insights.team_home import TeamHome, team_home
from storage.enums import ActivityKind, LearningStage, PersonRole, RaterKind
from storage.errors import PermissionDenied
from storage.models import (
    ActionItem,
    ActivityLog,
    CardSchedule,
    Enrollment,
    MentoringPlan,
    MentoringSession,
    Module,
    ModuleProgress,
    Person,
    QuizAttempt,
    Rating,
    ReviewLog,
    Team,
)
from storage.people import PersonRef
from tests.conftest import TODAY
from tests.factories import (
    at,
    make_card,
    make_competency,
    make_module,
    make_person,
    make_ref,
    make_role_target,
    make_team,
    make_track,
)

NOW = datetime.combine(TODAY, time(15, 0), tzinfo=UTC)


def _log(session: Session, person: Person, module_id: int, on: date, percent: int) -> None:
    """An activity that left the module at `percent` (and the module's state with it)."""
    session.add(ModuleProgress(person_id=person.id or 0, module_id=module_id, percent=percent))
    session.add(
        ActivityLog(
            person_id=person.id or 0,
            module_id=module_id,
            occurred_on=on,
            hours=2.0,
            kind=ActivityKind.READING,
            stage=LearningStage.ABSTRACT_CONCEPTUALISATION,
            percent_after=percent,
        )
    )


@pytest.fixture
def team(session: Session) -> dict[str, PersonRef]:
    """Lena leads and mentors Ada (joined 1 Nov, on track); Bo stalled in early October with
    a review backlog. Every figure below is counted by hand from these rows."""
    t = make_team(session=session, name="Search")
    lena = make_person(
        session=session, team=t, name="Lena Lead", role=PersonRole.LEAD, job_role="Lead"
    )
    ada = make_person(session=session, team=t, name="Ada Byte", joined_on=date(2026, 11, 1))
    bo = make_person(session=session, team=t, name="Bo Stale")
    ada.mentor_id = lena.id
    vectors = make_competency(session=session, key="vectors", name="Vector search")
    make_role_target(
        session=session, team=t, job_role="Backend engineer", competency=vectors, level=2
    )
    for person, level, kind, day in (
        (ada, 3, RaterKind.MENTOR, date(2026, 11, 10)),
        (bo, 1, RaterKind.QUIZ, date(2026, 9, 1)),
    ):
        append_ratings(
            session,
            [
                Rating(
                    person_id=person.id or 0,
                    competency_id=vectors.id or 0,
                    level=level,
                    rater_kind=kind,
                    rater_id=lena.id if kind == RaterKind.MENTOR else None,
                    created_at=at(day),
                )
            ],
        )
    module = make_module(session=session, key="basics", hours=4.0)
    track = make_track(session=session, weeks=2, schedule=[(module, 1, 2)])
    mid = module.id or 0
    for person, started in ((ada, date(2026, 11, 16)), (bo, date(2026, 10, 1))):
        session.add(
            Enrollment(person_id=person.id or 0, track_id=track.id or 0, started_on=started)
        )
    _log(session, ada, mid, date(2026, 11, 20), 40)
    _log(session, bo, mid, date(2026, 10, 5), 50)
    for person, day, passed in (
        (ada, date(2026, 11, 20), True),
        (bo, date(2026, 11, 1), False),
        (bo, date(2026, 10, 10), True),
    ):
        session.add(
            QuizAttempt(
                person_id=person.id or 0,
                module_id=mid,
                correct=4 if passed else 1,
                total=5,
                passed=passed,
                created_at=at(day),
            )
        )
    card = make_card(session=session, module=module)
    for person, day, rating in (
        (ada, date(2026, 11, 20), 3),
        (ada, date(2026, 11, 19), 1),
        (ada, date(2026, 11, 18), 3),
        (ada, date(2026, 11, 17), 4),
        (bo, date(2026, 10, 10), 1),
    ):
        session.add(
            ReviewLog(
                card_id=card.id or 0,
                person_id=person.id or 0,
                rating=rating,
                reviewed_at=at(day),
                scheduler="fsrs",
            )
        )
    for _ in range(15):  # Bo: fifteen cards due before today
        extra = make_card(session=session, module=module)
        session.add(
            CardSchedule(
                person_id=bo.id or 0,
                card_id=extra.id or 0,
                due_at=at(date(2026, 11, 1)),
                scheduler="fsrs",
            )
        )
    session.add(  # Ada: one due today, not overdue
        CardSchedule(
            person_id=ada.id or 0, card_id=card.id or 0, due_at=at(TODAY), scheduler="fsrs"
        )
    )
    plan = MentoringPlan(
        mentor_id=lena.id or 0,
        mentee_id=ada.id or 0,
        started_on=date(2026, 10, 1),
        weeks=8,
        sessions_per_week=1,
        session_minutes=45,
    )
    session.add(plan)
    session.flush()
    first = MentoringSession(
        plan_id=plan.id or 0,
        number=1,
        scheduled_for=at(date(2026, 10, 1)),
        done_at=at(date(2026, 10, 1)),
    )
    second = MentoringSession(
        plan_id=plan.id or 0,
        number=2,
        scheduled_for=at(date(2026, 11, 2)),
        done_at=at(date(2026, 11, 2)),
    )
    session.add_all([first, second])
    session.flush()
    for source, raised, due in (
        (first, date(2026, 10, 1), date(2026, 10, 10)),
        (second, date(2026, 11, 2), date(2026, 11, 15)),
    ):
        session.add(
            ActionItem(
                session_id=source.id or 0,
                owner_id=ada.id or 0,
                title="Read the FAISS docs",
                due_on=due,
                created_at=at(raised),
            )
        )
    session.flush()
    return {p.name.split()[0]: make_ref(session=session, person=p) for p in (lena, ada, bo)}


@pytest.fixture
def home(session: Session, team: dict[str, PersonRef]) -> TeamHome:
    return team_home(session, actor=team["Lena"], today=TODAY, now=NOW)


def test_kpis_now_and_thirty_days_ago(home: TeamHome) -> None:
    figures = {k.key: (k.value, k.previous) for k in home.kpis}
    assert figures["members"] == (3, 2)  # Ada joined on 1 Nov
    assert figures["average_level"] == (2.0, 0.5)  # (3 + 1) / 2 now; (0 + 1) / 2 on 22 Oct
    assert home.kpi("average_level").target == 2.0
    assert figures["on_track"] == (50.0, 0.0)  # Ada on track, Bo behind; then only Bo
    assert figures["quiz_pass_rate"] == (50.0, 100.0)
    assert figures["retention"] == (75.0, 0.0)
    assert figures["sessions_this_month"] == (1, 1)  # 2 Nov; 1 Oct is in the same days
    assert figures["overdue_items"] == (2, 1)


def test_alerts_name_who_and_what(home: TeamHome) -> None:
    by_kind: dict[AlertKind, list[str]] = {}
    for alert in home.alerts:
        by_kind.setdefault(alert.kind, []).append(alert.text)
    assert by_kind[AlertKind.SINGLE_PERSON] == [
        "**Vector search**: only Ada Byte is advanced or better; the targets of 2 people ask "
        "for it."
    ]
    assert by_kind[AlertKind.INACTIVE] == [
        "**Bo Stale**: no learning logged for 47 days (last on 5 Oct 2026)."
    ]
    assert by_kind[AlertKind.OVERDUE_ONE_ON_ONE] == [
        "**Ada Byte** with Lena Lead: 19 days since the last 1:1 (2 Nov 2026); the plan allows 10."
    ]
    assert by_kind[AlertKind.REVIEW_BACKLOG] == ["**Bo Stale**: 15 review cards overdue."]
    assert AlertKind.FADING not in by_kind
    backlog = next(a for a in home.alerts if a.kind == AlertKind.REVIEW_BACKLOG)
    assert backlog.person_name == "Bo Stale"


def test_only_a_lead_sees_the_team_home(session: Session, team: dict[str, PersonRef]) -> None:
    with pytest.raises(PermissionDenied):
        team_home(session, actor=team["Ada"], today=TODAY, now=NOW)


def test_mentor_home_says_why_a_mentee_needs_attention(
    session: Session, team: dict[str, PersonRef]
) -> None:
    rows = mentor_home(session, actor=team["Lena"], today=TODAY, now=NOW)
    assert [r.name for r in rows] == ["Ada Byte"]  # the only one with a mentor
    assert rows[0].reasons == ["1:1 overdue", "2 overdue action items"]
    with pytest.raises(PermissionDenied):
        mentor_home(session, actor=team["Bo"], today=TODAY, now=NOW)


def test_the_home_and_impact_read_the_team_in_a_fixed_number_of_queries(
    session: Session, team: dict[str, PersonRef]
) -> None:
    """No query per person: twenty more people with their own history cost no more queries."""

    def count_queries() -> int:
        statements: list[str] = []

        def record(*args: object) -> None:
            statements.append(str(args[2]))

        engine = session.get_bind()
        event.listen(engine, "before_cursor_execute", record)
        try:
            team_home(session, actor=team["Lena"], today=TODAY, now=NOW)
            impact_and_home(session, actor=team["Lena"], today=TODAY, now=NOW)
        finally:
            event.remove(engine, "before_cursor_execute", record)
        return len(statements)

    before = count_queries()
    lena = session.get(Person, team["Lena"].id)
    assert lena is not None
    module_id = session.exec(select(Module.id)).first() or 0
    for n in range(20):
        person = make_person(session=session, team=session.get(Team, lena.team_id), name=f"P {n}")
        _log(session, person, module_id, date(2026, 11, 1 + n % 20), 10 + n)
        session.add(
            QuizAttempt(
                person_id=person.id or 0,
                module_id=module_id,
                correct=4,
                total=5,
                passed=True,
                created_at=at(date(2026, 11, 2)),
            )
        )
    session.flush()
    assert count_queries() == before


@pytest.mark.parametrize(
    ("zone", "done_at", "today"),
    [
        # 1 Dec, 05:00 in Tokyo (30 Nov in UTC): December's 1:1.
        ("Asia/Tokyo", datetime(2026, 11, 30, 20, 0, tzinfo=UTC), date(2026, 12, 1)),
        # 30 Nov, 19:00 in Los Angeles (1 Dec in UTC): November's 1:1.
        ("America/Los_Angeles", datetime(2026, 12, 1, 3, 0, tzinfo=UTC), date(2026, 11, 30)),
    ],
)
def test_the_leads_monthly_figures_count_a_1_1_on_the_teams_day(
    session: Session, zone: str, done_at: datetime, today: date
) -> None:
    t = make_team(session=session, name="Far away")
    t.time_zone = zone
    lead = make_person(session=session, team=t, name="Lena Lead", role=PersonRole.LEAD)
    ada = make_person(session=session, team=t, name="Ada Byte", mentor=lead)
    plan = MentoringPlan(
        mentor_id=lead.id or 0,
        mentee_id=ada.id or 0,
        started_on=date(2026, 11, 1),
        weeks=8,
        sessions_per_week=1,
        session_minutes=45,
    )
    session.add(plan)
    session.flush()
    session.add(
        MentoringSession(plan_id=plan.id or 0, number=1, scheduled_for=done_at, done_at=done_at)
    )
    session.flush()
    now = done_at + timedelta(hours=1)
    home = team_home(session, actor=make_ref(session=session, person=lead), today=today, now=now)
    assert home.kpi("sessions_this_month").value == 1
