"""Plans, sessions, agendas, action items and capstones through the services, on a small team."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlmodel import Session, select

from assessments.evaluations import record_assessment
from assessments.ratings import add_rating, team_matrix
from mentoring.action_items import add_action_item, close_action_item, open_items
from mentoring.capstone_tracking import (
    capstones_of,
    current_checkpoint,
    recommend,
    start_capstone,
    tick_checkpoint,
)
from mentoring.meetings import complete_meeting, meeting_detail, rate_meeting, save_meeting
from mentoring.planning import active_plan, adjust_plan, create_plan, plan_ics
from mentoring.plans import PlanSettings
from reviews.queue import record_review
from reviews.scheduling import ReviewGrade
from storage.enums import CardKind, PersonRole, RaterKind, Visibility
from storage.errors import InvalidInput, PermissionDenied
from storage.models import (
    CardSchedule,
    MentoringSession,
    Person,
    QuizAttempt,
    ReviewCard,
    utc_now,
)
from storage.people import PersonRef
from tests.factories import (
    make_card,
    make_competency,
    make_module,
    make_person,
    make_ref,
    make_role_target,
    make_team,
    start_module,
)

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TODAY = NOW.date()
START = date(2026, 11, 2)  # a Monday, three weeks before NOW
# Overall 0.2·6.5 + 0.4·5 + 0.2·5.5 + 0.2·5 = 5.4: below 6, so the 12-week plan.
LOW_SCORES = {
    "knowledge_recall": 6.5,
    "practical_application": 5.0,
    "analytical_thinking": 5.5,
    "knowledge_transfer": 5.0,
}


@dataclass
class Pair:
    session: Session
    lead: PersonRef
    mentor: PersonRef
    other_mentor: PersonRef
    ada: PersonRef
    bo: PersonRef  # a learner without a mentor


@pytest.fixture
def pair(session: Session) -> Pair:
    team = make_team(session=session, name="Search")
    lead = make_person(session=session, team=team, name="Lena Lead", role=PersonRole.LEAD)
    mentor = make_person(session=session, team=team, name="Max Mentor", role=PersonRole.MENTOR)
    other = make_person(session=session, team=team, name="Mia Mentor", role=PersonRole.MENTOR)
    ada = make_person(session=session, team=team, name="Ada Byte", mentor=mentor)
    bo = make_person(session=session, team=team, name="Bo Learner")
    for position, (key, name, target) in enumerate(
        [
            ("vector-database-expertise", "Vector database expertise", 3),
            ("embedding-model-mastery", "Embedding model mastery", 2),
            ("stakeholder-communication", "Stakeholder communication", 2),
        ]
    ):
        competency = make_competency(session=session, key=key, name=name, position=position)
        make_role_target(
            session=session,
            team=team,
            job_role="Backend engineer",
            competency=competency,
            level=target,
        )
    refs = {p.name: make_ref(session=session, person=p) for p in (lead, mentor, other, ada, bo)}
    for key, level in (("vector-database-expertise", 1), ("embedding-model-mastery", 2)):
        add_rating(
            session,
            actor=refs["Max Mentor"],
            person_id=ada.id or 0,
            competency_key=key,
            level=level,
            rater_kind=RaterKind.MENTOR,
            created_at=NOW - timedelta(days=40),
        )
    record_assessment(
        session,
        actor=refs["Max Mentor"],
        person_id=ada.id or 0,
        scores=LOW_SCORES,
        today=START - timedelta(days=3),
        at=datetime(2026, 10, 30, 14, tzinfo=UTC),
    )
    return Pair(
        session,
        refs["Lena Lead"],
        refs["Max Mentor"],
        refs["Mia Mentor"],
        refs["Ada Byte"],
        refs["Bo Learner"],
    )


def _plan(pair: Pair, **kwargs: object):  # type: ignore[no-untyped-def]
    return create_plan(
        pair.session, actor=pair.mentor, mentee_id=pair.ada.id, started_on=START, now=NOW, **kwargs
    )


def test_plan_from_the_latest_assessment_below_six(pair: Pair) -> None:
    plan = _plan(pair)
    assert (plan.weeks, plan.sessions_per_week, plan.session_minutes) == (12, 2, 60)
    assert plan.focus == ["Foundations", "Hands-on practice", "Guided projects"]
    assert plan.assessment_overall == pytest.approx(5.4)
    assert plan.mentor_name == "Max Mentor"
    assert len(plan.sessions) == 24
    first = plan.sessions[0]
    assert first.scheduled_for == datetime(2026, 11, 2, 10, tzinfo=UTC)
    assert first.phase == "Assessment and goal setting"
    assert plan.sessions[1].scheduled_for.date() == date(2026, 11, 5)
    # Three weeks in and nothing marked done: the past sessions are missed.
    assert [s.number for s in plan.missed_sessions] == [1, 2, 3, 4, 5, 6]
    assert [(b.title, b.minutes) for b in plan.structure] == [
        ("Technical review", 30),
        ("Problem solving", 20),
        ("Career", 10),
    ]


def test_mentor_can_adjust_the_settings_when_creating(pair: Pair) -> None:
    plan = _plan(pair, settings=PlanSettings(6, 1, 45, ("Architecture",)))
    assert (plan.weeks, plan.sessions_per_week, len(plan.sessions)) == (6, 1, 6)


def test_who_may_create_a_plan(pair: Pair) -> None:
    with pytest.raises(PermissionDenied):
        create_plan(
            pair.session, actor=pair.other_mentor, mentee_id=pair.ada.id, started_on=START, now=NOW
        )
    with pytest.raises(PermissionDenied):
        create_plan(pair.session, actor=pair.ada, mentee_id=pair.ada.id, started_on=START, now=NOW)
    with pytest.raises(InvalidInput, match="no mentor yet"):
        create_plan(pair.session, actor=pair.lead, mentee_id=pair.bo.id, started_on=START, now=NOW)
    lead_made = create_plan(
        pair.session, actor=pair.lead, mentee_id=pair.ada.id, started_on=START, now=NOW
    )
    assert lead_made.mentor_name == "Max Mentor"  # the mentee's mentor runs it


def test_a_new_plan_replaces_the_active_one(pair: Pair) -> None:
    first = _plan(pair)
    second = _plan(pair, settings=PlanSettings(4, 1, 30, ("Catch-up",)))
    current = active_plan(pair.session, actor=pair.ada, mentee_id=pair.ada.id, today=TODAY)
    assert current is not None and current.id == second.id != first.id
    with pytest.raises(InvalidInput, match="Only an active plan"):
        adjust_plan(
            pair.session, actor=pair.mentor, plan_id=first.id, settings=first.settings, now=NOW
        )


def _failed_quiz_and_due_reviews(pair: Pair) -> None:
    module = make_module(session=pair.session, key="index-families", title="Index families")
    pair.session.add(
        QuizAttempt(
            person_id=pair.ada.id,
            module_id=module.id or 0,
            answers={},
            correct=3,
            total=5,
            passed=False,
            created_at=datetime(2026, 11, 12, 11, tzinfo=UTC),
        )
    )
    for n, due in enumerate(
        (NOW - timedelta(days=2), NOW - timedelta(hours=1), NOW + timedelta(days=3))
    ):
        card = ReviewCard(module_id=module.id, kind=CardKind.CONCEPTUAL, front=f"Q{n}", back="A")
        pair.session.add(card)
        pair.session.flush()
        pair.session.add(
            CardSchedule(person_id=pair.ada.id, card_id=card.id or 0, due_at=due, scheduler="fsrs")
        )
    pair.session.flush()


def test_next_session_agenda_is_drafted_from_real_gaps_quizzes_reviews(pair: Pair) -> None:
    _failed_quiz_and_due_reviews(pair)
    plan = _plan(pair)
    assert plan.first_open is not None  # session 1, missed: the one to deal with first
    detail = meeting_detail(
        pair.session,
        actor=pair.mentor,
        meeting_id=plan.first_open.id,
        now=NOW,
    )
    assert detail.agenda_is_draft and detail.can_edit and not detail.can_rate
    agenda = detail.agenda
    assert "Gap: Vector database expertise — basic, the role asks for advanced" in agenda
    assert "Gap: Stakeholder communication — none, the role asks for intermediate" in agenda
    assert "Embedding model mastery —" not in agenda  # at target: no gap
    assert "Quiz not passed yet: Index families (3/5 on 12 Nov 2026)" in agenda
    assert "Overdue reviews: 2 cards in Index families." in agenda
    assert "Phase: Assessment and goal setting." in agenda


def test_a_card_forgotten_eight_times_is_on_the_agenda_under_cards_that_keep_failing(
    pair: Pair,
) -> None:
    """Through the real review path: Ada learns a card, then forgets it eight times (relearning
    it after each), and the eighth lapse makes it a leech that the next 1:1 names."""
    module = make_module(session=pair.session, key="faiss", title="FAISS in practice")
    front = "What does HNSW's efSearch trade against recall?"
    card = make_card(session=pair.session, module=module, front=front).id or 0
    ada = pair.session.get(Person, pair.ada.id)
    assert ada is not None
    start_module(session=pair.session, person=ada, module=module, on=date(2026, 9, 1))

    def answer(rating: ReviewGrade, at: datetime) -> bool:
        return record_review(
            pair.session, actor=pair.ada, card_id=card, rating=rating, now=at, fuzz=False
        ).leech

    moment = datetime(2026, 9, 1, 9, tzinfo=UTC)
    answer(ReviewGrade.EASY, moment)  # learned at once: its next "Again" is a lapse
    tagged = []
    for lapse in range(1, 9):
        schedule = pair.session.exec(select(CardSchedule).where(CardSchedule.card_id == card)).one()
        moment = schedule.due_at
        tagged.append(answer(ReviewGrade.AGAIN, moment))
        if lapse < 8:
            answer(ReviewGrade.GOOD, moment + timedelta(minutes=10))  # relearned
    assert tagged == [False] * 7 + [True]
    assert moment < NOW

    plan = _plan(pair)
    assert plan.first_open is not None
    agenda = meeting_detail(
        pair.session, actor=pair.mentor, meeting_id=plan.first_open.id, now=NOW
    ).agenda
    assert (
        "Cards that keep failing: 'What does HNSW's efSearch trade against recall?' "
        "(FAISS in practice, forgotten 8 times) — rewrite them or learn what they rest on"
    ) in agenda


def _version(pair: Pair, session_id: int) -> int:
    row = pair.session.get(MentoringSession, session_id)
    assert row is not None
    return row.version


def _finish(pair: Pair, session_id: int, at: datetime, agenda: str = "Agreed agenda") -> None:
    save_meeting(
        pair.session,
        actor=pair.mentor,
        meeting_id=session_id,
        agenda=agenda,
        notes="Went through the index trade-offs.",
        visibility=Visibility.PAIR,
        expected_version=_version(pair, session_id),
        now=at,
    )
    complete_meeting(pair.session, actor=pair.mentor, meeting_id=session_id, now=at)


def test_open_items_carry_over_until_done(pair: Pair) -> None:
    plan = _plan(pair)
    s1, s2, s3 = plan.sessions[:3]
    held_1 = datetime(2026, 11, 2, 11, tzinfo=UTC)
    _finish(pair, s1.id, held_1)
    item = add_action_item(
        pair.session,
        actor=pair.mentor,
        session_id=s1.id,
        title="Benchmark IndexFlatIP against HNSW on the ticket corpus",
        owner_id=pair.ada.id,
        due_on=date(2026, 11, 4),
        competency_key="vector-database-expertise",
        now=held_1,
    )
    detail_2 = meeting_detail(pair.session, actor=pair.mentor, meeting_id=s2.id, now=NOW)
    assert [i.title for i in detail_2.carried_over] == [item.title]
    assert item.title in detail_2.agenda and "OVERDUE" in detail_2.agenda
    held_2 = datetime(2026, 11, 5, 11, tzinfo=UTC)
    _finish(pair, s2.id, held_2, agenda=detail_2.agenda)
    # Still open: it carries on into session 3.
    detail_3 = meeting_detail(pair.session, actor=pair.mentor, meeting_id=s3.id, now=NOW)
    assert [i.title for i in detail_3.carried_over] == [item.title]
    close_action_item(pair.session, actor=pair.ada, item_id=item.id, now=NOW)
    detail_3 = meeting_detail(pair.session, actor=pair.mentor, meeting_id=s3.id, now=NOW)
    assert detail_3.carried_over == []
    assert "No open action items" in detail_3.agenda
    # Session 2 still shows what was carried into it when it took place.
    detail_2 = meeting_detail(pair.session, actor=pair.mentor, meeting_id=s2.id, now=NOW)
    assert [i.title for i in detail_2.carried_over] == [item.title]
    assert detail_2.agenda.startswith("**Technical review")  # the saved agenda, not a draft
    assert not detail_2.agenda_is_draft
    assert [
        i.title
        for i in meeting_detail(pair.session, actor=pair.ada, meeting_id=s1.id, now=NOW).raised
    ] == [item.title]


def test_overdue_items_are_flagged_and_listed_first(pair: Pair) -> None:
    plan = _plan(pair)
    s1 = plan.sessions[0]
    for title, due, owner in (
        ("Write the chunking note", date(2026, 11, 30), pair.ada.id),
        ("Send Ada the HNSW paper", date(2026, 11, 10), pair.mentor.id),
        ("Pick a corpus", None, pair.ada.id),
    ):
        add_action_item(
            pair.session,
            actor=pair.mentor,
            session_id=s1.id,
            title=title,
            owner_id=owner,
            due_on=due,
            now=NOW - timedelta(days=19),
        )
    items = open_items(pair.session, actor=pair.ada, mentee_id=pair.ada.id, today=TODAY)
    assert [(i.title, i.overdue) for i in items] == [
        ("Send Ada the HNSW paper", True),
        ("Write the chunking note", False),
        ("Pick a corpus", False),
    ]
    assert items[0].owner_name == "Max Mentor"


def test_an_action_item_title_with_a_line_break_is_refused(pair: Pair) -> None:
    plan = _plan(pair)
    with pytest.raises(InvalidInput, match="line break"):
        add_action_item(
            pair.session,
            actor=pair.mentor,
            session_id=plan.sessions[2].id,
            title="Read the paper\r\nEND:VTODO",
            owner_id=pair.ada.id,
            due_on=None,
            now=NOW,
        )


def test_1_1_notes_keep_their_line_breaks_but_refuse_other_control_characters(
    pair: Pair,
) -> None:
    plan = _plan(pair)
    meeting = plan.sessions[0]
    with pytest.raises(InvalidInput, match="control character"):
        save_meeting(
            pair.session,
            actor=pair.mentor,
            meeting_id=meeting.id,
            agenda="Recall\x07",
            notes="",
            visibility=Visibility.PAIR,
            expected_version=0,
            now=NOW,
        )
    save_meeting(
        pair.session,
        actor=pair.mentor,
        meeting_id=meeting.id,
        agenda="1. Recall\r\n2. Chunking\twith overlap",
        notes="",
        visibility=Visibility.PAIR,
        expected_version=0,
        now=NOW,
    )
    detail = meeting_detail(pair.session, actor=pair.mentor, meeting_id=meeting.id, now=NOW)
    assert detail.agenda == "1. Recall\n2. Chunking\twith overlap"


def test_bad_action_items_are_refused_whole(pair: Pair) -> None:
    plan = _plan(pair)
    with pytest.raises(InvalidInput) as error:
        add_action_item(
            pair.session,
            actor=pair.mentor,
            session_id=plan.sessions[2].id,
            title="  ",
            owner_id=pair.bo.id,
            due_on=date(2026, 11, 1),
            competency_key="juggling",
            now=NOW,
        )
    message = str(error.value)
    for part in (
        "say what",
        "the owner is the mentee or the mentor",
        "1 Nov 2026 has passed",
        "juggling",
    ):
        assert part in message
    assert open_items(pair.session, actor=pair.mentor, mentee_id=pair.ada.id, today=TODAY) == []


def test_closing_an_item_can_add_evidence_to_its_competency(pair: Pair) -> None:
    plan = _plan(pair)
    item = add_action_item(
        pair.session,
        actor=pair.mentor,
        session_id=plan.sessions[0].id,
        title="Explain IVF to the team",
        owner_id=pair.ada.id,
        due_on=None,
        competency_key="vector-database-expertise",
        now=NOW - timedelta(days=5),
    )
    with pytest.raises(PermissionDenied):
        close_action_item(pair.session, actor=pair.ada, item_id=item.id, now=NOW, evidence_level=4)
    closed = close_action_item(
        pair.session, actor=pair.mentor, item_id=item.id, now=NOW, evidence_level=2
    )
    assert closed.done_at == NOW and not closed.is_open
    cell = team_matrix(pair.session, actor=pair.mentor, team_id=pair.ada.team_id).cells[
        (pair.ada.id, "vector-database-expertise")
    ]
    assert (cell.resolved.level, cell.resolved.source, cell.gap) == (2, RaterKind.MENTOR, 1)
    with pytest.raises(InvalidInput, match="already done"):
        close_action_item(pair.session, actor=pair.mentor, item_id=item.id, now=NOW)


def test_marking_done_records_who_and_when_and_the_mentee_rates(pair: Pair) -> None:
    plan = _plan(pair)
    s1 = plan.sessions[0]
    with pytest.raises(InvalidInput, match="Save an agenda"):
        complete_meeting(pair.session, actor=pair.mentor, meeting_id=s1.id, now=NOW)
    with pytest.raises(InvalidInput, match="once it has taken place"):
        rate_meeting(pair.session, actor=pair.ada, meeting_id=s1.id, rating=4, now=utc_now())
    _finish(pair, s1.id, NOW)
    done = meeting_detail(pair.session, actor=pair.ada, meeting_id=s1.id, now=NOW)
    assert done.meeting.done_at == NOW and done.meeting.done_by_name == "Max Mentor"
    assert done.can_rate and not done.can_edit
    with pytest.raises(InvalidInput, match="already marked done"):
        complete_meeting(pair.session, actor=pair.mentor, meeting_id=s1.id, now=NOW)
    with pytest.raises(PermissionDenied):
        rate_meeting(pair.session, actor=pair.mentor, meeting_id=s1.id, rating=5, now=utc_now())
    with pytest.raises(InvalidInput, match="from 1 to 5"):
        rate_meeting(pair.session, actor=pair.ada, meeting_id=s1.id, rating=6, now=utc_now())
    rate_meeting(pair.session, actor=pair.ada, meeting_id=s1.id, rating=4, now=utc_now())
    again = meeting_detail(pair.session, actor=pair.ada, meeting_id=s1.id, now=NOW)
    assert again.meeting.mentee_rating == 4


def test_pair_notes_stay_with_the_pair_and_team_notes_are_shared(pair: Pair) -> None:
    plan = _plan(pair)
    s1, s2 = plan.sessions[:2]
    _finish(pair, s1.id, NOW)  # pair notes
    assert meeting_detail(pair.session, actor=pair.ada, meeting_id=s1.id, now=NOW).notes
    assert meeting_detail(pair.session, actor=pair.lead, meeting_id=s1.id, now=NOW).notes is None
    with pytest.raises(InvalidInput, match="private to the pair"):
        save_meeting(
            pair.session,
            actor=pair.lead,
            meeting_id=s1.id,
            agenda="x",
            notes="overwritten",
            visibility=Visibility.TEAM,
            expected_version=_version(pair, s1.id),
            now=NOW,
        )
    save_meeting(
        pair.session,
        actor=pair.mentor,
        meeting_id=s2.id,
        agenda="Plan",
        notes="Shared: HNSW beat IVF on our data.",
        visibility=Visibility.TEAM,
        expected_version=0,
        now=NOW,
    )
    lead_view = meeting_detail(pair.session, actor=pair.lead, meeting_id=s2.id, now=NOW)
    assert lead_view.notes == "Shared: HNSW beat IVF on our data."
    with pytest.raises(PermissionDenied):
        meeting_detail(pair.session, actor=pair.other_mentor, meeting_id=s2.id, now=NOW)


def test_adjusting_keeps_done_sessions_and_redates_the_rest(pair: Pair) -> None:
    plan = _plan(pair)
    s1, s2, s3 = plan.sessions[:3]
    _finish(pair, s1.id, datetime(2026, 11, 2, 11, tzinfo=UTC))
    _finish(pair, s2.id, datetime(2026, 11, 5, 11, tzinfo=UTC))
    save_meeting(
        pair.session,
        actor=pair.mentor,
        meeting_id=s3.id,
        agenda="Keep me",
        notes=None,
        visibility=Visibility.PAIR,
        expected_version=0,
        now=NOW,
    )
    adjusted = adjust_plan(
        pair.session,
        actor=pair.mentor,
        plan_id=plan.id,
        settings=PlanSettings(8, 1, 45, ("Architecture",)),
        now=NOW,
    )
    sessions = adjusted.sessions
    assert [s.scheduled_for.date() for s in sessions[:2]] == [date(2026, 11, 2), date(2026, 11, 5)]
    assert all(s.done for s in sessions[:2])
    # Weekly on Mondays from the start; the ones after the last done session remain: 9 Nov…21 Dec.
    assert [s.scheduled_for.date() for s in sessions[2:]] == [
        date(2026, 11, 9) + timedelta(weeks=n) for n in range(7)
    ]
    assert [s.number for s in sessions] == list(range(1, 10))
    kept = pair.session.get(MentoringSession, s3.id)
    assert kept is not None and kept.agenda == "Keep me" and kept.number == 3
    assert (adjusted.session_minutes, adjusted.focus) == (45, ["Architecture"])


def test_shortening_past_a_session_with_items_is_refused(pair: Pair) -> None:
    plan = _plan(pair)
    add_action_item(
        pair.session,
        actor=pair.mentor,
        session_id=plan.sessions[-1].id,
        title="Retrospective",
        owner_id=pair.ada.id,
        due_on=None,
        now=NOW,
    )
    with pytest.raises(InvalidInput, match="already has action items"):
        adjust_plan(
            pair.session,
            actor=pair.mentor,
            plan_id=plan.id,
            settings=PlanSettings(4, 1, 45, ("Short",)),
            now=NOW,
        )
    assert (
        len(
            active_plan(
                pair.session, actor=pair.mentor, mentee_id=pair.ada.id, today=TODAY
            ).sessions
        )
        == 24
    )  # type: ignore[union-attr]


def test_plan_exports_as_ics_that_parses_back(pair: Pair) -> None:
    plan = _plan(pair)
    ics = plan_ics(pair.session, actor=pair.ada, plan_id=plan.id, stamp=NOW)
    calendar = Calendar.from_ical(ics)
    events = calendar.events
    assert len(events) == 24
    assert events[0].start == datetime(2026, 11, 2, 10, tzinfo=UTC)
    assert events[0].end - events[0].start == timedelta(minutes=60)
    assert str(events[0]["SUMMARY"]) == "1:1 Max Mentor / Ada Byte (session 1)"
    assert "Assessment and goal setting" in str(events[0]["DESCRIPTION"])
    assert "Technical review 30 min" in str(events[0]["DESCRIPTION"])
    with pytest.raises(PermissionDenied):
        plan_ics(pair.session, actor=pair.other_mentor, plan_id=plan.id, stamp=NOW)


def test_capstones_are_recommended_started_and_ticked(pair: Pair) -> None:
    advice = recommend(pair.session, actor=pair.mentor, mentee_id=pair.ada.id)
    # 5.4/10 shows intermediate: the intermediate projects, enterprise search first since it
    # works on both vector databases (gap 2) and stakeholder communication (gap 2).
    assert advice.level.value == "intermediate"
    assert [f.project.key for f in advice.fits] == ["enterprise-search", "recommendation-system"]
    assert advice.fits[0].closes == 4
    capstone = start_capstone(
        pair.session,
        actor=pair.mentor,
        mentee_id=pair.ada.id,
        project_key="enterprise-search",
        started_on=START,
        now=NOW,
    )
    with pytest.raises(InvalidInput, match="already working on 'Enterprise search'"):
        start_capstone(
            pair.session,
            actor=pair.mentor,
            mentee_id=pair.ada.id,
            project_key="simple-qa",
            started_on=START,
            now=NOW,
        )
    tick_checkpoint(
        pair.session, actor=pair.mentor, capstone_id=capstone.id, week=1, on=TODAY, now=utc_now()
    )
    plan = _plan(pair)
    detail = meeting_detail(
        pair.session, actor=pair.mentor, meeting_id=plan.sessions[0].id, now=NOW
    )
    assert "Capstone 'Enterprise search', week 2 checkpoint: Ingest two sources" in detail.agenda
    for week in range(2, 7):
        tick_checkpoint(
            pair.session,
            actor=pair.mentor,
            capstone_id=capstone.id,
            week=week,
            on=TODAY,
            now=utc_now(),
        )
    [done] = capstones_of(pair.session, actor=pair.ada, mentee_id=pair.ada.id)
    assert done.completed_on == TODAY and done.ticked == 6
    assert done.checkpoints[0].ticked_by == "Max Mentor"
    with pytest.raises(InvalidInput, match="already ticked"):
        tick_checkpoint(
            pair.session,
            actor=pair.mentor,
            capstone_id=capstone.id,
            week=1,
            on=TODAY,
            now=utc_now(),
        )


def test_plan_visibility(pair: Pair) -> None:
    _plan(pair)
    assert active_plan(pair.session, actor=pair.lead, mentee_id=pair.ada.id, today=TODAY)
    assert active_plan(pair.session, actor=pair.bo, mentee_id=pair.bo.id, today=TODAY) is None
    with pytest.raises(PermissionDenied):
        active_plan(pair.session, actor=pair.bo, mentee_id=pair.ada.id, today=TODAY)
    stored = pair.session.exec(select(MentoringSession)).all()
    assert len(stored) == 24


def test_the_capstone_checkpoint_is_for_the_pair_and_leads(pair: Pair) -> None:
    start_capstone(
        pair.session,
        actor=pair.mentor,
        mentee_id=pair.ada.id,
        project_key="enterprise-search",
        started_on=START,
        now=NOW,
    )
    for allowed in (pair.ada, pair.mentor, pair.lead):
        checkpoint = current_checkpoint(pair.session, actor=allowed, person_id=pair.ada.id)
        assert checkpoint is not None and checkpoint.week == 1
    for refused in (pair.other_mentor, pair.bo):
        with pytest.raises(PermissionDenied, match="visible to them, their mentor and leads"):
            current_checkpoint(pair.session, actor=refused, person_id=pair.ada.id)


def test_the_mentee_reads_their_own_drafted_agenda(pair: Pair) -> None:
    plan = _plan(pair)
    first = plan.sessions[0].id
    as_mentee = meeting_detail(pair.session, actor=pair.ada, meeting_id=first, now=NOW)
    as_mentor = meeting_detail(pair.session, actor=pair.mentor, meeting_id=first, now=NOW)
    assert as_mentee.agenda_is_draft and as_mentee.agenda == as_mentor.agenda
    assert "Vector database expertise" in as_mentee.agenda
    with pytest.raises(PermissionDenied):
        meeting_detail(pair.session, actor=pair.other_mentor, meeting_id=first, now=NOW)
