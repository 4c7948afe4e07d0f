"""Every change a person makes is in the audit log, in words a lead can read.

The walk is data-driven: one `Case` per write service (a function that adds, changes or
deletes rows on behalf of someone), run against the seeded demo. A write service that is
neither a case nor in `NOT_AUDITED` fails `test_every_write_service_is_walked`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, col, delete, select

from assessments import evaluations, framework, practical, quizzes, ratings
from assessments.rubrics import CriterionScore, HandInResult
from assessments.rules import PEER_CRITERIA, IntakeAnswers
from curriculum import feedback, progress
from curriculum.loader import DEFAULT_CURRICULUM_DIR
from mentoring import (
    action_items,
    capstone_tracking,
    communities,
    goals,
    meetings,
    pairing,
    planning,
    sharing,
    talking_points,
)
from mentoring.course_material import read_capstones
from mentoring.plans import PlanSettings
from reviews import deck, policy, queue, transfer
from reviews.replay import FitResult
from reviews.scheduling import DEFAULT_FSRS_PARAMETERS, Policy, ReviewGrade
from search import note_review, notes
from storage import roster
from storage.audit import action_label, audit_log
from storage.enums import (
    CardKind,
    ImprovementStatus,
    PersonRole,
    RaterKind,
    ReminderKind,
    SharingKind,
    Visibility,
)
from storage.models import (
    ActionItem,
    ActivityLog,
    AuditEvent,
    Community,
    Competency,
    Goal,
    GoalMilestone,
    MentoringPlan,
    MentoringSession,
    Module,
    Note,
    Organisation,
    SharingSession,
    Track,
    utc_now,
)
from storage.people import PersonRef, get_person, list_people
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime.combine(TODAY, time(12), tzinfo=UTC)
SERVICE_PACKAGES = (
    "storage",
    "curriculum",
    "assessments",
    "reviews",
    "mentoring",
    "search",
    "insights",
)

# Write services whose rows are not a change a lead audits, each with why.
NOT_AUDITED = {
    "storage.roster.write_person": "the row writer behind update_person and the CSV import",
    "assessments.ratings.append_ratings": "the row writer behind every rating: add_rating, a "
    "passed quiz, a passed hand-in and a confirmed presentation each audit theirs in words",
    "curriculum.progress.log_activity": "the activity log is itself the record of who logged "
    "what and when (changing or deleting an entry is audited)",
    "curriculum.catalog.sync_curriculum": "the system re-reads the curriculum YAML at start-up",
    "assessments.framework.start_team_framework": "the system copies the curriculum's "
    "competencies into a team at start-up",
    "reviews.policy.reschedule_team": "recomputes due dates after an audited change",
    "reviews.queue.record_review": "a learner's own flashcard answer, kept in its review log",
    "search.questions.save_question": "a person's own search history",
    "search.questions.mark_relevant": "a person's feedback on a search result",
    "search.registry.next_generation": "the search index's own bookkeeping, raised with "
    "every registry change an index update makes",
    "assessments.framework.set_personal_target": "called only as a development goal is "
    "proposed or changed, whose audited event names the target ('advanced in Vector search')",
}


@dataclass(frozen=True)
class Demo:
    session: Session

    def person(self, name: str) -> PersonRef:
        return next(p for p in list_people(self.session, None) if p.name == name)

    @property
    def lead(self) -> PersonRef:
        return self.person("Priya Raman")  # lead and organisation admin

    def plan_of(self, mentee: str) -> MentoringPlan:
        return self.session.exec(
            select(MentoringPlan).where(MentoringPlan.mentee_id == self.person(mentee).id)
        ).one()

    def meeting_of(self, mentee: str) -> MentoringSession:
        return self.session.exec(
            select(MentoringSession)
            .where(MentoringSession.plan_id == self.plan_of(mentee).id)
            .order_by(col(MentoringSession.number))
        ).first()  # type: ignore[return-value]

    def open_item(self) -> ActionItem:
        return self.session.exec(
            select(ActionItem).where(col(ActionItem.done_at).is_(None))
        ).first()  # type: ignore[return-value]

    def module_with_quiz(self) -> str:
        for module in self.session.exec(select(Module).order_by(col(Module.position))):
            if quizzes.quiz_for_module(self.session, module.key).questions:
                return module.key
        raise AssertionError("the demo curriculum has no quiz")


def _shared(demo: Demo, title_start: str, *, coming: bool = False) -> int:
    """The demo's sharing session whose title starts so (`coming`: the next one still to
    come, for a series)."""
    query = select(SharingSession.id).where(col(SharingSession.title).startswith(title_start))
    if coming:
        query = query.where(col(SharingSession.starts_at) > NOW)
    found = demo.session.exec(query.order_by(col(SharingSession.starts_at))).first()
    assert found is not None
    return found


def _community(demo: Demo) -> int:
    found = demo.session.exec(
        select(Community.id).where(Community.name == "Retrieval quality")
    ).one()
    assert found is not None
    return found


@dataclass(frozen=True)
class Case:
    service: str  # "package.module.function", as the scan names it
    action: str | None  # the event it writes (None: any, for one another branch names)
    change: Callable[[Demo], object]
    words: tuple[str, ...] = ()  # what the event must say (names, levels in words)
    marks: tuple[pytest.MarkDecorator, ...] = ()


def _own_fit() -> FitResult:
    """A fit of a person's own that predicts better than the team's (so it is kept)."""
    return FitResult(list(DEFAULT_FSRS_PARAMETERS), 0.42, 0.41, 700, 300, 5.0, 0.05, 0.04)


def _pass_quiz(demo: Demo) -> object:
    key = demo.module_with_quiz()
    quiz = quizzes.quiz_for_module(demo.session, key)
    answers = {q.key: q.answer for q in quiz.questions}
    return quizzes.submit_quiz(
        demo.session, actor=demo.person("Ben Carter"), module_key=key, answers=answers, at=NOW
    )


def _hand_in(demo: Demo) -> int:
    """Aisha Khan (mentored by Grace Okafor) hands in a practical she has not started."""
    aisha = demo.person("Aisha Khan")
    rows = practical.hand_ins_of(demo.session, actor=aisha, person_id=aisha.id)
    assignment = next(r.assignment for r in rows if r.hand_in_id is None)
    return practical.submit_hand_in(
        demo.session,
        actor=demo.person("Aisha Khan"),
        assignment_id=assignment.id,
        text="Keyword search won on error codes; semantic search on paraphrases.",
        link=None,
        files=[("results.md", b"| query | keyword | semantic |\n")],
        at=NOW,
    ).hand_in_id


def _rubric_scores(demo: Demo, hand_in_id: int, score: int) -> dict[str, CriterionScore]:
    view = practical.get_hand_in(
        demo.session, actor=demo.person("Aisha Khan"), hand_in_id=hand_in_id
    )
    return {c.key: CriterionScore(score, "Seen in the table.") for c in view.assignment.criteria}


def _grade(demo: Demo) -> object:
    hand_in_id = _hand_in(demo)
    return practical.grade_hand_in(
        demo.session,
        actor=demo.person("Grace Okafor"),
        hand_in_id=hand_in_id,
        scores=_rubric_scores(demo, hand_in_id, 3),
        result=HandInResult.PASS,
        comment="A clear comparison.",
        at=NOW,
    )


def _peer_review(demo: Demo) -> None:
    hand_in_id = _hand_in(demo)
    practical.request_peer_review(
        demo.session,
        actor=demo.person("Aisha Khan"),
        hand_in_id=hand_in_id,
        reviewer_id=demo.person("Ben Carter").id,
        at=NOW,
    )
    practical.peer_review(
        demo.session,
        actor=demo.person("Ben Carter"),
        hand_in_id=hand_in_id,
        scores=_rubric_scores(demo, hand_in_id, 2),
        comment="Add the queries you used.",
        at=NOW,
    )


def _self_assess(demo: Demo) -> None:
    hand_in_id = _hand_in(demo)
    practical.self_assess(
        demo.session,
        actor=demo.person("Aisha Khan"),
        hand_in_id=hand_in_id,
        scores=_rubric_scores(demo, hand_in_id, 3),
        comment="",
        at=NOW,
    )


def _own_card(demo: Demo) -> int:
    """A card Aisha Khan writes for herself, for the card browser's changes."""
    return deck.write_card(
        demo.session,
        actor=demo.person("Aisha Khan"),
        front="What does nprobe trade?",
        back="Recall for latency.",
        kind=CardKind.CONCEPTUAL,
        now=NOW,
    ).id


def _card_change(change: Callable[..., object]) -> Callable[[Demo], object]:
    def run(demo: Demo) -> object:
        return change(
            demo.session, actor=demo.person("Aisha Khan"), card_id=_own_card(demo), now=NOW
        )

    return run


def _unsuspend(demo: Demo) -> object:
    aisha, card_id = demo.person("Aisha Khan"), _own_card(demo)
    deck.suspend_card(demo.session, actor=aisha, card_id=card_id, now=NOW)
    return deck.unsuspend_card(demo.session, actor=aisha, card_id=card_id, now=NOW)


def _undo(demo: Demo) -> object:
    aisha = demo.person("Aisha Khan")
    card_id = _own_card(demo)
    queue.record_review(
        demo.session, actor=aisha, card_id=card_id, rating=ReviewGrade.GOOD, now=NOW
    )
    return queue.undo_last_answer(demo.session, actor=aisha, now=NOW)


def _intake(demo: Demo) -> evaluations.IntakeView:
    return evaluations.record_intake(
        demo.session,
        actor=demo.person("Grace Okafor"),
        person_id=demo.person("Aisha Khan").id,
        answers=IntakeAnswers(
            programming_years=1,
            ml_experience="none",
            search_experience=False,
            hours_per_week=4,
            learning_style="reading",
            goal="build",
        ),
        at=NOW,
    )


def _new_team(demo: Demo) -> roster.TeamRef:
    team, _ = roster.create_team(
        demo.session,
        actor=demo.lead,
        name="Ranking",
        lead=roster.PersonIn(
            name="Omar Haddad", email="omar@example.com", role=PersonRole.LEAD, job_role="Lead"
        ),
        now=NOW,
    )
    return team


def _framework_row(demo: Demo) -> framework.FrameworkRow:
    competency = demo.session.exec(
        select(Competency).where(Competency.team_id == demo.lead.team_id)
    ).first()
    assert competency is not None
    return framework.FrameworkRow(
        key=competency.key,
        name=competency.name + " and more",
        group=competency.group,
        description=competency.description,
        descriptors={1: "a", 2: "b", 3: "c", 4: "d"},
    )


def _set_up_again(demo: Demo) -> None:
    demo.session.exec(delete(Organisation))  # type: ignore[call-overload]
    roster.create_organisation(
        demo.session, name="Search Platform", curriculum_dir=None, demo=False, now=NOW
    )


def _first_activity(demo: Demo) -> ActivityLog:
    return demo.session.exec(
        select(ActivityLog).where(ActivityLog.person_id == demo.person("Aisha Khan").id)
    ).first()  # type: ignore[return-value]


def _hold_next_meeting(demo: Demo) -> object:
    grace, meeting_id = demo.person("Grace Okafor"), _next_meeting(demo)
    meetings.save_meeting(
        demo.session,
        actor=grace,
        meeting_id=meeting_id,
        agenda="Chunking",
        notes=None,
        visibility=Visibility.PAIR,
        expected_version=_version(demo, meeting_id),
        now=NOW,
    )
    return meetings.complete_meeting(demo.session, actor=grace, meeting_id=meeting_id, now=NOW)


def _version(demo: Demo, meeting_id: int) -> int:
    meeting = demo.session.get(MentoringSession, meeting_id)
    assert meeting is not None
    return meeting.version


def _next_meeting(demo: Demo) -> int:
    meeting = demo.session.exec(
        select(MentoringSession)
        .where(
            MentoringSession.plan_id == demo.plan_of("Aisha Khan").id,
            col(MentoringSession.done_at).is_(None),
        )
        .order_by(col(MentoringSession.number))
    ).first()
    assert meeting is not None and meeting.id is not None
    return meeting.id


def _goal(demo: Demo, title: str) -> int:
    goal = demo.session.exec(select(Goal).where(Goal.title == title)).one()
    assert goal.id is not None
    return goal.id


def _runbook(demo: Demo) -> int:
    """A goal of Aisha Khan's without a competency or milestones: ticked done by hand."""
    return goals.add_goal(
        demo.session,
        actor=demo.person("Aisha Khan"),
        person_id=demo.person("Aisha Khan").id,
        goal=goals.GoalInput("Write the FAISS runbook", "Nights", TODAY + timedelta(days=20)),
        now=NOW,
    )


def _open_milestone(demo: Demo) -> int:
    milestone = demo.session.exec(
        select(GoalMilestone)
        .where(
            GoalMilestone.goal_id
            == _goal(demo, "Build a hybrid search prototype for the docs site"),
            col(GoalMilestone.done_on).is_(None),
        )
        .order_by(col(GoalMilestone.position))
    ).first()
    assert milestone is not None and milestone.id is not None
    return milestone.id


def _talking_point(demo: Demo) -> int:
    """Aisha Khan adds a point to her next 1:1."""
    return talking_points.add_talking_point(
        demo.session,
        actor=demo.person("Aisha Khan"),
        meeting_id=_next_meeting(demo),
        text="Recall of my IVF index",
        private=False,
        now=NOW,
    ).id


def _improvement(demo: Demo) -> int:
    return feedback.open_improvement(
        demo.session,
        actor=demo.lead,
        module_key="hybrid-search",
        title="Add a worked RRF example",
        owner_id=demo.person("Grace Okafor").id,
        now=NOW,
    ).id


CASES = [
    # --- people and teams ---------------------------------------------------------------
    Case(
        "storage.roster.create_organisation",
        "organisation_set_up",
        _set_up_again,
        ("Search Platform",),
    ),
    Case("storage.roster.create_team", "team_created", _new_team, ("Ranking",)),
    Case(
        "storage.roster.rename_team",
        "team_renamed",
        lambda d: roster.rename_team(
            d.session, actor=d.lead, team_id=d.lead.team_id, name="Search", now=utc_now()
        ),
        ("Search Platform", "Search"),
    ),
    Case(
        "storage.roster.set_team_time_zone",
        "team_time_zone_set",
        lambda d: roster.set_team_time_zone(
            d.session, actor=d.lead, team_id=d.lead.team_id, time_zone="Asia/Tokyo", now=utc_now()
        ),
        ("Search Platform", "Asia/Tokyo"),
    ),
    Case(
        "storage.roster.set_team_archived",
        "team_archived",
        lambda d: roster.set_team_archived(
            d.session, actor=d.lead, team_id=_new_team(d).id, archived=True, now=NOW
        ),
        ("Archived", "Ranking"),
    ),
    Case(
        "storage.roster.add_person",
        "person_added",
        lambda d: roster.add_person(
            d.session,
            actor=d.lead,
            team_id=d.lead.team_id,
            person=roster.PersonIn(
                name="Nora Lind",
                email="nora@example.com",
                role=PersonRole.LEARNER,
                job_role="Engineer",
                mentor_id=d.person("Grace Okafor").id,
            ),
            now=NOW,
        ),
        ("Nora Lind", "Grace Okafor"),
    ),
    Case(
        "storage.roster.update_person",
        "person_changed",
        lambda d: roster.update_person(
            d.session,
            actor=d.lead,
            person_id=d.person("Aisha Khan").id,
            person=roster.PersonIn(
                name="Aisha Khan",
                email="aisha@example.com",
                role=PersonRole.LEARNER,
                job_role="Engineer",
                mentor_id=d.person("Tomás Alvarez").id,
            ),
            now=utc_now(),
        ),
        ("Aisha Khan", "Grace Okafor → Tomás Alvarez"),
    ),
    Case(
        "storage.roster.move_person",
        "person_moved",
        lambda d: roster.move_person(
            d.session,
            actor=d.lead,
            person_id=d.person("Mei Chen").id,
            team_id=_new_team(d).id,
            now=utc_now(),
        ),
        ("Mei Chen", "Search Platform", "Ranking"),
    ),
    Case(
        "storage.roster.set_person_active",
        "person_deactivated",
        lambda d: roster.set_person_active(
            d.session,
            actor=d.lead,
            person_id=d.person("Ben Carter").id,
            active=False,
            today=TODAY,
            now=utc_now(),
        ),
        ("Ben Carter", "21 Nov 2026"),
    ),
    Case(
        "storage.roster.set_admin",
        "admin_granted",
        lambda d: roster.set_admin(
            d.session,
            actor=d.lead,
            person_id=d.person("Grace Okafor").id,
            admin=True,
            now=utc_now(),
        ),
        ("Grace Okafor",),
    ),
    # --- competencies, ratings and assessments ------------------------------------------
    Case(
        "assessments.ratings.add_rating",
        "rating_added",
        lambda d: ratings.add_rating(
            d.session,
            actor=d.person("Grace Okafor"),
            person_id=d.person("Aisha Khan").id,
            competency_key="vector-database-expertise",
            level=2,
            rater_kind=RaterKind.MENTOR,
            created_at=utc_now(),
        ),
        ("Aisha Khan", "intermediate", "Vector database expertise", "mentor rating"),
    ),
    Case(
        "assessments.quizzes.submit_quiz",
        "quiz_evidence_added",
        _pass_quiz,
        ("Passed the", "quiz (", "evidence in"),
    ),
    Case(
        "assessments.evaluations.record_intake", "intake_recorded", _intake, ("Aisha Khan", "track")
    ),
    Case(
        "assessments.practical.submit_hand_in",
        "hand_in_submitted",
        _hand_in,
        ("Handed in version 1 of", "with 1 file(s)"),
    ),
    Case(
        "assessments.practical.grade_hand_in",
        "hand_in_graded",
        _grade,
        ("Aisha Khan", "pass", "practical evidence in"),
    ),
    Case(
        "assessments.practical.self_assess",
        "hand_in_self_assessed",
        _self_assess,
        ("Assessed their own",),
    ),
    Case(
        "assessments.practical.request_peer_review",
        "peer_review_requested",
        _peer_review,
        ("Ben Carter", "Aisha Khan"),
    ),
    Case(
        "assessments.practical.peer_review",
        "hand_in_peer_reviewed",
        _peer_review,
        ("Reviewed Aisha Khan's",),
    ),
    Case(
        "assessments.evaluations.accept_suggestion",
        "track_suggestion_accepted",
        lambda d: evaluations.accept_suggestion(
            d.session, actor=d.lead, intake_id=_intake(d).id, started_on=TODAY, at=utc_now()
        ),
        ("Aisha Khan", "21 Nov 2026"),
    ),
    Case(
        "assessments.evaluations.record_assessment",
        "assessment_recorded",
        lambda d: evaluations.record_assessment(
            d.session,
            actor=d.person("Grace Okafor"),
            person_id=d.person("Aisha Khan").id,
            scores={
                "knowledge_recall": 6.333333,
                "practical_application": 5,
                "analytical_thinking": 5,
                "knowledge_transfer": 4,
            },
            today=TODAY,
            competency_key="vector-database-expertise",
            at=NOW,
        ),
        ("Aisha Khan", "Vector database expertise", "/10"),
    ),
    Case(
        "assessments.evaluations.record_peer_review",
        "peer_review_written",
        lambda d: evaluations.record_peer_review(
            d.session,
            actor=d.person("Mei Chen"),
            person_id=d.person("Aisha Khan").id,
            scores=dict(zip(PEER_CRITERIA, (4, 3, 5, 4, 3), strict=True)),
            at=NOW,
        ),
        ("Aisha Khan", "3.8/5"),
    ),
    Case(
        "assessments.framework.save_framework",
        "framework_saved",
        lambda d: framework.save_framework(
            d.session, actor=d.lead, rows=[_framework_row(d)], now=utc_now()
        ),
        ("changed", "and more"),
    ),
    Case(
        "assessments.framework.set_role_targets",
        "targets_set",
        lambda d: framework.set_role_targets(
            d.session,
            actor=d.lead,
            targets={("Junior engineer", "vector-database-expertise"): 4},
            at=utc_now(),
        ),
        ("Junior engineer · Vector database expertise: intermediate → expert",),
    ),
    Case(
        "assessments.framework.set_team_weights",
        "weights_set",
        lambda d: framework.set_team_weights(
            d.session,
            actor=d.lead,
            weights={
                "knowledge_recall": 0.4,
                "practical_application": 0.3,
                "analytical_thinking": 0.2,
                "knowledge_transfer": 0.1,
            },
            now=utc_now(),
        ),
        ("knowledge recall 40 %",),
    ),
    # --- reviews ------------------------------------------------------------------------
    Case(
        "reviews.deck.edit_card",
        "card_edited",
        lambda d: deck.edit_card(
            d.session,
            actor=d.person("Aisha Khan"),
            card_id=_own_card(d),
            front="What does nprobe trade, in IVF?",
            back="Recall for latency.",
            kind=CardKind.CONCEPTUAL,
            module_key=None,
            now=NOW,
        ),
    ),
    Case("reviews.deck.suspend_card", "card_suspended", _card_change(deck.suspend_card)),
    Case("reviews.deck.unsuspend_card", "card_unsuspended", _unsuspend),
    Case("reviews.deck.bury_card", "card_buried", _card_change(deck.bury_card)),
    Case("reviews.deck.reset_card", "card_reset", _card_change(deck.reset_card)),
    Case("reviews.deck.delete_card", "card_deleted", _card_change(deck.delete_card)),
    Case("reviews.queue.undo_last_answer", "review_undone", _undo),
    Case(
        "reviews.transfer.import_cards",
        "cards_imported",
        lambda d: transfer.import_cards(
            d.session,
            actor=d.person("Aisha Khan"),
            file_name="cards.csv",
            data=b"front,back,module,kind\nWhat is BM25?,A keyword ranking,,conceptual\n",
            now=NOW,
        ),
    ),
    Case(
        "reviews.policy.set_steps",
        "review_steps_set",
        lambda d: policy.set_steps(
            d.session,
            actor=d.lead,
            team_id=d.lead.team_id,
            learning_steps_minutes=[1, 10, 60],
            relearning_steps_minutes=[10],
            now=NOW,
        ),
    ),
    Case(
        "reviews.policy.set_team_limits",
        "review_limits_set",
        lambda d: policy.set_team_limits(
            d.session,
            actor=d.lead,
            team_id=d.lead.team_id,
            new_cards_per_day=15,
            leech_lapses=6,
            now=NOW,
        ),
    ),
    Case(
        "reviews.policy.set_person_new_cards_per_day",
        "new_cards_per_day_set",
        lambda d: policy.set_person_new_cards_per_day(
            d.session,
            actor=d.person("Aisha Khan"),
            person_id=d.person("Aisha Khan").id,
            new_cards_per_day=5,
            now=NOW,
        ),
    ),
    Case(
        "storage.roster.set_reminders_off",
        "reminders_changed",
        lambda d: roster.set_reminders_off(
            d.session,
            actor=d.person("Aisha Khan"),
            person_id=d.person("Aisha Khan").id,
            off={ReminderKind.REVIEWS},
            at=NOW,
        ),
        words=("Aisha Khan turned reminder e-mails off: cards due for review",),
    ),
    Case(
        "reviews.deck.write_card",
        "card_written",
        lambda d: deck.write_card(
            d.session,
            actor=d.person("Aisha Khan"),
            front="Why normalise?",
            back="Cosine.",
            kind=CardKind.CONCEPTUAL,
            module_key="vector-search-fundamentals",
            now=utc_now(),
        ),
    ),
    Case(
        "reviews.policy.set_policy",
        "review_policy_set",
        lambda d: policy.set_policy(
            d.session, actor=d.lead, team_id=d.lead.team_id, policy=Policy.LADDER, now=utc_now()
        ),
    ),
    Case(
        "reviews.policy.set_desired_retention",
        "desired_retention_set",
        lambda d: policy.set_desired_retention(
            d.session, actor=d.lead, team_id=d.lead.team_id, desired_retention=0.85, now=utc_now()
        ),
        ("0.85",),
    ),
    Case(
        "reviews.policy.keep_proposal",
        "fsrs_fit_proposed",
        lambda d: policy.keep_proposal(
            d.session,
            actor=d.lead,
            team_id=d.lead.team_id,
            result=FitResult(
                list(DEFAULT_FSRS_PARAMETERS), 0.34977671236644575, 0.3128, 900, 300, 1.5
            ),
            now=utc_now(),
        ),
        ("0.35", "0.31"),
    ),
    Case(
        "reviews.policy.keep_person_fit",
        "own_fsrs_fit_kept",
        lambda d: policy.keep_person_fit(
            d.session,
            actor=d.person("Aisha Khan"),
            person_id=d.person("Aisha Khan").id,
            result=_own_fit(),
            now=NOW,
        ),
        ("Fitted their own FSRS parameters",),
    ),
    Case(
        "reviews.policy.use_team_parameters",
        None,
        lambda d: (
            policy.keep_person_fit(
                d.session,
                actor=d.person("Aisha Khan"),
                person_id=d.person("Aisha Khan").id,
                result=_own_fit(),
                now=NOW,
            ),
            policy.use_team_parameters(
                d.session, actor=d.lead, person_id=d.person("Aisha Khan").id, now=NOW
            ),
        ),
        ("Aisha Khan",),
    ),
    Case(
        "reviews.policy.accept_proposal",
        "fsrs_fit_accepted",
        lambda d: (
            policy.keep_proposal(
                d.session,
                actor=d.lead,
                team_id=d.lead.team_id,
                result=FitResult(list(DEFAULT_FSRS_PARAMETERS), 0.35, 0.31, 900, 300, 1.5),
                now=utc_now(),
            ),
            policy.accept_proposal(
                d.session, actor=d.lead, team_id=d.lead.team_id, today=TODAY, now=utc_now()
            ),
        ),
    ),
    Case(
        "reviews.policy.discard_proposal",
        "fsrs_proposal_discarded",
        lambda d: policy.discard_proposal(
            d.session, actor=d.lead, team_id=d.lead.team_id, now=utc_now()
        ),
        ("Discarded the FSRS parameters",),
    ),
    # --- curriculum ---------------------------------------------------------------------
    Case(
        "curriculum.progress.enroll",
        "enrolled",
        lambda d: progress.enroll(
            d.session,
            actor=d.lead,
            person_id=d.person("Kwame Mensah").id,
            track_key=d.session.exec(select(Track.key).where(Track.key == "leadership")).one(),
            started_on=TODAY,
            at=utc_now(),
        ),
        ("Kwame Mensah", "Leadership"),
    ),
    Case(
        "curriculum.progress.update_activity",
        "activity_corrected",
        lambda d: progress.update_activity(
            d.session,
            actor=d.person("Aisha Khan"),
            activity_id=_first_activity(d).id or 0,
            occurred_on=_first_activity(d).occurred_on,
            hours=_first_activity(d).hours + 0.5,
            kind=_first_activity(d).kind,
            stage=_first_activity(d).stage,
            note=_first_activity(d).note,
            percent=_first_activity(d).percent_after,
            today=TODAY,
            now=utc_now(),
        ),
        ("hours",),
    ),
    Case(
        "curriculum.progress.delete_activity",
        "activity_deleted",
        lambda d: progress.delete_activity(
            d.session,
            actor=d.person("Aisha Khan"),
            activity_id=_first_activity(d).id or 0,
            now=utc_now(),
        ),
    ),
    # --- mentoring ----------------------------------------------------------------------
    Case(
        "mentoring.pairing.assign_mentor",
        "mentor_assigned",
        lambda d: pairing.assign_mentor(
            d.session,
            actor=d.lead,
            mentee_id=d.person("Aisha Khan").id,
            mentor_id=d.person("Lars Henriksen").id,
            now=utc_now(),
        ),
        ("Aisha Khan", "Lars Henriksen"),
    ),
    Case(
        "mentoring.planning.create_plan",
        "mentoring_plan_created",
        lambda d: (
            pairing.remove_mentor(
                d.session, actor=d.lead, mentee_id=d.person("Ben Carter").id, now=utc_now()
            ),
            pairing.assign_mentor(
                d.session,
                actor=d.lead,
                mentee_id=d.person("Ben Carter").id,
                mentor_id=d.person("Grace Okafor").id,
                now=utc_now(),
            ),
            planning.create_plan(
                d.session,
                actor=d.person("Grace Okafor"),
                mentee_id=d.person("Ben Carter").id,
                started_on=TODAY,
                now=NOW,
            ),
        ),
        ("Ben Carter",),
    ),
    Case(
        "mentoring.planning.adjust_plan",
        "mentoring_plan_adjusted",
        lambda d: planning.adjust_plan(
            d.session,
            actor=d.person("Grace Okafor"),
            plan_id=d.plan_of("Aisha Khan").id,
            settings=PlanSettings(
                weeks=10,
                sessions_per_week=1,
                session_minutes=45,
                focus=tuple(d.plan_of("Aisha Khan").focus),
            ),
            now=NOW,
        ),
    ),
    Case(
        "mentoring.meetings.complete_meeting",
        "mentoring_session_done",
        _hold_next_meeting,
        ("Aisha Khan", "Grace Okafor"),
    ),
    Case(
        "mentoring.meetings.save_meeting",
        "mentoring_session_saved",
        lambda d: meetings.save_meeting(
            d.session,
            actor=d.person("Grace Okafor"),
            meeting_id=d.meeting_of("Aisha Khan").id,
            agenda="Chunking",
            notes="Went well.",
            visibility=Visibility.PAIR,
            expected_version=_version(d, d.meeting_of("Aisha Khan").id),
            now=NOW,
        ),
        ("Aisha Khan",),
    ),
    Case(
        "mentoring.meetings.skip_meeting",
        "mentoring_session_skipped",
        lambda d: meetings.skip_meeting(
            d.session, actor=d.person("Grace Okafor"), meeting_id=_next_meeting(d), now=NOW
        ),
        ("Aisha Khan",),
    ),
    Case(
        "mentoring.meetings.move_meeting",
        "mentoring_session_moved",
        lambda d: meetings.move_meeting(
            d.session,
            actor=d.person("Grace Okafor"),
            meeting_id=_next_meeting(d),
            to=TODAY + timedelta(days=1),
            now=NOW,
        ),
        ("Aisha Khan",),
    ),
    Case(
        "mentoring.pairing.remove_mentor",
        "mentor_removed",
        lambda d: pairing.remove_mentor(
            d.session, actor=d.lead, mentee_id=d.person("Aisha Khan").id, now=utc_now()
        ),
        ("Aisha Khan", "Grace Okafor"),
    ),
    Case(
        "mentoring.talking_points.add_talking_point",
        "talking_point_added",
        _talking_point,
        ("Recall of my IVF index", "Grace Okafor", "Aisha Khan"),
    ),
    Case(
        "mentoring.talking_points.edit_talking_point",
        "talking_point_edited",
        lambda d: talking_points.edit_talking_point(
            d.session,
            actor=d.person("Aisha Khan"),
            point_id=_talking_point(d),
            text="Recall of my IVF index at nprobe 16",
            private=False,
            now=NOW,
        ),
        ("Recall of my IVF index at nprobe 16",),
    ),
    Case(
        "mentoring.talking_points.remove_talking_point",
        "talking_point_removed",
        lambda d: talking_points.remove_talking_point(
            d.session, actor=d.person("Aisha Khan"), point_id=_talking_point(d), now=NOW
        ),
        ("Recall of my IVF index",),
    ),
    Case(
        "curriculum.feedback.answer_question",
        "learning_feedback_given",
        lambda d: feedback.answer_question(
            d.session,
            actor=d.person("Aisha Khan"),
            module_key="hybrid-search",
            week=feedback.week_start(TODAY),
            rating=2,
            comment="Too fast.",
            now=NOW,
        ),
        ("what they learned in Hybrid search, fusion and re-ranking 2 out of 5",),
    ),
    Case(
        "curriculum.feedback.set_aside_question",
        "learning_feedback_set_aside",
        lambda d: feedback.set_aside_question(
            d.session,
            actor=d.person("Aisha Khan"),
            module_key=None,
            week=feedback.week_start(TODAY) + timedelta(weeks=1),
            now=NOW,
        ),
        ("the week of",),
    ),
    Case(
        "curriculum.feedback.open_improvement",
        "improvement_item_opened",
        _improvement,
        ("Add a worked RRF example", "Grace Okafor"),
    ),
    Case(
        "curriculum.feedback.set_improvement_status",
        "improvement_item_changed",
        lambda d: feedback.set_improvement_status(
            d.session,
            actor=d.lead,
            item_id=_improvement(d),
            status=ImprovementStatus.IN_PROGRESS,
            now=NOW,
        ),
        ("from open to in progress",),
    ),
    Case(
        "mentoring.meetings.rate_meeting",
        "mentoring_session_rated",
        lambda d: meetings.rate_meeting(
            d.session,
            actor=d.person("Aisha Khan"),
            meeting_id=d.meeting_of("Aisha Khan").id,
            rating=4,
            now=utc_now(),
        ),
        ("Aisha Khan",),
    ),
    Case(
        "mentoring.action_items.add_action_item",
        "action_item_added",
        lambda d: action_items.add_action_item(
            d.session,
            actor=d.person("Grace Okafor"),
            session_id=d.meeting_of("Aisha Khan").id,
            title="Read the FAISS docs",
            owner_id=d.person("Aisha Khan").id,
            due_on=TODAY + timedelta(days=7),
            now=NOW,
        ),
        ("Aisha Khan",),
    ),
    Case(
        "mentoring.action_items.close_action_item",
        "action_item_done",
        lambda d: action_items.close_action_item(
            d.session, actor=d.lead, item_id=d.open_item().id, now=NOW
        ),
    ),
    Case(
        "mentoring.capstone_tracking.start_capstone",
        "capstone_started",
        lambda d: capstone_tracking.start_capstone(
            d.session,
            actor=d.person("Tomás Alvarez"),
            mentee_id=d.person("Mei Chen").id,
            project_key=read_capstones(DEFAULT_CURRICULUM_DIR)[1].key,
            started_on=TODAY,
            now=NOW,
        ),
        ("Mei Chen",),
    ),
    Case(
        "mentoring.capstone_tracking.tick_checkpoint",
        "capstone_checkpoint_ticked",
        lambda d: capstone_tracking.tick_checkpoint(
            d.session,
            actor=d.person("Grace Okafor"),
            capstone_id=1,
            week=3,
            on=TODAY,
            now=utc_now(),
        ),
        ("Aisha Khan",),
    ),
    # --- development plans ----------------------------------------------------------------
    Case(
        "mentoring.goals.add_goal",
        "goal_added",
        lambda d: goals.add_goal(
            d.session,
            actor=d.person("Lars Henriksen"),
            person_id=d.person("Ben Carter").id,
            goal=goals.GoalInput(
                "Reach advanced in embeddings",
                "The prototype needs it.",
                TODAY + timedelta(days=90),
                competency_key="embedding-model-mastery",
                target_level=3,
            ),
            milestones=["Compare two models"],
            now=NOW,
        ),
        ("Ben Carter's development plan", "advanced in Embedding model mastery", "1 milestone"),
    ),
    Case(
        "mentoring.goals.update_goal",
        "goal_changed",
        lambda d: goals.update_goal(
            d.session,
            actor=d.person("Ben Carter"),
            goal_id=_goal(d, "Build a hybrid search prototype for the docs site"),
            goal=goals.GoalInput(
                "Build a hybrid search prototype for the docs site",
                "Analysts keep asking why the docs search misses paraphrased questions.",
                TODAY + timedelta(days=21),
            ),
            now=NOW,
        ),
        ("their own goal 'Build a hybrid search prototype", "due date", "to be agreed again"),
    ),
    Case(
        "mentoring.goals.agree_goal",
        "goal_agreed",
        lambda d: goals.agree_goal(
            d.session,
            actor=d.lead,
            goal_id=_goal(d, "Mentor a newcomer through their first FAISS exercise"),
            now=NOW,
        ),
        ("Sofia Rossi's goal", "both have agreed"),
    ),
    Case(
        "mentoring.goals.mark_goal_done",
        "goal_done",
        lambda d: goals.mark_goal_done(
            d.session, actor=d.person("Aisha Khan"), goal_id=_runbook(d), done=True, now=NOW
        ),
        ("'Write the FAISS runbook' as done",),
    ),
    Case(
        "mentoring.goals.add_milestone",
        "goal_milestone_added",
        lambda d: goals.add_milestone(
            d.session,
            actor=d.person("Grace Okafor"),
            goal_id=_goal(d, "Explain semantic search to the support leads"),
            title="Draft a one-page explainer",
            now=NOW,
        ),
        ("Draft a one-page explainer", "Aisha Khan's goal"),
    ),
    Case(
        "mentoring.goals.tick_milestone",
        "goal_milestone_ticked",
        lambda d: goals.tick_milestone(
            d.session,
            actor=d.person("Ben Carter"),
            milestone_id=_open_milestone(d),
            done_on=TODAY,
            now=NOW,
        ),
        ("Fuse the two lists", "reached on"),
    ),
    Case(
        "mentoring.goals.review_goal",
        "goal_reviewed",
        lambda d: goals.review_goal(
            d.session,
            actor=d.person("Grace Okafor"),
            goal_id=_goal(d, "Explain semantic search to the support leads"),
            meeting_id=_next_meeting(d),
            note="Practise on Priya first.",
            now=NOW,
        ),
        ("Aisha Khan's goal", "Practise on Priya first."),
    ),
    # --- notes --------------------------------------------------------------------------
    Case(
        "search.notes.create_note",
        "note_written",
        lambda d: notes.create_note(
            d.session,
            actor=d.person("Aisha Khan"),
            note_in=notes.NoteInput(title="HNSW tips", body="Raise ef."),
            now=NOW,
        ),
        ("HNSW tips",),
    ),
    Case(
        "search.notes.update_note",
        "note_edited",
        lambda d: notes.update_note(
            d.session,
            actor=d.person("Aisha Khan"),
            note_id=notes.create_note(
                d.session,
                actor=d.person("Aisha Khan"),
                note_in=notes.NoteInput(title="HNSW", body="x"),
                now=NOW,
            ).id,
            note_in=notes.NoteInput(title="HNSW tips", body="Raise ef."),
            now=NOW,
        ),
        ("HNSW tips",),
    ),
    Case(
        "search.notes.delete_note",
        "note_deleted",
        lambda d: notes.delete_note(
            d.session,
            actor=d.person("Aisha Khan"),
            note_id=notes.create_note(
                d.session,
                actor=d.person("Aisha Khan"),
                note_in=notes.NoteInput(title="HNSW", body="x"),
                now=NOW,
            ).id,
            now=NOW,
        ),
    ),
    Case(
        "mentoring.sharing.propose_session",
        "sharing_session_proposed",
        lambda d: sharing.propose_session(
            d.session,
            actor=d.person("Aisha Khan"),
            draft=sharing.SessionDraft(
                title="Chunk overlap, measured",
                kind=SharingKind.BROWN_BAG,
                on=TODAY + timedelta(days=5),
                at=time(12, 30),
                minutes=45,
                presenter_ids=(d.person("Aisha Khan").id,),
                module_key="chunking-and-ingestion",
            ),
            now=NOW,
        ),
        ("Chunk overlap, measured", "Aisha Khan", "brown bag"),
    ),
    Case(
        "mentoring.sharing.sign_up",
        "sharing_signed_up",
        lambda d: sharing.sign_up(
            d.session, actor=d.person("Mei Chen"), session_id=_shared(d, "Hybrid"), now=NOW
        ),
        ("Hybrid search",),
    ),
    Case(
        "mentoring.sharing.withdraw",
        "sharing_withdrawn",
        lambda d: sharing.withdraw(
            d.session, actor=d.person("Ben Carter"), session_id=_shared(d, "Hybrid"), now=NOW
        ),
        ("Hybrid search",),
    ),
    Case(
        "mentoring.sharing.record_attendance",
        "sharing_attendance_recorded",
        lambda d: sharing.record_attendance(
            d.session,
            actor=d.person("Kwame Mensah"),
            session_id=_shared(d, "Support search"),
            attendee_ids=[d.person("Aisha Khan").id, d.person("Sofia Rossi").id],
            now=NOW,
        ),
        ("Aisha Khan and Sofia Rossi",),
    ),
    Case(
        "mentoring.sharing.log_session_hour",
        "sharing_hour_logged",
        lambda d: sharing.log_session_hour(
            d.session, actor=d.person("Sofia Rossi"), session_id=_shared(d, "Support"), now=NOW
        ),
        ("1 h", "Support search"),
    ),
    Case(
        "mentoring.sharing.confirm_presentation",
        "sharing_presentation_confirmed",
        lambda d: sharing.confirm_presentation(
            d.session,
            actor=d.lead,
            session_id=_shared(d, "Support search"),
            presenter_id=d.person("Kwame Mensah").id,
            level=3,
            now=NOW,
        ),
        ("Kwame Mensah", "advanced presentation evidence"),
    ),
    Case(
        "mentoring.sharing.edit_session",
        "sharing_session_changed",
        lambda d: sharing.edit_session(
            d.session,
            actor=d.person("Lars Henriksen"),
            session_id=_shared(d, "Architecture review", coming=True),
            change=sharing.SessionChange(at=time(16, 0)),
            rest_of_series=True,
            now=NOW,
        ),
        ("Architecture review", "later sessions of its series"),
    ),
    Case(
        "mentoring.sharing.cancel_session",
        "sharing_session_cancelled",
        lambda d: sharing.cancel_session(
            d.session, actor=d.lead, session_id=_shared(d, "Hybrid"), now=NOW
        ),
        ("Hybrid search",),
    ),
    Case(
        "mentoring.communities.create_community",
        "community_created",
        lambda d: communities.create_community(
            d.session,
            actor=d.person("Mei Chen"),
            name="Embeddings in production",
            competency_keys=["embedding-model-mastery"],
            module_keys=[],
            now=NOW,
        ),
        ("Embeddings in production",),
    ),
    Case(
        "mentoring.communities.join_community",
        "community_joined",
        lambda d: communities.join_community(
            d.session, actor=d.person("Ben Carter"), community_id=_community(d), now=NOW
        ),
        ("Retrieval quality",),
    ),
    Case(
        "mentoring.communities.leave_community",
        "community_left",
        lambda d: communities.leave_community(
            d.session,
            actor=d.person("Hannah Schmidt"),
            community_id=_community(d),
            person_id=d.person("Yuki Tanaka").id,
            now=NOW,
        ),
        ("Yuki Tanaka", "Retrieval quality"),
    ),
    Case(
        "mentoring.communities.share_note",
        "community_note_shared",
        lambda d: communities.share_note(
            d.session,
            actor=d.person("Aisha Khan"),
            community_id=_community(d),
            note_id=d.session.exec(
                select(Note.id).where(Note.title == "What I learned from the chunking module")
            ).one(),
            now=NOW,
        ),
        ("What I learned from the chunking module", "Retrieval quality"),
    ),
    Case(
        "mentoring.communities.unshare_note",
        "community_note_unshared",
        lambda d: communities.unshare_note(
            d.session,
            actor=d.person("Kwame Mensah"),
            community_id=_community(d),
            note_id=d.session.exec(
                select(Note.id).where(Note.title == "Brown bag: how do we know search got better?")
            ).one(),
            now=NOW,
        ),
        ("Brown bag: how do we know search got better?", "Retrieval quality"),
    ),
    Case(
        "search.note_review.mark_reviewed",
        "note_reviewed",
        lambda d: note_review.mark_reviewed(
            d.session,
            actor=d.lead,
            note_id=_team_note(d, "Glossary for non-engineers"),
            next_review_by=TODAY + timedelta(days=90),
            now=NOW,
        ),
        ("Glossary for non-engineers",),
    ),
    Case(
        "search.note_review.change_owner",
        "note_owner_changed",
        lambda d: note_review.change_owner(
            d.session,
            actor=d.lead,
            note_id=_team_note(d, "Glossary for non-engineers"),
            owner_id=d.person("Ben Carter").id,
            now=NOW,
        ),
        ("Glossary for non-engineers", "Ben Carter"),
    ),
]


def _team_note(demo: Demo, title: str) -> int:
    note_id = demo.session.exec(select(Note.id).where(Note.title == title)).one()
    assert note_id is not None
    return note_id


def _keys(session: Session) -> set[str]:
    """Keys a reader should never see: competencies', modules', tracks', capstones' (the
    ones of several words: "mentoring" is a key, and a word too)."""
    keys = set(session.exec(select(Competency.key)).all())
    keys |= set(session.exec(select(Module.key)).all())
    keys |= set(session.exec(select(Track.key)).all())
    return {
        k
        for k in keys | {project.key for project in read_capstones(DEFAULT_CURRICULUM_DIR)}
        if re.search(r"[-_]", k)
    }


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c.service.rsplit(".", 1)[1], marks=c.marks) for c in CASES]
)
def test_every_change_is_in_the_audit_log_in_words(demo_session: Session, case: Case) -> None:
    demo = Demo(demo_session)
    demo_session.exec(delete(AuditEvent))  # type: ignore[call-overload]
    case.change(demo)
    demo_session.flush()
    entries = audit_log(demo_session, actor=get_person(demo_session, demo.lead.id))
    assert entries, "no event"
    action = entries[0].action if case.action is None else action_label(case.action)
    assert action in [e.action for e in entries]
    keys = _keys(demo_session)
    for entry in entries:
        assert entry.detail and not entry.detail[:1].islower(), entry.detail
        assert not re.search(r"\d\.\d{4,}", entry.detail), entry.detail  # numbers rounded
        assert not re.search(r"\bid\b|_id\b|\bNone\b", entry.detail), entry.detail
        bare = {w for w in re.findall(r"[\w-]+", entry.detail) if w in keys}
        assert not bare, f"{entry.detail!r} shows keys {bare}"
    [mine] = [e for e in entries if e.action == action][:1]
    for words in case.words:
        assert words in mine.detail


def _writers(path: Path) -> set[str]:
    """Public functions of a module that add, change or delete rows, directly or through the
    module's own private helpers."""
    tree = ast.parse(path.read_text())
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    calls: dict[str, set[str]] = {}
    writes: set[str] = set()
    for name, node in functions.items():
        calls[name] = set()
        for inner in ast.walk(node):
            if (
                isinstance(inner, ast.Call)
                and isinstance(inner.func, ast.Attribute)
                and inner.func.attr in {"add", "add_all", "delete"}
                and getattr(inner.func.value, "id", "") == "session"
            ):
                writes.add(name)
            if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name):
                calls[name].add(inner.func.id)
    changed = True
    while changed:
        grown = {
            n for n, called in calls.items() if called & {w for w in writes if w.startswith("_")}
        }
        changed = not grown <= writes
        writes |= grown
    return {n for n in writes if not n.startswith("_")}


def test_every_write_service_is_walked() -> None:
    found = set()
    for package in SERVICE_PACKAGES:
        for path in (ROOT / package).glob("*.py"):
            if path.stem in {"audit", "__main__", "models", "migrate"}:
                continue  # the log itself, command lines and the schema
            found |= {f"{package}.{path.stem}.{name}" for name in _writers(path)}
    walked = {c.service for c in CASES}
    assert found - walked - set(NOT_AUDITED) == set(), "a write service with no audit case"
    assert not (set(NOT_AUDITED) & walked)
    assert set(NOT_AUDITED) <= found, "NOT_AUDITED names a function that no longer writes"


def test_the_demo_history_carries_the_dates_of_what_it_records(demo_session: Session) -> None:
    lead = Demo(demo_session).lead
    entries = audit_log(demo_session, actor=lead, limit=10_000)
    days = {e.at.date() for e in entries}
    assert max(days) - min(days) > timedelta(days=150)  # the demo's half year, not one moment
    assert len({(day.year, day.month) for day in days}) >= 6
    ratings = {e.at.date() for e in entries if e.action == "Rating added"}
    assert len({(day.year, day.month) for day in ratings}) >= 4
    [setup] = [e for e in entries if e.action == "Organisation set up"]
    assert setup.at.date() == min(days)  # the story starts with its set-up
    assert date(2026, 1, 1) <= min(days)
