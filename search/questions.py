"""Saved questions: the team's recurring questions and the hits people marked relevant."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from search.registry import visible_clause
from storage.errors import InvalidInput, NotFound
from storage.models import Person, SavedQuestion, SavedQuestionHit, SearchChunk
from storage.people import PersonRef

MAX_QUESTION_CHARS = 300


@dataclass(frozen=True)
class MarkedHit:
    source_type: str
    source_id: int
    title: str
    rank: int


@dataclass(frozen=True)
class SavedQuestionView:
    id: int
    question: str
    asked_by_name: str
    hits: tuple[MarkedHit, ...]


def _titles(session: Session, actor: PersonRef) -> dict[tuple[str, int], str]:
    rows = session.exec(
        select(SearchChunk.source_type, SearchChunk.source_id, SearchChunk.title).where(
            visible_clause(actor)
        )
    )
    return {(t, i): title for t, i, title in rows}


def list_saved_questions(session: Session, *, actor: PersonRef) -> list[SavedQuestionView]:
    """The team's saved questions with the hits marked relevant that the actor may see."""
    names = {p.id: p.name for p in session.exec(select(Person))}
    titles = _titles(session, actor)
    views: list[SavedQuestionView] = []
    questions = session.exec(
        select(SavedQuestion)
        .where(SavedQuestion.team_id == actor.team_id)
        .order_by(col(SavedQuestion.id))
    )
    for question in questions:
        assert question.id is not None
        hits = session.exec(
            select(SavedQuestionHit)
            .where(SavedQuestionHit.question_id == question.id)
            .order_by(col(SavedQuestionHit.rank))
        )
        views.append(
            SavedQuestionView(
                id=question.id,
                question=question.question,
                asked_by_name=names.get(question.asked_by_id, "someone who left"),
                hits=tuple(
                    MarkedHit(
                        h.source_type, h.source_id, titles[(h.source_type, h.source_id)], h.rank
                    )
                    for h in hits
                    if (h.source_type, h.source_id) in titles
                ),
            )
        )
    return views


def save_question(session: Session, *, actor: PersonRef, text: str) -> SavedQuestionView:
    """Keep a question for the team (the same wording twice is kept once)."""
    text = " ".join(text.split())
    if not text:
        raise InvalidInput("Type the question to save.")
    if len(text) > MAX_QUESTION_CHARS:
        raise InvalidInput(f"Keep the question under {MAX_QUESTION_CHARS} characters.")
    existing = session.exec(
        select(SavedQuestion)
        .where(SavedQuestion.team_id == actor.team_id)
        .where(func.lower(SavedQuestion.question) == text.lower())
    ).first()
    if existing is None:
        existing = SavedQuestion(team_id=actor.team_id, question=text, asked_by_id=actor.id)
        session.add(existing)
        session.flush()
    assert existing.id is not None
    return next(q for q in list_saved_questions(session, actor=actor) if q.id == existing.id)


def mark_relevant(
    session: Session, *, actor: PersonRef, question_id: int, source_type: str, source_id: int
) -> bool:
    """Mark a source the actor can see as a relevant answer; False if it already was."""
    question = session.get(SavedQuestion, question_id)
    if question is None or question.team_id != actor.team_id:
        raise NotFound("That saved question does not exist.")
    if (source_type, source_id) not in _titles(session, actor):
        raise NotFound("That result is not in the index or not shared with you.")
    hits = session.exec(
        select(SavedQuestionHit).where(SavedQuestionHit.question_id == question_id)
    ).all()
    if any(h.source_type == source_type and h.source_id == source_id for h in hits):
        return False
    session.add(
        SavedQuestionHit(
            question_id=question_id,
            source_type=source_type,
            source_id=source_id,
            rank=len(hits) + 1,
            marked_by_id=actor.id,
        )
    )
    session.flush()
    return True
