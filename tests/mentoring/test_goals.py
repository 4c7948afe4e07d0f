"""Development plans through the services: goals, agreement, milestones, progress from
evidence, personal targets in the matrix and the agenda, review notes and who may do what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, func, select

from assessments.practical import grade_hand_in, submit_hand_in
from assessments.ratings import people_matrix
from assessments.rubrics import CriterionScore, HandInResult
from mentoring.goal_rules import GoalStatus
from mentoring.goals import (
    GoalInput,
    add_goal,
    add_milestone,
    agree_goal,
    development_plan,
    goals_to_review,
    mark_goal_done,
    review_goal,
    tick_milestone,
    update_goal,
)
from mentoring.meetings import complete_meeting, meeting_detail, save_meeting
from mentoring.planning import create_plan
from mentoring.plans import PlanSettings
from storage.enums import PersonRole, Visibility
from storage.errors import InvalidInput, PermissionDenied
from storage.models import (
    Assignment,
    AuditEvent,
    Competency,
    Goal,
    GoalMilestone,
    MentoringSession,
    Person,
    Team,
)
from storage.people import PersonRef
from tests.factories import (
    link_module,
    make_competency,
    make_module,
    make_person,
    make_quiz_evidence,
    make_ref,
    make_role_target,
    make_team,
)

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
TODAY = NOW.date()
START = date(2026, 11, 23)  # a Monday


@dataclass
class Plan:
    session: Session
    lead: PersonRef
    mentor: PersonRef
    other_mentor: PersonRef
    ada: PersonRef  # Max's mentee
    bo: PersonRef  # a teammate
    outsider: PersonRef  # a lead (and admin) of another team
    ada_row: Person


@pytest.fixture
def plan(session: Session) -> Plan:
    team = make_team(session=session, name="Search")
    lead = make_person(session=session, team=team, name="Lena Lead", role=PersonRole.LEAD)
    mentor = make_person(session=session, team=team, name="Max Mentor", role=PersonRole.MENTOR)
    other = make_person(session=session, team=team, name="Mia Mentor", role=PersonRole.MENTOR)
    ada = make_person(session=session, team=team, name="Ada Byte", mentor=mentor)
    bo = make_person(session=session, team=team, name="Bo Learner")
    elsewhere = make_team(session=session, name="Elsewhere")
    outsider = make_person(session=session, team=elsewhere, name="Olga Other", role=PersonRole.LEAD)
    outsider.is_admin = True
    session.add(outsider)
    for position, (key, name, target) in enumerate(
        [("vector-search", "Vector search", 2), ("pitching", "Pitching", 1)]
    ):
        competency = make_competency(
            session=session, key=key, name=name, position=position, team=team
        )
        make_role_target(
            session=session,
            team=team,
            job_role="Backend engineer",
            competency=competency,
            level=target,
        )
    refs = [make_ref(session=session, person=p) for p in (lead, mentor, other, ada, bo, outsider)]
    return Plan(session, *refs, ada)


def reach_advanced(p: Plan, **changes: object) -> GoalInput:
    fields: dict[str, object] = {
        "title": "Run vector search in production",
        "why": "The team's search service moves to HNSW next quarter.",
        "due_on": TODAY + timedelta(days=60),
        "success_measure": "Tunes efSearch for recall 0.95 at p95 under 50 ms.",
        "competency_key": "vector-search",
        "target_level": 3,
    } | changes
    return GoalInput(**fields)  # type: ignore[arg-type]


def only_goal(p: Plan, actor: PersonRef | None = None, today: date = TODAY):  # type: ignore[no-untyped-def]
    view = development_plan(p.session, actor=actor or p.ada, person_id=p.ada.id, today=today)
    assert len(view.goals) == 1
    return view.goals[0]


def count(session: Session, table: type) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def test_a_goal_with_a_competency_target_moves_when_evidence_arrives(plan: Plan) -> None:
    add_goal(
        plan.session, actor=plan.ada, person_id=plan.ada.id, goal=reach_advanced(plan), now=NOW
    )
    goal = only_goal(plan)
    assert (goal.progress, goal.measure) == (0.0, "none of advanced in Vector search")
    vector = plan.session.exec(select(Competency).where(Competency.key == "vector-search")).one()
    make_quiz_evidence(
        session=plan.session,
        person=plan.ada_row,
        competency=vector,
        level=2,
        created_at=NOW + timedelta(days=1),
    )
    goal = only_goal(plan, today=TODAY + timedelta(days=1))
    assert round(goal.progress, 2) == 0.67
    assert goal.measure == "intermediate of advanced in Vector search"
    assert goal.status == GoalStatus.ON_TRACK


def test_a_personal_target_replaces_the_role_target_in_the_matrix_and_the_agenda(
    plan: Plan,
) -> None:
    add_goal(
        plan.session, actor=plan.mentor, person_id=plan.ada.id, goal=reach_advanced(plan), now=NOW
    )
    matrix = people_matrix(
        plan.session,
        actor=plan.lead,
        team_id=plan.ada.team_id,
        person_ids=[plan.ada.id, plan.bo.id],
    )
    ada_cell = matrix.cells[(plan.ada.id, "vector-search")]
    assert (ada_cell.target, ada_cell.gap, ada_cell.personal_target) == (3, 3, True)
    # Bo keeps the role's target; Ada's other competency too.
    assert matrix.cells[(plan.bo.id, "vector-search")].target == 2
    assert not matrix.cells[(plan.bo.id, "vector-search")].personal_target
    assert matrix.cells[(plan.ada.id, "pitching")].target == 1
    create_plan(
        plan.session,
        actor=plan.mentor,
        mentee_id=plan.ada.id,
        started_on=START,
        settings=PlanSettings(8, 1, 45, ("Search in production",)),
        now=NOW,
    )
    first = plan.session.exec(select(MentoringSession).order_by(MentoringSession.number)).first()
    assert first is not None and first.id is not None
    agenda = meeting_detail(plan.session, actor=plan.mentor, meeting_id=first.id, now=NOW).agenda
    assert "Gap: Vector search — none, the personal target is advanced (3 levels short)." in agenda
    assert "Gap: Pitching — none, the role asks for basic (1 level short)." in agenda


def test_a_goal_is_agreed_once_the_person_and_their_mentor_both_agree(plan: Plan) -> None:
    goal_id = add_goal(
        plan.session, actor=plan.ada, person_id=plan.ada.id, goal=reach_advanced(plan), now=NOW
    )
    goal = only_goal(plan)
    assert goal.learner_agreed_at == NOW and goal.mentor_agreed_at is None and not goal.agreed
    with pytest.raises(InvalidInput, match="already agreed"):
        agree_goal(plan.session, actor=plan.ada, goal_id=goal_id, now=NOW)
    assert agree_goal(
        plan.session, actor=plan.mentor, goal_id=goal_id, now=NOW + timedelta(hours=1)
    )
    goal = only_goal(plan)
    assert goal.agreed and goal.mentor_agreed_by_name == "Max Mentor"
    # Changing what was agreed asks both again: the editor agrees by saving.
    changed = update_goal(
        plan.session,
        actor=plan.mentor,
        goal_id=goal_id,
        goal=reach_advanced(plan, due_on=TODAY + timedelta(days=90)),
        now=NOW + timedelta(days=1),
    )
    assert changed == ["due date"]
    goal = only_goal(plan)
    assert goal.mentor_agreed_at is not None and goal.learner_agreed_at is None
    assert not goal.agreed
    # Saving the same again changes nothing and writes nothing.
    assert (
        update_goal(
            plan.session,
            actor=plan.mentor,
            goal_id=goal_id,
            goal=reach_advanced(plan, due_on=TODAY + timedelta(days=90)),
            now=NOW + timedelta(days=2),
        )
        == []
    )
    history = [h.detail for h in only_goal(plan).history]
    assert history[0] == (
        "Proposed a goal for their own development plan: 'Run vector search in production' "
        "(advanced in Vector search), due 20 Jan 2027."
    )
    assert [h.actor_name for h in only_goal(plan).history] == [
        "Ada Byte",
        "Max Mentor",
        "Max Mentor",
    ]
    assert "due date" in history[-1] and "(to be agreed again)" in history[-1]


def test_a_lead_agrees_on_the_mentors_side_and_nobody_agrees_for_the_person(plan: Plan) -> None:
    goal_id = add_goal(
        plan.session, actor=plan.lead, person_id=plan.ada.id, goal=reach_advanced(plan), now=NOW
    )
    goal = only_goal(plan)
    assert goal.mentor_agreed_by_name == "Lena Lead" and goal.learner_agreed_at is None
    with pytest.raises(InvalidInput, match="already agreed"):
        agree_goal(plan.session, actor=plan.mentor, goal_id=goal_id, now=NOW)
    assert agree_goal(plan.session, actor=plan.ada, goal_id=goal_id, now=NOW)


def test_who_may_see_and_change_a_development_plan(plan: Plan) -> None:
    goal_id = add_goal(
        plan.session, actor=plan.ada, person_id=plan.ada.id, goal=reach_advanced(plan), now=NOW
    )
    for viewer in (plan.ada, plan.mentor, plan.lead):
        assert development_plan(
            plan.session, actor=viewer, person_id=plan.ada.id, today=TODAY
        ).goals
    for stranger in (plan.bo, plan.other_mentor, plan.outsider):
        with pytest.raises(PermissionDenied, match="for them, their mentor and the team's leads"):
            development_plan(plan.session, actor=stranger, person_id=plan.ada.id, today=TODAY)
        with pytest.raises(PermissionDenied, match="Only Ada Byte, their mentor or a team lead"):
            add_goal(
                plan.session,
                actor=stranger,
                person_id=plan.ada.id,
                goal=reach_advanced(plan),
                now=NOW,
            )
        with pytest.raises(PermissionDenied):
            update_goal(
                plan.session,
                actor=stranger,
                goal_id=goal_id,
                goal=reach_advanced(plan, title="Something else"),
                now=NOW,
            )
        with pytest.raises(PermissionDenied):
            agree_goal(plan.session, actor=stranger, goal_id=goal_id, now=NOW)
        with pytest.raises(PermissionDenied):
            add_milestone(plan.session, actor=stranger, goal_id=goal_id, title="Read", now=NOW)
    assert count(plan.session, Goal) == 1
    assert only_goal(plan).title == "Run vector search in production"


def test_nobody_outside_the_plan_ticks_its_milestones_or_marks_its_goals_done(
    plan: Plan,
) -> None:
    """Another team's lead (an admin too), a teammate who is only a learner, and a mentor of
    someone else are each refused, and nothing about the goal or its milestones changes."""
    p = plan
    by_hand = add_goal(
        p.session,
        actor=p.ada,
        person_id=p.ada.id,
        goal=GoalInput("Give a lightning talk", "Practice", TODAY + timedelta(days=20)),
        now=NOW,
    )
    with_steps = add_goal(
        p.session,
        actor=p.ada,
        person_id=p.ada.id,
        goal=GoalInput("Write the runbook", "Nights", TODAY + timedelta(days=20)),
        milestones=["Outline"],
        now=NOW,
    )
    [milestone] = p.session.exec(
        select(GoalMilestone).where(GoalMilestone.goal_id == with_steps)
    ).all()
    # Mia mentors someone, just not Ada.
    make_person(
        session=p.session,
        team=p.session.get(Team, p.ada.team_id),  # type: ignore[arg-type]
        name="Cy Mentee",
        mentor=p.session.get(Person, p.other_mentor.id),
    )
    events = count(p.session, AuditEvent)
    for stranger in (p.outsider, p.bo, p.other_mentor):
        with pytest.raises(PermissionDenied, match="Only Ada Byte, their mentor or a team lead"):
            tick_milestone(
                p.session, actor=stranger, milestone_id=milestone.id or 0, done_on=TODAY, now=NOW
            )
        with pytest.raises(PermissionDenied, match="Only Ada Byte, their mentor or a team lead"):
            mark_goal_done(p.session, actor=stranger, goal_id=by_hand, done=True, now=NOW)
    p.session.refresh(milestone)
    assert (milestone.done_on, milestone.done_by_id) == (None, None)
    goal = p.session.get(Goal, by_hand)
    assert goal is not None and goal.done_at is None
    assert count(p.session, AuditEvent) == events
    # The same calls by Ada's mentor go through: the refusals were about who, not what.
    tick_milestone(
        p.session, actor=p.mentor, milestone_id=milestone.id or 0, done_on=TODAY, now=NOW
    )
    mark_goal_done(p.session, actor=p.mentor, goal_id=by_hand, done=True, now=NOW)
    assert count(p.session, AuditEvent) == events + 2


def test_a_refused_goal_saves_nothing_and_says_every_problem(plan: Plan) -> None:
    with pytest.raises(InvalidInput) as refused:
        add_goal(
            plan.session,
            actor=plan.ada,
            person_id=plan.ada.id,
            goal=reach_advanced(
                plan, title="  ", target_level=None, due_on=TODAY - timedelta(days=1)
            ),
            now=NOW,
        )
    message = str(refused.value)
    assert "say what the goal is" in message and "needs a target level" in message
    assert count(plan.session, Goal) == 0
    assert count(plan.session, GoalMilestone) == 0


def test_milestones_tick_with_their_day_and_carry_a_goal_without_a_competency(plan: Plan) -> None:
    goal_id = add_goal(
        plan.session,
        actor=plan.ada,
        person_id=plan.ada.id,
        goal=GoalInput(
            "Present the search roadmap to sales",
            "Sales keep asking what hybrid search changes.",
            TODAY + timedelta(days=10),
            "Sales can explain hybrid search to a customer.",
        ),
        milestones=["Draft the slides", "Rehearse with Max"],
        now=NOW,
    )
    goal = only_goal(plan)
    assert (goal.progress, goal.measure) == (0.0, "0 of 2 milestones")
    first = goal.milestones[0]
    with pytest.raises(InvalidInput, match="today or earlier"):
        tick_milestone(
            plan.session,
            actor=plan.ada,
            milestone_id=first.id,
            done_on=TODAY + timedelta(days=1),
            now=NOW,
        )
    tick_milestone(plan.session, actor=plan.ada, milestone_id=first.id, done_on=TODAY, now=NOW)
    goal = only_goal(plan)
    assert goal.milestones[0].done_on == TODAY and goal.milestones[0].done_by_name == "Ada Byte"
    assert goal.progress == 0.5 and goal.measure == "1 of 2 milestones"
    with pytest.raises(InvalidInput, match="when its milestones are ticked"):
        mark_goal_done(plan.session, actor=plan.ada, goal_id=goal_id, done=True, now=NOW)
    tick_milestone(
        plan.session, actor=plan.mentor, milestone_id=goal.milestones[1].id, done_on=TODAY, now=NOW
    )
    assert only_goal(plan).status == GoalStatus.DONE


def test_an_off_track_goal_and_one_due_soon_are_on_the_agenda_with_their_review_notes(
    plan: Plan,
) -> None:
    set_at = NOW - timedelta(days=60)
    behind = add_goal(
        plan.session,
        actor=plan.mentor,
        person_id=plan.ada.id,
        goal=reach_advanced(plan, due_on=TODAY + timedelta(days=30)),
        now=set_at,
    )
    soon = add_goal(
        plan.session,
        actor=plan.ada,
        person_id=plan.ada.id,
        goal=GoalInput("Write the on-call runbook", "Nights", TODAY + timedelta(days=9)),
        milestones=["Outline", "Review"],
        now=NOW,
    )
    add_goal(
        plan.session,
        actor=plan.ada,
        person_id=plan.ada.id,
        goal=GoalInput("Pair on the reranker", "Later", TODAY + timedelta(days=120)),
        now=NOW,
    )
    create_plan(
        plan.session,
        actor=plan.mentor,
        mentee_id=plan.ada.id,
        started_on=START,
        settings=PlanSettings(8, 1, 45, ("Search in production",)),
        now=NOW,
    )
    first = plan.session.exec(select(MentoringSession).order_by(MentoringSession.number)).first()
    assert first is not None and first.id is not None
    listed = goals_to_review(plan.session, actor=plan.mentor, meeting_id=first.id, now=NOW)
    assert [g.id for g in listed] == [soon, behind]
    agenda = meeting_detail(plan.session, actor=plan.mentor, meeting_id=first.id, now=NOW).agenda
    assert (
        "Goal off track: 'Run vector search in production' — 0 % (none of advanced in Vector "
        "search), due 21 Dec 2026, in 30 days" in agenda
    )
    assert "Goal due soon: 'Write the on-call runbook' — 0 % (0 of 2 milestones)" in agenda
    assert "Pair on the reranker" not in agenda
    # The mentee reads the agenda too (their own goals).
    assert (
        "Goal off track"
        in meeting_detail(plan.session, actor=plan.ada, meeting_id=first.id, now=NOW).agenda
    )
    held = datetime(2026, 11, 23, 10, tzinfo=UTC)
    review_goal(
        plan.session,
        actor=plan.mentor,
        goal_id=behind,
        meeting_id=first.id,
        note="Too much at once: the quiz on index families first.",
        now=held,
    )
    with pytest.raises(PermissionDenied):
        review_goal(
            plan.session, actor=plan.ada, goal_id=behind, meeting_id=first.id, note="Mine", now=held
        )
    with pytest.raises(InvalidInput, match="write what was said"):
        review_goal(
            plan.session, actor=plan.mentor, goal_id=soon, meeting_id=first.id, note=" ", now=held
        )
    goal = next(
        g
        for g in development_plan(
            plan.session, actor=plan.ada, person_id=plan.ada.id, today=TODAY
        ).goals
        if g.id == behind
    )
    assert [(r.meeting_number, r.author_name, r.note) for r in goal.reviews] == [
        (1, "Max Mentor", "Too much at once: the quiz on index families first.")
    ]
    assert goal.history[-1].detail.startswith("Reviewed Ada Byte's goal 'Run vector search")


def test_a_hand_in_returned_before_an_earlier_plans_last_1_1_is_not_named_again(
    plan: Plan,
) -> None:
    """The agenda names a hand-in returned since the last 1:1: in the first one after it was
    graded, not again after that, not even in a new plan's first 1:1."""
    module = make_module(session=plan.session, key="ann", title="Index families", level_number=2)
    link_module(
        session=plan.session,
        module=module,
        competencies=list(plan.session.exec(select(Competency)).all()),
    )
    assignment = Assignment(
        key="ann/recall-sweep",
        module_id=module.id,
        title="Recall against efSearch",
        brief="Sweep efSearch.",
        evidence_level=2,
        rubric=[
            {
                "key": "measures",
                "criterion": "Measures",
                "levels": {str(n): "x" for n in (1, 2, 3, 4)},
            }
        ],
    )
    plan.session.add(assignment)
    plan.session.flush()
    first_plan = create_plan(
        plan.session,
        actor=plan.mentor,
        mentee_id=plan.ada.id,
        started_on=START,
        settings=PlanSettings(8, 1, 45, ("Search",)),
        now=NOW,
    )
    hand_in = submit_hand_in(
        plan.session,
        actor=plan.ada,
        assignment_id=assignment.id or 0,
        text="The sweep.",
        link=None,
        files=[],
        at=datetime(2026, 11, 24, 9, tzinfo=UTC),
    ).hand_in_id
    grade_hand_in(
        plan.session,
        actor=plan.mentor,
        hand_in_id=hand_in,
        scores={"measures": CriterionScore(1, "Only one query set.")},
        result=HandInResult.AGAIN,
        comment="Sweep the team's own queries too.",
        at=datetime(2026, 11, 25, 9, tzinfo=UTC),
    )
    sessions = plan.session.exec(
        select(MentoringSession)
        .where(MentoringSession.plan_id == first_plan.id)
        .order_by(MentoringSession.number)
    ).all()
    later = datetime(2026, 11, 30, 12, tzinfo=UTC)
    detail = meeting_detail(
        plan.session, actor=plan.mentor, meeting_id=sessions[0].id or 0, now=later
    )
    assert "Hand-in returned: 'Recall against efSearch'" in detail.agenda
    save_meeting(
        plan.session,
        actor=plan.mentor,
        meeting_id=sessions[0].id or 0,
        agenda=detail.agenda,
        notes="",
        visibility=Visibility.PAIR,
        expected_version=0,
        now=later,
    )
    complete_meeting(plan.session, actor=plan.mentor, meeting_id=sessions[0].id or 0, now=later)
    following = meeting_detail(
        plan.session, actor=plan.mentor, meeting_id=sessions[1].id or 0, now=later
    )
    assert "Hand-in returned" not in following.agenda
    # A new plan (the old one is cancelled): its first 1:1 comes after the one held above.
    second_plan = create_plan(
        plan.session,
        actor=plan.mentor,
        mentee_id=plan.ada.id,
        started_on=date(2026, 12, 7),
        settings=PlanSettings(4, 1, 30, ("Catch-up",)),
        now=later,
    )
    opening = plan.session.exec(
        select(MentoringSession)
        .where(MentoringSession.plan_id == second_plan.id)
        .order_by(MentoringSession.number)
    ).first()
    assert opening is not None
    agenda = meeting_detail(
        plan.session, actor=plan.mentor, meeting_id=opening.id or 0, now=later
    ).agenda
    assert "Hand-in returned" not in agenda
