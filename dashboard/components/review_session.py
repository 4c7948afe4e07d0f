"""One review sitting: prompt → reveal → Again / Hard / Good / Easy, then a summary.

Keyboard: Space reveals the answer, 1-4 answer (st.button's `shortcut`). The sitting's card
order is fixed when it starts, so a card answered "Again" does not jump back in the same
sitting; it comes back on the day its new interval says.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime

import streamlit as st

from dashboard.components.quiz_form import plain
from reviews.queue import DueCard, ReviewOutcome
from reviews.scheduling import ReviewGrade, interval_label
from storage import formats

KIND_LABELS = {"conceptual": "Concept", "procedural": "Procedure", "strategic": "Strategy"}
# This many cards due before today is a backlog worth naming (a day or two late is normal).
BACKLOG_WARNING_CARDS = 10


@dataclass(frozen=True)
class Answer:
    card_id: int
    rating: ReviewGrade
    duration_ms: int


@dataclass
class Sitting:
    card_ids: list[int]
    results: list[ReviewOutcome] = field(default_factory=list)
    revealed: bool = False
    shown_card: int | None = None
    shown_at: float = 0.0


def _sitting(queue: list[DueCard], key: str) -> Sitting:
    sitting = st.session_state.get(key)
    if not isinstance(sitting, Sitting):
        sitting = Sitting([d.card.id for d in queue])
        st.session_state[key] = sitting
    return sitting


def remaining(queue: list[DueCard], *, key: str) -> int:
    """Cards of the sitting still to answer (the sitting starts with the queue it is given)."""
    sitting = _sitting(queue, key)
    done = {r.card_id for r in sitting.results}
    queued = {d.card.id for d in queue}
    return sum(1 for i in sitting.card_ids if i not in done and i in queued)


def show(queue: list[DueCard], *, today: date, key: str) -> Answer | None:
    """The current card of the sitting; returns the answer once a rating is clicked."""
    sitting = _sitting(queue, key)
    by_id = {d.card.id: d for d in queue}
    done = {r.card_id for r in sitting.results}
    remaining = [i for i in sitting.card_ids if i not in done and i in by_id]
    if not remaining:
        return None
    due = by_id[remaining[0]]
    if sitting.shown_card != due.card.id:
        sitting.shown_card, sitting.revealed, sitting.shown_at = (
            due.card.id,
            False,
            time.monotonic(),
        )
    position = len(done) + 1
    late = sorted(
        d.card.due_at.date() for d in queue if d.card.due_at and d.card.due_at.date() < today
    )
    if position == 1 and len(late) >= BACKLOG_WARNING_CARDS:
        st.warning(
            f"{len(late)} of these cards were due before today; the oldest since "
            f"{formats.day(late[0])}. Working through them now brings the schedule back in line.",
            icon=":material/history:",
        )
    where = due.card.module_title or "Your own card"
    st.caption(
        f"Card {position} of {len(done) + len(remaining)} · {where} · "
        f"{KIND_LABELS.get(due.card.kind.value, due.card.kind.value)}"
        + (" · new" if due.new else "")
    )
    with st.container(border=True):
        st.markdown(f"#### {plain(due.card.front)}")
        if sitting.revealed:
            st.divider()
            st.markdown(plain(due.card.back))
    if not sitting.revealed:
        if st.button("Show answer", shortcut="Space", type="primary", key=f"{key}-reveal"):
            sitting.revealed = True
            st.rerun()
        st.caption("Try to recall the answer first. Keyboard: Space shows it.")
        return None
    columns = st.columns(4)
    for column, rating in zip(columns, ReviewGrade, strict=True):
        label = f"{rating.label} · {interval_label(due.intervals[rating])}"
        if column.button(
            label,
            shortcut=str(int(rating)),
            type="primary" if rating == ReviewGrade.GOOD else "secondary",
            width="stretch",
            key=f"{key}-rate-{int(rating)}",
            help=f"Next review in about {interval_label(due.intervals[rating])}.",
        ):
            elapsed_ms = int((time.monotonic() - sitting.shown_at) * 1000)
            return Answer(due.card.id, rating, elapsed_ms)
    st.caption(
        "Keyboard: 1 Again · 2 Hard · 3 Good · 4 Easy. The interval is what each answer gives."
    )
    return None


def record(outcome: ReviewOutcome, *, key: str) -> None:
    """Keep a saved answer in the sitting so the next card and the summary follow."""
    sitting = st.session_state.get(key)
    if isinstance(sitting, Sitting):
        sitting.results.append(outcome)
        sitting.revealed = False


def results(*, key: str) -> list[ReviewOutcome]:
    sitting = st.session_state.get(key)
    return list(sitting.results) if isinstance(sitting, Sitting) else []


def summary(outcomes: list[ReviewOutcome], next_due: datetime | None, *, key: str) -> bool:
    """Reviewed, recalled, next due; returns True when the person asks for a new sitting."""
    if outcomes:
        recalled = sum(1 for o in outcomes if o.rating.recalled)
        reviewed, recalled_col, next_col = st.columns(3)
        reviewed.metric("Reviewed", len(outcomes))
        recalled_col.metric("Recalled", f"{recalled} of {len(outcomes)}")
        next_col.metric("Next due", formats.weekday_day(next_due) if next_due else "nothing")
    elif next_due is not None:
        st.caption(f"Your next card is due on {next_due:%A %d %B}.")
    return st.button("Check for more cards", key=f"{key}-again", icon=":material/refresh:")


def restart(*, key: str) -> None:
    st.session_state.pop(key, None)
