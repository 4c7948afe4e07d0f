"""The batch read a team's figures compose: quiz attempts by day, passed or not."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from assessments.quizzes import quiz_results
from storage.models import QuizAttempt
from tests.factories import make_module, make_person, make_team


def test_quiz_results_give_each_attempt_on_the_teams_day(session: Session) -> None:
    module = make_module(session=session)
    team = make_team(session=session)
    ada = make_person(session=session, team=team)
    bo = make_person(session=session, team=team)
    for person, at, passed in [
        (ada, datetime(2026, 11, 9, 23, 30, tzinfo=UTC), True),  # the 10th in Tokyo
        (bo, datetime(2026, 11, 12, 8, 0, tzinfo=UTC), False),
        (ada, datetime(2026, 10, 1, 8, 0, tzinfo=UTC), True),  # before `since`: left out
    ]:
        session.add(
            QuizAttempt(
                person_id=person.id or 0,
                module_id=module.id or 0,
                correct=4 if passed else 1,
                total=5,
                passed=passed,
                created_at=at,
            )
        )
    session.flush()

    results = quiz_results(
        session,
        [ada.id or 0, bo.id or 0],
        since=datetime(2026, 11, 1, tzinfo=UTC),
        zone=ZoneInfo("Asia/Tokyo"),
    )

    assert sorted(results) == [(date(2026, 11, 10), True), (date(2026, 11, 12), False)]
