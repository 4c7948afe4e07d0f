"""Knowledge-transfer figures from plain rows: what lands in which month and on whom."""

from __future__ import annotations

from datetime import date

from insights.knowledge_transfer_rules import (
    MeetingHeld,
    SessionHeld,
    TransferRows,
    by_month,
    by_person,
)

OCT, NOV = date(2026, 10, 1), date(2026, 11, 1)
ANA, BO, CY = 1, 2, 3
PEOPLE = [(ANA, "Ana"), (BO, "Bo"), (CY, "Cy")]

ROWS = TransferRows(
    sessions=[
        SessionHeld(date(2026, 9, 30), (ANA,), (BO, CY)),  # before the window
        SessionHeld(date(2026, 10, 2), (ANA, BO), (CY,)),
        SessionHeld(date(2026, 10, 20), (ANA,), (BO, CY)),
        SessionHeld(date(2026, 11, 3), (CY,), (ANA,)),
    ],
    notes_written=[(BO, date(2026, 10, 5)), (BO, date(2026, 11, 1)), (CY, date(2026, 11, 30))],
    notes_reviewed=[(ANA, date(2026, 11, 2))],
    peer_reviews=[(CY, date(2026, 10, 31)), (CY, date(2026, 11, 1))],
    meetings=[
        MeetingHeld(date(2026, 10, 7), ANA, BO, 45, 4),
        MeetingHeld(date(2026, 10, 21), ANA, BO, 45, None),
        MeetingHeld(date(2026, 11, 4), ANA, CY, 30, 5),
        MeetingHeld(date(2026, 11, 18), ANA, BO, 45, 3),
    ],
)


def test_each_month_counts_sessions_attendances_and_distinct_presenters() -> None:
    october, november = by_month(ROWS, [OCT, NOV])
    assert (october.sessions, october.attendances, october.presenters) == (2, 3, 2)
    assert (november.sessions, november.attendances, november.presenters) == (1, 1, 1)


def test_notes_and_peer_reviews_land_in_the_month_of_their_day() -> None:
    october, november = by_month(ROWS, [OCT, NOV])
    assert (october.notes_written, october.notes_reviewed, october.peer_reviews) == (1, 0, 1)
    assert (november.notes_written, november.notes_reviewed, november.peer_reviews) == (2, 1, 1)


def test_mentoring_hours_add_up_and_the_rating_is_the_mean_of_those_given() -> None:
    october, november = by_month(ROWS, [OCT, NOV])
    assert october.mentoring_hours == 1.5
    assert (october.mean_rating, october.ratings) == (4, 1)
    assert november.mentoring_hours == 1.25
    assert (november.mean_rating, november.ratings) == (4, 2)


def test_a_month_with_nothing_shows_zeros_and_no_rating() -> None:
    [september] = by_month(TransferRows([], [], [], [], []), [date(2026, 9, 1)])
    assert september.sessions == september.notes_written == 0
    assert september.mentoring_hours == 0
    assert september.mean_rating is None


def test_each_person_gets_their_own_share_over_the_window_only() -> None:
    ana, bo, cy = by_person(ROWS, PEOPLE, [OCT, NOV])
    assert (ana.presented, ana.attended) == (2, 1)
    assert (bo.presented, bo.attended) == (1, 1)  # the September session is outside
    assert (cy.presented, cy.attended) == (1, 2)
    assert (bo.notes_written, cy.notes_written, ana.notes_reviewed) == (2, 1, 1)
    assert cy.peer_reviews == 2


def test_mentoring_hours_count_for_the_mentor_as_given_and_the_mentee_as_received() -> None:
    ana, bo, cy = by_person(ROWS, PEOPLE, [OCT, NOV])
    assert (ana.hours_given, ana.hours_received) == (2.75, 0)
    assert (bo.hours_given, bo.hours_received) == (0, 2.25)
    assert cy.hours_received == 0.5
    assert (ana.mean_rating_as_mentor, ana.ratings_as_mentor) == (4, 3)
    assert bo.mean_rating_as_mentor is None
