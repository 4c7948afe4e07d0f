"""One review sitting: prompt → reveal → Again / Hard / Good / Easy, undo, then a summary.

The sitting is a fragment: Show answer, an answer and Undo redraw only the card, not the page
(other figures on the page catch up on its next full run). Keyboard: Space reveals the answer,
1-4 answer, U undoes the last answer (st.button's `shortcut`). The queue is read afresh on
every draw, so a card in its same-day steps comes back in the sitting when its minute comes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import streamlit as st

from dashboard import resources
from dashboard.components import saving
from dashboard.components.loading import load
from dashboard.components.plain_text import plain
from reviews.queue import (
    DueCard,
    ReviewOutcome,
    due_queue,
    next_due_at,
    record_review,
    undo_last_answer,
)
from reviews.scheduling import ReviewGrade, interval_label
from storage import formats
from storage.people import PersonRef

KIND_LABELS = {"conceptual": "Concept", "procedural": "Procedure", "strategic": "Strategy"}
# This many cards due before today is a backlog worth naming (a day or two late is normal).
BACKLOG_WARNING_CARDS = 10
# A card coming back within this long is worth waiting for: the page says "come back in …".
COME_BACK_WITHIN = timedelta(hours=6)


@dataclass
class Sitting:
    results: list[ReviewOutcome] = field(default_factory=list)
    revealed: bool = False
    shown_card: int | None = None
    shown_at: float = 0.0
    notices: list[tuple[str, str]] = field(default_factory=list)  # (kind, text) to show once


def _sitting(key: str) -> Sitting:
    sitting = st.session_state.get(key)
    if not isinstance(sitting, Sitting):
        sitting = Sitting()
        st.session_state[key] = sitting
    return sitting


def _reveal(key: str) -> None:
    _sitting(key).revealed = True


def _answer(viewer: PersonRef, card_id: int, rating: ReviewGrade, key: str) -> None:
    """Save one answer (a callback: the fragment then draws the next card in one run)."""
    sitting = _sitting(key)
    elapsed_ms = int((time.monotonic() - sitting.shown_at) * 1000)
    outcome = saving.write(
        lambda session: record_review(
            session,
            actor=viewer,
            card_id=card_id,
            rating=rating,
            now=resources.now(),
            duration_ms=elapsed_ms,
        ),
        refused=lambda message: sitting.notices.append(("error", message)),
    )
    if outcome is None:
        return
    sitting.results.append(outcome)
    sitting.revealed, sitting.shown_card = False, None
    if outcome.leech:
        sitting.notices.append(
            (
                "warning",
                f"You have forgotten that card {outcome.lapses} times, so it is now tagged a "
                "leech and suspended: it will not come up again until it is unsuspended. Rewrite "
                "it or go back to what it rests on; your mentor sees it in your next 1:1 agenda.",
            )
        )


def _undo(viewer: PersonRef, key: str) -> None:
    sitting = _sitting(key)
    undone = saving.write(
        lambda session: undo_last_answer(session, actor=viewer, now=resources.now()),
        refused=lambda message: sitting.notices.append(("error", message)),
    )
    if undone is None:
        return
    for position in range(len(sitting.results) - 1, -1, -1):
        if sitting.results[position].card_id == undone.card_id:
            del sitting.results[position]
            break
    sitting.revealed, sitting.shown_card = False, None
    sitting.notices.append(
        ("info", f"Undone: your answer {undone.rating.label} to “{plain(undone.front)}”.")
    )


@st.fragment
def show(viewer: PersonRef, *, today: date, key: str) -> None:
    """The sitting: the current card and its answers, or the summary when nothing is due."""
    sitting = _sitting(key)
    for kind, text in sitting.notices:
        getattr(st, kind)(text)
    sitting.notices.clear()
    now = resources.now()
    queue = load(lambda s: due_queue(s, actor=viewer, person_id=viewer.id, now=now))
    if queue:
        _card(queue, sitting, viewer, today=today, key=key)
    else:
        next_due = load(lambda s: next_due_at(s, actor=viewer, person_id=viewer.id, now=now))
        _summary(sitting, next_due, now, key=key)
    if sitting.results:
        st.button(
            "Undo last answer",
            shortcut="u",
            icon=":material/undo:",
            key=f"{key}-undo",
            on_click=_undo,
            args=(viewer, key),
            help="Takes your last answer back: the card is as it was before it. Keyboard: U.",
        )


def _card(
    queue: list[DueCard], sitting: Sitting, viewer: PersonRef, *, today: date, key: str
) -> None:
    due = queue[0]
    if sitting.shown_card != due.card.id:
        sitting.shown_card, sitting.revealed, sitting.shown_at = (
            due.card.id,
            False,
            time.monotonic(),
        )
    done = len(sitting.results)
    late = sorted(
        d.card.due_at.date() for d in queue if d.card.due_at and d.card.due_at.date() < today
    )
    if done == 0 and len(late) >= BACKLOG_WARNING_CARDS:
        st.warning(
            f"{len(late)} of these cards were due before today; the oldest since "
            f"{formats.day(late[0])}. Working through them now brings the schedule back in line.",
            icon=":material/history:",
        )
    where = due.card.module_title or "Your own card"
    st.caption(
        f"Card {done + 1} of {done + len(queue)} · {where} · "
        f"{KIND_LABELS.get(due.card.kind.value, due.card.kind.value)}"
        + (" · new" if due.new else " · learning" if due.learning else "")
    )
    with st.container(border=True):
        st.markdown(f"#### {plain(due.card.front)}")
        if sitting.revealed:
            st.divider()
            st.markdown(plain(due.card.back))
    if not sitting.revealed:
        st.button(
            "Show answer",
            shortcut="Space",
            type="primary",
            key=f"{key}-reveal",
            on_click=_reveal,
            args=(key,),
        )
        st.caption("Try to recall the answer first. Keyboard: Space shows it.")
        return
    for column, rating in zip(st.columns(4), ReviewGrade, strict=True):
        column.button(
            f"{rating.label} · {interval_label(due.intervals[rating])}",
            shortcut=str(int(rating)),
            type="primary" if rating == ReviewGrade.GOOD else "secondary",
            width="stretch",
            key=f"{key}-rate-{int(rating)}",
            help=f"Next review in about {interval_label(due.intervals[rating])}.",
            on_click=_answer,
            args=(viewer, due.card.id, rating, key),
        )
    st.caption(
        "Keyboard: 1 Again · 2 Hard · 3 Good · 4 Easy. The interval is what each answer gives."
    )


def _summary(sitting: Sitting, next_due: datetime | None, now: datetime, *, key: str) -> None:
    """Reviewed, recalled, next due; a card in its steps soon: when to come back."""
    outcomes = sitting.results
    wait = next_due - now if next_due is not None else None
    if wait is not None and wait <= COME_BACK_WITHIN:
        st.info(
            f"Nothing else is due: come back in {interval_label(wait)}, when a card you are "
            "learning comes up again."
        )
    elif outcomes:
        st.success("Done for now: every card that was due has been reviewed.")
    elif next_due is None:
        st.info(
            "Your deck is empty: cards come from the modules you have started (see My "
            "learning) and from cards you write yourself."
        )
    else:
        st.info("Nothing is due right now.")
    if outcomes:
        recalled = sum(1 for o in outcomes if o.rating.recalled)
        reviewed, recalled_col, next_col = st.columns(3)
        reviewed.metric("Reviewed", len(outcomes))
        recalled_col.metric("Recalled", f"{recalled} of {len(outcomes)}")
        next_col.metric("Next due", formats.weekday_day(next_due) if next_due else "nothing")
    elif next_due is not None and (wait is None or wait > COME_BACK_WITHIN):
        st.caption(f"Your next card is due on {next_due:%A %d %B}.")
    st.button(
        "Check for more cards",
        key=f"{key}-again",
        icon=":material/refresh:",
        on_click=st.session_state.pop,
        args=(key, None),
    )
