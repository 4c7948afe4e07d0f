"""Agenda drafting from given gaps, quizzes, reviews, items and checkpoint (no database)."""

from __future__ import annotations

from datetime import date

from mentoring.agenda import (
    AgendaInputs,
    CarriedItem,
    CheckpointDue,
    FailedQuiz,
    GapItem,
    HandInNote,
    Leech,
    OverdueReviews,
    draft_agenda,
    draft_sections,
    largest_gaps,
)
from mentoring.plans import session_structure

TODAY = date(2026, 11, 21)
GAPS = [
    GapItem("Vector database expertise", 1, 3),
    GapItem("Embedding model mastery", 2, 2),
    GapItem("System architecture", 0, 1),
    GapItem("Performance optimisation", 1, 2),
    GapItem("Mentoring", None, 2),
]


def _inputs(**overrides: object) -> AgendaInputs:
    values: dict[str, object] = {
        "mentee_name": "Aisha",
        "phase": "Technical implementation",
        "focus": ["Foundations", "Hands-on practice"],
        "structure": session_structure(60),
    }
    values.update(overrides)
    return AgendaInputs(**values)  # type: ignore[arg-type]


def test_largest_gaps_come_first_and_ties_keep_the_frameworks_order() -> None:
    names = [g.competency_name for g in largest_gaps(GAPS)]
    assert names == ["Vector database expertise", "Mentoring", "System architecture"]


def test_agenda_names_gaps_quizzes_reviews_fading_and_checkpoint_in_the_technical_review() -> None:
    sections = draft_sections(
        _inputs(
            gaps=GAPS,
            failed_quizzes=[FailedQuiz("Index families", 3, 5, date(2026, 11, 12))],
            overdue_reviews=[OverdueReviews("FAISS in practice", 4)],
            fading=["Embedding model mastery"],
            checkpoint=CheckpointDue("Personal document search", 2, "Index in FAISS"),
        ),
        TODAY,
    )
    assert [(s.title, s.minutes) for s in sections] == [
        ("Technical review", 30),
        ("Problem solving", 20),
        ("Career", 10),
    ]
    technical = sections[0].lines
    assert technical[0] == (
        "Gap: Vector database expertise — basic, the role asks for advanced (2 levels short)."
    )
    assert technical[1].startswith("Gap: Mentoring — none, the role asks for intermediate")
    assert technical[2].endswith("(1 level short).")
    assert "Quiz not passed yet: Index families (3/5 on 12 Nov 2026)" in technical[3]
    assert technical[4] == "Overdue reviews: 4 cards in FAISS in practice."
    assert technical[5] == (
        "Fading: Embedding model mastery — rated advanced or above, but most of its review "
        "cards have lapsed; review them together."
    )
    assert technical[6] == "Capstone 'Personal document search', week 2 checkpoint: Index in FAISS."


def test_open_items_carry_over_into_problem_solving_with_overdue_flag() -> None:
    items = [
        CarriedItem(
            "Re-run the chunking benchmark", "Aisha Khan", date(2026, 11, 18), date(2026, 11, 11)
        ),
        CarriedItem("Share the HNSW notes", "Grace Okafor", date(2026, 11, 25), date(2026, 11, 18)),
        CarriedItem("Pick a capstone corpus", "Aisha Khan", None, date(2026, 11, 18)),
    ]
    problems = draft_sections(_inputs(open_items=items), TODAY)[1].lines
    assert problems == [
        "Carried over: Re-run the chunking benchmark (Aisha Khan, due 18 Nov 2026, "
        "raised 11 Nov 2026) — OVERDUE.",
        "Carried over: Share the HNSW notes (Grace Okafor, due 25 Nov 2026, raised 18 Nov 2026).",
        "Carried over: Pick a capstone corpus (Aisha Khan, raised 18 Nov 2026).",
    ]


def test_an_empty_picture_still_gives_a_usable_agenda() -> None:
    text = draft_agenda(_inputs(), TODAY)
    assert "**Technical review (30 min)**" in text
    assert "No open gaps, failed quizzes or overdue reviews" in text
    assert "No open action items" in text
    assert "Phase: Technical implementation." in text
    assert "Plan focus: Foundations, Hands-on practice." in text
    assert "What does Aisha want to be able to do by the next session?" in text


def test_agenda_follows_a_shorter_sessions_structure() -> None:
    text = draft_agenda(_inputs(structure=session_structure(45)), TODAY)
    assert text.splitlines()[0] == "**Technical review (25 min)**"
    assert "**Problem solving (15 min)**" in text
    assert "**Career (5 min)**" in text


def test_evidence_above_the_official_level_is_on_the_agenda_to_review() -> None:
    line = "Use case identification: new evidence: advanced by quiz on 4 Dec 2026 (official: basic)"
    technical = draft_sections(_inputs(evidence_to_review=[line]), TODAY)[0].lines
    assert technical == [
        f"Evidence to review: {line} — confirm it or rate again together.",
    ]


def test_the_agenda_lists_cards_that_keep_failing_with_their_module() -> None:
    [technical, *_] = draft_sections(
        _inputs(leeches=[Leech("What does HNSW's ef_search trade?", "FAISS in practice", 8)]),
        TODAY,
    )
    assert technical.lines[0] == (
        "Cards that keep failing: 'What does HNSW's ef_search trade?' (FAISS in practice, "
        "forgotten 8 times) — rewrite them or learn what they rest on; they stay suspended "
        "until then."
    )


def test_the_agenda_names_hand_ins_returned_since_the_last_one_and_those_waiting_long() -> None:
    technical = draft_sections(
        _inputs(
            hand_ins=[
                HandInNote("Recall against efSearch", "again", date(2026, 11, 18)),
                HandInNote("Hybrid search on your queries", "pass", date(2026, 11, 19)),
                HandInNote("A tested runbook", None, date(2026, 11, 10), waiting_days=11),
            ]
        ),
        TODAY,
    )[0].lines
    assert (
        "Hand-in returned: 'Recall against efSearch' needs another attempt (graded "
        "18 Nov 2026) — agree what the next version must show." in technical
    )
    assert any(
        line.startswith("Hand-in passed: 'Hybrid search on your queries'") for line in technical
    )
    assert (
        "Hand-in waiting for its grade: 'A tested runbook', handed in 10 Nov 2026 (11 days ago) "
        "— grade it or agree when." in technical
    )
