"""What a mentor and a lead can trust about 1:1s: a missed one is called missed, never "next";
one can be skipped or moved; "overdue" is one rule on both Homes; new items are not born
overdue; two people saving one agenda lose nothing; and every change is in the audit log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, select

from insights.kpis import AlertKind
from insights.mentor_home import mentor_home
from insights.team_home import team_home
from mentoring.action_items import add_action_item, default_due_on
from mentoring.capstone_tracking import start_capstone, tick_checkpoint
from mentoring.meetings import (
    complete_meeting,
    meeting_detail,
    move_meeting,
    rate_meeting,
    save_meeting,
    skip_meeting,
)
from mentoring.pairing import assign_mentor, mentees_overview, remove_mentor
from mentoring.planning import active_plan, create_plan
from mentoring.plans import MeetingRecord, overdue_one_on_one
from storage.enums import Visibility
from storage.errors import EditConflict, InvalidInput
from storage.models import AuditEvent, utc_now
from storage.people import PersonRef, get_person
from tests.mentoring.test_pairing import NOW, TODAY, TWICE, WEEKLY, _done, team  # noqa: F401
from tests.mentoring.test_sessions import NOW as SESSIONS_NOW
from tests.mentoring.test_sessions import Pair, _plan, pair  # noqa: F401


def _summaries(session: Session, action: str) -> list[str]:
    return [
        str(e.detail.get("summary"))
        for e in session.exec(
            select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.id))
        )
    ]


# --- 8: past dates are never "next" -------------------------------------------------------


def test_a_1_1_whose_day_passed_is_called_missed_never_next(
    session: Session,
    team: dict[str, PersonRef],  # noqa: F811
) -> None:
    mentor = team["Max"]
    plan = create_plan(
        session,
        actor=mentor,
        mentee_id=team["Ada"].id,
        started_on=date(2026, 11, 2),
        settings=WEEKLY,
        now=NOW,
    )
    # 2, 9 and 16 Nov passed and nobody marked them: missed. 23 Nov is the next one.
    assert [s.status for s in plan.sessions[:4]] == ["missed", "missed", "missed", "planned"]
    assert plan.next_session is not None
    assert plan.next_session.scheduled_for.date() == date(2026, 11, 23)
    row = next(r for r in mentees_overview(session, actor=mentor, today=TODAY) if r.plan)
    assert row.next_session is not None and row.next_session.date() >= TODAY
    assert row.missed_sessions == 3
    # The learner's own view says the same.
    mine = active_plan(session, actor=team["Ada"], mentee_id=team["Ada"].id, today=TODAY)
    assert mine is not None and mine.next_session is not None
    assert mine.next_session.scheduled_for.date() == date(2026, 11, 23)


def test_a_mentor_skips_one_missed_1_1_and_the_plan_stays_as_it_was(
    session: Session,
    team: dict[str, PersonRef],  # noqa: F811
) -> None:
    mentor = team["Max"]
    plan = create_plan(
        session,
        actor=mentor,
        mentee_id=team["Ada"].id,
        started_on=date(2026, 11, 2),
        settings=WEEKLY,
        now=NOW,
    )
    dates = [s.scheduled_for for s in plan.sessions]
    skipped = skip_meeting(session, actor=mentor, meeting_id=plan.sessions[2].id, now=NOW)
    assert skipped.status == "skipped" and not skipped.missed
    after = active_plan(session, actor=mentor, mentee_id=team["Ada"].id, today=TODAY)
    assert after is not None
    assert [s.scheduled_for for s in after.sessions] == dates  # nothing re-planned
    assert [s.number for s in after.missed_sessions] == [1, 2]
    with pytest.raises(InvalidInput, match="already skipped"):
        skip_meeting(session, actor=mentor, meeting_id=plan.sessions[2].id, now=NOW)
    assert _summaries(session, "mentoring_session_skipped") == [
        "Skipped the 1:1 of 16 Nov 2026 of Max Mentor with Ada Byte."
    ]


def test_a_mentor_moves_a_missed_1_1_to_a_new_day_and_only_that_one_moves(
    session: Session,
    team: dict[str, PersonRef],  # noqa: F811
) -> None:
    mentor = team["Max"]
    plan = create_plan(
        session,
        actor=mentor,
        mentee_id=team["Ada"].id,
        started_on=date(2026, 11, 2),
        settings=WEEKLY,
        now=NOW,
    )
    third = plan.sessions[2]  # 16 Nov, missed; the fourth is on 23 Nov
    with pytest.raises(InvalidInput, match="has passed"):
        move_meeting(session, actor=mentor, meeting_id=third.id, to=date(2026, 11, 20), now=NOW)
    with pytest.raises(InvalidInput, match="session 4 is on 23 Nov"):
        move_meeting(session, actor=mentor, meeting_id=third.id, to=date(2026, 11, 24), now=NOW)
    moved = move_meeting(session, actor=mentor, meeting_id=third.id, to=date(2026, 11, 22), now=NOW)
    assert moved.status == "planned"
    assert moved.scheduled_for == third.scheduled_for + timedelta(days=6)  # same hour
    after = active_plan(session, actor=mentor, mentee_id=team["Ada"].id, today=TODAY)
    assert after is not None and after.next_session is not None
    assert after.next_session.number == 3
    others = [s.scheduled_for for s in after.sessions if s.number != 3]
    assert others == [s.scheduled_for for s in plan.sessions if s.number != 3]
    assert _summaries(session, "mentoring_session_moved") == [
        "Moved the 1:1 of 16 Nov 2026 of Max Mentor with Ada Byte to Sun 22 Nov 2026."
    ]


def test_the_mentor_and_the_lead_call_the_same_1_1_overdue(
    session: Session,
    team: dict[str, PersonRef],  # noqa: F811
) -> None:
    """Twice a week from 2 Nov, held on time up to 16 Nov, 19 Nov missed: five days since the
    last 1:1 is within the plan, but a planned one was missed, on both Homes."""
    mentor = team["Max"]
    plan = create_plan(
        session,
        actor=mentor,
        mentee_id=team["Ada"].id,
        started_on=date(2026, 11, 2),
        settings=TWICE,
        now=NOW,
    )
    for s in plan.sessions[:5]:
        _done(session, mentor, s.id, s.scheduled_for + timedelta(hours=1))
    glance = next(g for g in mentor_home(session, actor=mentor, today=TODAY, now=NOW))
    assert glance.reasons[0] == "1:1 overdue"
    assert glance.overdue_reason == "the 1:1 planned for 19 Nov 2026 was missed"
    alerts = team_home(session, actor=team["Lena"], today=TODAY, now=NOW).alerts
    overdue = [a for a in alerts if a.kind == AlertKind.OVERDUE_ONE_ON_ONE]
    assert [a.text for a in overdue] == [
        "**Ada Byte** with Max Mentor: the 1:1 planned for 19 Nov 2026 was missed."
    ]
    # Skipped instead, it is overdue on neither.
    skip_meeting(session, actor=mentor, meeting_id=plan.sessions[5].id, now=NOW)
    assert next(iter(mentor_home(session, actor=mentor, today=TODAY, now=NOW))).reasons == []
    alerts = team_home(session, actor=team["Lena"], today=TODAY, now=NOW).alerts
    assert not [a for a in alerts if a.kind == AlertKind.OVERDUE_ONE_ON_ONE]


def test_overdue_is_a_missed_1_1_or_too_long_since_the_last_one() -> None:
    today = date(2026, 12, 4)
    held = MeetingRecord(date(2026, 11, 30), date(2026, 11, 30), skipped=False)
    planned = MeetingRecord(date(2026, 12, 7), None, skipped=False)
    missed = MeetingRecord(date(2026, 11, 19), None, skipped=False)
    skipped = MeetingRecord(date(2026, 11, 19), None, skipped=True)
    rule = {"started_on": date(2026, 11, 2), "sessions_per_week": 1, "today": today}
    assert overdue_one_on_one([held, planned], **rule) is None  # type: ignore[arg-type]
    assert overdue_one_on_one([skipped, held, planned], **rule) is None  # type: ignore[arg-type]
    found = overdue_one_on_one([missed, held], **rule)  # type: ignore[arg-type]
    assert found is not None and found.missed_on == (date(2026, 11, 19),)
    stale = overdue_one_on_one([planned], **rule)  # type: ignore[arg-type]
    assert stale is not None and stale.cadence is not None and stale.missed_on == ()
    assert (
        stale.reason
        == "32 days since the plan started, no 1:1 since (2 Nov 2026); the plan allows 10"
    )


# --- 9: new action items are not born overdue ----------------------------------------------


def test_a_new_action_item_is_due_by_the_next_planned_1_1_or_in_a_week() -> None:
    today = date(2026, 12, 4)
    assert default_due_on(today, date(2026, 12, 7)) == date(2026, 12, 7)
    assert default_due_on(today, None) == date(2026, 12, 11)
    assert default_due_on(today, date(2026, 11, 19)) == date(2026, 12, 11)  # never the past
    assert default_due_on(today, today) == date(2026, 12, 11)


def test_an_item_raised_in_a_missed_1_1_defaults_to_a_future_day_and_a_past_one_is_refused(
    pair: Pair,  # noqa: F811
) -> None:
    plan = _plan(pair)
    missed = plan.sessions[0]  # 2 Nov; it is 21 Nov
    detail = meeting_detail(pair.session, actor=pair.mentor, meeting_id=missed.id, now=SESSIONS_NOW)
    today = SESSIONS_NOW.date()
    assert detail.next_planned_on == date(2026, 11, 23)
    assert default_due_on(today, detail.next_planned_on) > today
    with pytest.raises(InvalidInput, match="has passed"):
        add_action_item(
            pair.session,
            actor=pair.mentor,
            session_id=missed.id,
            title="Read the HNSW paper",
            owner_id=pair.ada.id,
            due_on=missed.scheduled_for.date(),  # the old default: born overdue
            now=SESSIONS_NOW,
        )
    item = add_action_item(
        pair.session,
        actor=pair.mentor,
        session_id=missed.id,
        title="Read the HNSW paper",
        owner_id=pair.ada.id,
        due_on=default_due_on(today, detail.next_planned_on),
        now=SESSIONS_NOW,
    )
    assert not item.overdue
    assert _summaries(pair.session, "action_item_added") == [
        "Raised 'Read the HNSW paper' for Ada Byte, due 23 Nov 2026, in session 1 of Ada "
        "Byte's mentoring."
    ]


# --- 11: two people saving the same agenda ---------------------------------------------------


def test_a_second_save_from_an_older_copy_is_refused_with_the_others_name_and_text(
    pair: Pair,  # noqa: F811
) -> None:
    plan = _plan(pair)
    s1 = plan.sessions[0]
    opened = meeting_detail(pair.session, actor=pair.mentor, meeting_id=s1.id, now=SESSIONS_NOW)
    also_opened = meeting_detail(pair.session, actor=pair.lead, meeting_id=s1.id, now=SESSIONS_NOW)
    save_meeting(
        pair.session,
        actor=pair.lead,
        meeting_id=s1.id,
        agenda="Lena's agenda",
        notes=None,
        visibility=Visibility.PAIR,
        expected_version=also_opened.version,
        now=SESSIONS_NOW,
    )
    with pytest.raises(EditConflict) as conflict:
        save_meeting(
            pair.session,
            actor=pair.mentor,
            meeting_id=s1.id,
            agenda="Max's agenda",
            notes="Max's notes",
            visibility=Visibility.PAIR,
            expected_version=opened.version,
            now=SESSIONS_NOW,
        )
    assert conflict.value.changed_by == "Lena Lead"
    assert conflict.value.theirs == {"Agenda": "Lena's agenda", "Notes": ""}
    assert str(conflict.value).startswith("Lena Lead changed this session while you were editing")
    kept = meeting_detail(pair.session, actor=pair.mentor, meeting_id=s1.id, now=SESSIONS_NOW)
    assert kept.agenda == "Lena's agenda"  # nothing of Max's was half-saved
    # Having seen theirs, Max saves again from the current version: his text wins, knowingly.
    save_meeting(
        pair.session,
        actor=pair.mentor,
        meeting_id=s1.id,
        agenda="Max's agenda",
        notes="Max's notes",
        visibility=Visibility.TEAM,
        expected_version=kept.version,
        now=SESSIONS_NOW,
    )
    final = meeting_detail(pair.session, actor=pair.mentor, meeting_id=s1.id, now=SESSIONS_NOW)
    assert (final.agenda, final.notes) == ("Max's agenda", "Max's notes")


# --- 12: every write is in the audit log, as a sentence ---------------------------------------


def test_saving_rating_and_ticking_are_audited_as_sentences_with_names(
    pair: Pair,  # noqa: F811
) -> None:
    plan = _plan(pair)
    s1 = plan.sessions[0]
    save_meeting(
        pair.session,
        actor=pair.mentor,
        meeting_id=s1.id,
        agenda="Index trade-offs",
        notes="HNSW it is.",
        visibility=Visibility.TEAM,
        expected_version=0,
        now=SESSIONS_NOW,
    )
    assert _summaries(pair.session, "mentoring_session_saved") == [
        "Saved the agenda and notes of the 1:1 of 2 Nov 2026 of Max Mentor with Ada Byte; notes "
        "readable by the whole team."
    ]
    complete_meeting(pair.session, actor=pair.mentor, meeting_id=s1.id, now=SESSIONS_NOW)
    rate_meeting(pair.session, actor=pair.ada, meeting_id=s1.id, rating=4, now=utc_now())
    assert _summaries(pair.session, "mentoring_session_rated") == [
        "Rated the 1:1 of 2 Nov 2026 of Max Mentor with Ada Byte 4 out of 5."
    ]
    capstone = start_capstone(
        pair.session,
        actor=pair.mentor,
        mentee_id=pair.ada.id,
        project_key="simple-qa",
        started_on=date(2026, 11, 2),
        now=SESSIONS_NOW,
    )
    tick_checkpoint(
        pair.session,
        actor=pair.mentor,
        capstone_id=capstone.id,
        week=1,
        on=date(2026, 11, 6),
        now=utc_now(),
    )
    (ticked,) = _summaries(pair.session, "capstone_checkpoint_ticked")
    assert ticked.startswith(f"Ticked week 1 of Ada Byte's capstone '{capstone.title}' (")
    assert ticked.endswith("as done on 6 Nov 2026.")


# --- 4: removing a mentor is its own, audited, step -------------------------------------------


def test_removing_a_mentor_is_audited_as_removed_and_assigning_names_both(
    session: Session,
    team: dict[str, PersonRef],  # noqa: F811
) -> None:
    lead = team["Lena"]
    assign_mentor(
        session, actor=lead, mentee_id=team["Ada"].id, mentor_id=team["Mia"].id, now=utc_now()
    )
    assert (
        remove_mentor(session, actor=lead, mentee_id=team["Ada"].id, now=utc_now()) == "Mia Mentor"
    )
    assert get_person(session, team["Ada"].id).mentor_id is None
    with pytest.raises(InvalidInput, match="no mentor to remove"):
        remove_mentor(session, actor=lead, mentee_id=team["Ada"].id, now=utc_now())
    assert _summaries(session, "mentor_assigned") == [
        "Assigned Mia Mentor as Ada Byte's mentor, instead of Max Mentor."
    ]
    assert _summaries(session, "mentor_removed") == ["Removed Mia Mentor as Ada Byte's mentor."]
