"""The shared 1:1 agenda: the mentee and the mentor add talking points to the next 1:1; the
mentee's come first; a private one is its author's until the 1:1 is held, then the pair's,
never a lead's; the author changes or removes theirs until then; every change is audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from mentoring.meetings import complete_meeting, meeting_detail, save_meeting
from mentoring.talking_points import (
    add_talking_point,
    agenda_with_points,
    edit_talking_point,
    remove_talking_point,
    talking_points,
)
from storage.enums import Visibility
from storage.errors import InvalidInput, PermissionDenied
from storage.models import AuditEvent
from tests.mentoring.test_sessions import NOW, Pair, _plan, pair  # noqa: F401


def _next_meeting(of: Pair) -> int:
    plan = _plan(of)
    assert plan.next_session is not None
    return plan.next_session.id


def _hold(of: Pair, meeting_id: int) -> None:
    save_meeting(
        of.session,
        actor=of.mentor,
        meeting_id=meeting_id,
        agenda="Agreed agenda",
        notes="",
        visibility=Visibility.PAIR,
        expected_version=0,
        now=NOW,
    )
    complete_meeting(of.session, actor=of.mentor, meeting_id=meeting_id, now=NOW)


def _summaries(session: Session) -> list[str]:
    events = session.exec(select(AuditEvent).order_by(col(AuditEvent.id))).all()
    return [str(e.detail.get("summary")) for e in events if e.entity == "talkingpoint"]


def test_the_mentor_sees_the_point_the_mentee_added_to_the_next_1_1_with_who_and_when(
    pair: Pair,  # noqa: F811
) -> None:
    meeting_id = _next_meeting(pair)
    add_talking_point(
        pair.session,
        actor=pair.mentor,
        meeting_id=meeting_id,
        text="Plan the capstone demo",
        private=False,
        now=NOW,
    )
    add_talking_point(
        pair.session,
        actor=pair.ada,
        meeting_id=meeting_id,
        text="My IVF index recall drops after re-training",
        private=False,
        now=NOW + timedelta(minutes=5),
    )
    points = talking_points(pair.session, actor=pair.mentor, meeting_id=meeting_id)
    # The mentee's point comes first, though it was added later.
    assert [(p.author_name, p.text) for p in points] == [
        ("Ada Byte", "My IVF index recall drops after re-training"),
        ("Max Mentor", "Plan the capstone demo"),
    ]
    assert points[0].label.startswith("Ada Byte, 21 Nov 2026")
    agenda = meeting_detail(pair.session, actor=pair.mentor, meeting_id=meeting_id, now=NOW).agenda
    shown = agenda_with_points(agenda, points).split("\n")
    block = shown.index(next(r for r in shown if r.startswith("**Problem solving")))
    assert shown[block + 1] == (
        "- Talking point from Ada Byte: My IVF index recall drops after re-training"
    )
    assert shown[block + 2] == "- Talking point from Max Mentor: Plan the capstone demo"


def test_a_private_point_is_its_authors_until_the_1_1_is_held_then_the_pairs_never_a_leads(
    pair: Pair,  # noqa: F811
) -> None:
    meeting_id = _next_meeting(pair)
    add_talking_point(
        pair.session,
        actor=pair.ada,
        meeting_id=meeting_id,
        text="I feel lost in the evaluation module",
        private=True,
        now=NOW,
    )
    assert len(talking_points(pair.session, actor=pair.ada, meeting_id=meeting_id)) == 1
    assert talking_points(pair.session, actor=pair.mentor, meeting_id=meeting_id) == []
    assert talking_points(pair.session, actor=pair.lead, meeting_id=meeting_id) == []
    _hold(pair, meeting_id)
    [seen] = talking_points(pair.session, actor=pair.mentor, meeting_id=meeting_id)
    assert seen.text == "I feel lost in the evaluation module" and seen.private
    assert talking_points(pair.session, actor=pair.lead, meeting_id=meeting_id) == []
    # The audit log, which the lead reads, says a private point was added, not what it says.
    assert all("lost" not in s for s in _summaries(pair.session))


def test_the_author_changes_or_removes_a_point_until_the_1_1_is_held(pair: Pair) -> None:  # noqa: F811
    meeting_id = _next_meeting(pair)
    point = add_talking_point(
        pair.session, actor=pair.ada, meeting_id=meeting_id, text="HNSW", private=False, now=NOW
    )
    with pytest.raises(PermissionDenied):
        edit_talking_point(
            pair.session, actor=pair.mentor, point_id=point.id, text="x", private=False, now=NOW
        )
    changed = edit_talking_point(
        pair.session,
        actor=pair.ada,
        point_id=point.id,
        text="HNSW or IVF for 2M vectors?",
        private=False,
        now=NOW,
    )
    assert changed.text == "HNSW or IVF for 2M vectors?" and changed.edited_at is not None
    other = add_talking_point(
        pair.session,
        actor=pair.ada,
        meeting_id=meeting_id,
        text="Leave day",
        private=False,
        now=NOW,
    )
    assert remove_talking_point(pair.session, actor=pair.ada, point_id=other.id, now=NOW) == (
        "Leave day"
    )
    _hold(pair, meeting_id)
    # Once held, the point is kept as discussed.
    with pytest.raises(InvalidInput, match="was held"):
        remove_talking_point(pair.session, actor=pair.ada, point_id=point.id, now=NOW)
    with pytest.raises(InvalidInput, match="was held"):
        add_talking_point(
            pair.session, actor=pair.ada, meeting_id=meeting_id, text="Late", private=False, now=NOW
        )
    [kept] = talking_points(pair.session, actor=pair.ada, meeting_id=meeting_id)
    assert kept.text == "HNSW or IVF for 2M vectors?" and not kept.can_change
    assert _summaries(pair.session) == [
        "Added the talking point 'HNSW' on the 1:1 of 23 Nov 2026 of Max Mentor with Ada Byte.",
        "Changed the talking point 'HNSW or IVF for 2M vectors?' on the 1:1 of 23 Nov 2026 of "
        "Max Mentor with Ada Byte.",
        "Added the talking point 'Leave day' on the 1:1 of 23 Nov 2026 of Max Mentor with "
        "Ada Byte.",
        "Removed the talking point 'Leave day' on the 1:1 of 23 Nov 2026 of Max Mentor with "
        "Ada Byte.",
    ]


def test_only_the_pair_adds_points_and_an_empty_one_is_refused(pair: Pair) -> None:  # noqa: F811
    meeting_id = _next_meeting(pair)
    with pytest.raises(PermissionDenied):
        add_talking_point(
            pair.session, actor=pair.lead, meeting_id=meeting_id, text="x", private=False, now=NOW
        )
    with pytest.raises(InvalidInput, match="write what you want to talk about"):
        add_talking_point(
            pair.session, actor=pair.ada, meeting_id=meeting_id, text="  ", private=False, now=NOW
        )
