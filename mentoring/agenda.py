"""Drafting a 1:1 agenda from what is known about the mentee (pure: inputs in, text out).

The draft follows the 1:1 structure: the technical review takes the largest gaps against the
role target, failed quizzes, overdue reviews, fading competencies, evidence above the official
level waiting for review and the current capstone checkpoint; problem solving takes the action
items carried over; career takes the phase, the development goals due soon or off track and
the plan's focus. The mentor edits the result; it is only a starting point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from mentoring.plans import AgendaBlock
from storage import formats

LEVEL_WORDS = {0: "none", 1: "basic", 2: "intermediate", 3: "advanced", 4: "expert"}
# A 1:1 covers a few things well rather than everything at once.
MAX_AGENDA_GAPS = 3
MAX_AGENDA_LEECHES = 5
# A card's prompt in the agenda is cut here: the line names it, the mentee knows the rest.
LEECH_PROMPT_CHARS = 60


def _shortened(front: str) -> str:
    line = " ".join(front.split())
    return f"'{line}'" if len(line) <= LEECH_PROMPT_CHARS else f"'{line[:LEECH_PROMPT_CHARS]}…'"


@dataclass(frozen=True)
class GapItem:
    competency_name: str
    level: int | None
    target: int
    personal: bool = False  # the person's own target (development plan), not the role's

    @property
    def gap(self) -> int:
        return max(self.target - (self.level or 0), 0)


@dataclass(frozen=True)
class FailedQuiz:
    module_title: str
    correct: int
    total: int
    taken_on: date


@dataclass(frozen=True)
class OverdueReviews:
    module_title: str
    cards: int


@dataclass(frozen=True)
class Leech:
    """A card the mentee keeps forgetting (tagged a leech and suspended)."""

    front: str
    module_title: str
    lapses: int


@dataclass(frozen=True)
class HandInNote:
    """Practical work to talk about: graded since the last 1:1 (`result` "pass" or "again"),
    or waiting for its grade for over a week (`result` None)."""

    title: str
    result: str | None
    on: date  # graded on, or handed in on
    waiting_days: int = 0


@dataclass(frozen=True)
class GoalNote:
    """A development goal the 1:1 reviews: due soon or off track (mentoring.goal_rules)."""

    title: str
    off_track: bool
    due_on: date
    progress_percent: int
    measure: str  # "intermediate of advanced in Vector search", "1 of 3 milestones"


def goal_lines(goals: Sequence[GoalNote], today: date) -> list[str]:
    """One agenda line per goal to review, with where it stands and when it is due."""
    lines = []
    for g in goals:
        days = (g.due_on - today).days
        when = (
            f"was due {formats.day(g.due_on)}"
            if days < 0
            else "due today"
            if days == 0
            else f"due {formats.day(g.due_on)}, in {days} day{'s' if days != 1 else ''}"
        )
        head = "Goal off track" if g.off_track else "Goal due soon"
        lines.append(
            f"{head}: '{g.title}' — {g.progress_percent} % ({g.measure}), {when}; "
            "review it and note what was agreed."
        )
    return lines


@dataclass(frozen=True)
class CarriedItem:
    title: str
    owner_name: str
    due_on: date | None
    raised_on: date

    def overdue(self, today: date) -> bool:
        return self.due_on is not None and self.due_on < today


@dataclass(frozen=True)
class CheckpointDue:
    project_title: str
    week: int
    title: str


@dataclass(frozen=True)
class AgendaInputs:
    mentee_name: str
    phase: str
    focus: Sequence[str]
    structure: Sequence[AgendaBlock]
    gaps: Sequence[GapItem] = ()
    failed_quizzes: Sequence[FailedQuiz] = ()
    overdue_reviews: Sequence[OverdueReviews] = ()
    leeches: Sequence[Leech] = ()
    hand_ins: Sequence[HandInNote] = ()
    fading: Sequence[str] = ()
    open_items: Sequence[CarriedItem] = ()
    checkpoint: CheckpointDue | None = None
    goals: Sequence[GoalNote] = ()  # development goals due soon or off track
    # "Use case identification: new evidence: advanced by quiz on 4 Dec 2026 (official: …)"
    evidence_to_review: Sequence[str] = ()


@dataclass(frozen=True)
class AgendaSection:
    title: str
    minutes: int
    lines: list[str] = field(default_factory=list)


def largest_gaps(gaps: Sequence[GapItem], count: int = MAX_AGENDA_GAPS) -> list[GapItem]:
    """Gaps of at least one level, largest first; ties keep the framework's order."""
    open_gaps = [g for g in gaps if g.gap > 0]
    return sorted(open_gaps, key=lambda g: -g.gap)[:count]


def draft_sections(inputs: AgendaInputs, today: date) -> list[AgendaSection]:
    """The agenda as sections, one per block of the 1:1 structure."""
    technical: list[str] = []
    for g in largest_gaps(inputs.gaps):
        technical.append(
            f"Gap: {g.competency_name} — {LEVEL_WORDS[g.level or 0]}, "
            f"{'the personal target is' if g.personal else 'the role asks for'} "
            f"{LEVEL_WORDS[g.target]} ({g.gap} level{'s' if g.gap > 1 else ''} short)."
        )
    for q in inputs.failed_quizzes:
        technical.append(
            f"Quiz not passed yet: {q.module_title} ({q.correct}/{q.total} on "
            f"{formats.day(q.taken_on)}) — go through the wrong answers together."
        )
    for r in inputs.overdue_reviews:
        technical.append(
            f"Overdue reviews: {r.cards} card{'s' if r.cards != 1 else ''} in {r.module_title}."
        )
    if inputs.leeches:
        technical.append(
            "Cards that keep failing: "
            + "; ".join(
                f"{_shortened(c.front)} ({c.module_title}, forgotten {c.lapses} times)"
                for c in inputs.leeches[:MAX_AGENDA_LEECHES]
            )
            + (
                f"; and {len(inputs.leeches) - MAX_AGENDA_LEECHES} more"
                if len(inputs.leeches) > MAX_AGENDA_LEECHES
                else ""
            )
            + " — rewrite them or learn what they rest on; they stay suspended until then."
        )
    for h in inputs.hand_ins:
        if h.result is None:
            technical.append(
                f"Hand-in waiting for its grade: '{h.title}', handed in {formats.day(h.on)} "
                f"({h.waiting_days} days ago) — grade it or agree when."
            )
        elif h.result == "again":
            technical.append(
                f"Hand-in returned: '{h.title}' needs another attempt (graded "
                f"{formats.day(h.on)}) — agree what the next version must show."
            )
        else:
            technical.append(
                f"Hand-in passed: '{h.title}' (graded {formats.day(h.on)}) — what would "
                "you do differently next time?"
            )
    for name in inputs.fading:
        technical.append(
            f"Fading: {name} — rated advanced or above, but most of its review cards have "
            "lapsed; review them together."
        )
    for line in inputs.evidence_to_review:
        technical.append(f"Evidence to review: {line} — confirm it or rate again together.")
    if inputs.checkpoint is not None:
        c = inputs.checkpoint
        technical.append(f"Capstone '{c.project_title}', week {c.week} checkpoint: {c.title}.")
    if not technical:
        technical.append("No open gaps, failed quizzes or overdue reviews: pick a stretch topic.")

    problems = []
    for item in inputs.open_items:
        due = f", due {formats.day(item.due_on)}" if item.due_on else ""
        flag = " — OVERDUE" if item.overdue(today) else ""
        problems.append(
            f"Carried over: {item.title} ({item.owner_name}{due}, raised "
            f"{formats.day(item.raised_on)}){flag}."
        )
    if not problems:
        problems.append("No open action items: bring the hardest problem of the week.")

    career = [f"Phase: {inputs.phase}."]
    career.extend(goal_lines(inputs.goals, today))
    if inputs.focus:
        career.append("Plan focus: " + ", ".join(inputs.focus) + ".")
    career.append(f"What does {inputs.mentee_name} want to be able to do by the next session?")

    contents = {"Technical review": technical, "Problem solving": problems, "Career": career}
    return [
        AgendaSection(block.title, block.minutes, contents.get(block.title, []))
        for block in inputs.structure
    ]


def render_agenda(sections: Sequence[AgendaSection]) -> str:
    """Sections as the markdown the mentor edits on the session page (bold block titles,
    so the text reads the same in the editor and rendered)."""
    parts = []
    for section in sections:
        parts.append(f"**{section.title} ({section.minutes} min)**")
        parts.extend(f"- {line}" for line in section.lines)
        parts.append("")
    return "\n".join(parts).strip() + "\n"


def draft_agenda(inputs: AgendaInputs, today: date) -> str:
    """The drafted agenda as markdown."""
    return render_agenda(draft_sections(inputs, today))
