"""The demo's practical work is alive: hand-ins waiting, passed, one returned for another
attempt, a staged assessment waiting for the lead for over a week, self and peer readings."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlmodel import Session, select

from assessments.practical import hand_ins_of, waiting_for
from assessments.rubrics import HandInStatus
from bootstrap.demo.practical import RETURNED, STAGED
from insights.reports import development_report, development_report_csv, development_report_html
from mentoring.meetings import meeting_detail
from mentoring.planning import meeting_rows
from storage.enums import RaterKind
from storage.models import MentoringPlan, Person, RubricGrade, utc_now
from storage.people import PersonRef, get_person
from tests.conftest import TODAY


def _person(session: Session, name: str) -> PersonRef:
    return get_person(session, session.exec(select(Person.id).where(Person.name == name)).one())


def test_mentors_and_the_lead_have_hand_ins_waiting_and_one_has_waited_over_a_week(
    demo_session: Session,
) -> None:
    grace = _person(demo_session, "Grace Okafor")
    lead = _person(demo_session, "Priya Raman")
    mine = waiting_for(demo_session, actor=grace)
    assert mine and all(not w.as_peer for w in mine)
    assert [w.submitted_at for w in mine] == sorted(w.submitted_at for w in mine)  # oldest first
    for_lead = waiting_for(demo_session, actor=lead)
    staged = [w for w in for_lead if w.person_name == STAGED[0]]
    assert len(staged) == 1 and staged[0].submitted_at.date() < TODAY - timedelta(days=7)


def test_learners_have_passed_returned_and_waiting_work(demo_session: Session) -> None:
    statuses: Counter[HandInStatus] = Counter()
    for name in ("Aisha Khan", "Ben Carter", "Mei Chen", "Sofia Rossi", "Jonas Weber"):
        person = _person(demo_session, name)
        statuses.update(
            r.status for r in hand_ins_of(demo_session, actor=person, person_id=person.id)
        )
    assert statuses[HandInStatus.PASSED] >= 5
    assert statuses[HandInStatus.SUBMITTED] >= 2
    ben = _person(demo_session, RETURNED[0])
    [returned] = [
        r
        for r in hand_ins_of(demo_session, actor=ben, person_id=ben.id)
        if r.status == HandInStatus.RETURNED
    ]
    assert returned.assignment.module_key == RETURNED[1]


def test_self_assessments_and_a_peer_review_sit_beside_the_grades(demo_session: Session) -> None:
    kinds = Counter(RaterKind(g.rater_kind) for g in demo_session.exec(select(RubricGrade)))
    assert kinds[RaterKind.SELF] >= 3 and kinds[RaterKind.PEER] == 1
    assert kinds[RaterKind.MENTOR] + kinds[RaterKind.LEAD] >= 10


def test_the_next_one_on_one_agenda_names_the_mentees_hand_ins(demo_session: Session) -> None:
    grace = _person(demo_session, "Grace Okafor")
    ben_mentor = _person(demo_session, "Lars Henriksen")
    lines: list[str] = []
    for mentor, mentee in ((grace, "Aisha Khan"), (ben_mentor, RETURNED[0])):
        plan = demo_session.exec(
            select(MentoringPlan).where(MentoringPlan.mentee_id == _person(demo_session, mentee).id)
        ).first()
        assert plan is not None
        upcoming = next(
            m
            for m in meeting_rows(demo_session, plan)
            if m.done_at is None and m.skipped_at is None
        )
        detail = meeting_detail(
            demo_session, actor=mentor, meeting_id=upcoming.id or 0, now=utc_now()
        )
        lines += [line for line in detail.agenda.splitlines() if "Hand-in" in line]
    assert lines, "the demo's agendas name no hand-in"


def test_the_development_report_lists_the_hand_ins_with_their_grades(
    demo_session: Session,
) -> None:
    ben = _person(demo_session, RETURNED[0])
    report = development_report(
        demo_session, actor=ben, person_id=ben.id, today=TODAY, now=utc_now()
    )
    assert {h.result for h in report.hand_ins} >= {"Pass", "Needs another attempt"}
    page = development_report_html(report)
    assert "<h2>Practical work</h2>" in page and "Needs another attempt" in page
    assert "Practical" in development_report_csv(report)
