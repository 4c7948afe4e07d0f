"""Seed the demo team's notes and saved questions from bootstrap/demo/content/.

Notes are markdown files (`demo-notes/<slug>.md`) with YAML front matter: title, author email,
created/updated as days relative to today (≤ 0), tags, module key, visibility (team, private or
pair) and, for pair notes, the other person of the pair; for the knowledge base, a category
(guide, decision_record, case_study, lessons_learned, resource; default guide), an owner email
(default the author), review_by in days relative to today (may be ahead) and reviewed, the days
(≤ 0, one or a list, oldest first) its owner marked it reviewed. Saved questions
name their expected notes by file slug, best first. A file with problems stops the seeding with a
message naming the file and field; nothing is half-seeded (the caller's unit of work rolls
back).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from search.notes import normalise_tags, split_front_matter
from search.registry import SourceType
from storage.enums import NoteCategory, Visibility
from storage.errors import InvalidInput
from storage.models import (
    Module,
    Note,
    NoteReview,
    Person,
    SavedQuestion,
    SavedQuestionHit,
    utc_now,
)
from storage.strict_yaml import load_yaml

CONTENT_DIR = Path(__file__).parent / "content"
NOTES_DIR = CONTENT_DIR / "demo-notes"
QUESTIONS_FILE = CONTENT_DIR / "saved-questions.yaml"
NOTE_HOUR_UTC = 11  # demo notes are written late morning


@dataclass(frozen=True)
class DemoSeedReport:
    notes: int
    questions: int


def _moment(today: date, days: int) -> datetime:
    """`days` (≤ 0) relative to today, at a fixed hour, never in the future."""
    moment = datetime.combine(today + timedelta(days=days), time(NOTE_HOUR_UTC), tzinfo=UTC)
    return min(moment, utc_now())


def _int_days(meta: dict[str, Any], key: str, where: str) -> int | None:
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or value > 0:
        raise InvalidInput(f"{where}: '{key}' must be a whole number of days ≤ 0, not {value!r}")
    return value


def seed_demo_notes(
    session: Session,
    *,
    today: date,
    team_id: int,
    notes_dir: Path = NOTES_DIR,
    questions_file: Path = QUESTIONS_FILE,
) -> DemoSeedReport:
    """Add the demo notes and saved questions for `team_id` (run once, on the demo seed)."""
    people = {p.email: p for p in session.exec(select(Person).where(Person.team_id == team_id))}
    modules = {m.key: m.id for m in session.exec(select(Module))}
    slugs: dict[str, int] = {}
    paths = sorted(notes_dir.glob("*.md")) if notes_dir.is_dir() else []
    for path in paths:
        where = f"{path.parent.name}/{path.name}"
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        title = str(meta.get("title") or "").strip()
        if not title or not body.strip():
            raise InvalidInput(f"{where}: needs a title and a body")
        author = people.get(str(meta.get("author", "")))
        if author is None or author.id is None:
            raise InvalidInput(f"{where}: 'author' {meta.get('author')!r} is not a demo person")
        created = _int_days(meta, "created", where)
        if created is None:
            raise InvalidInput(f"{where}: 'created' is required")
        updated = _int_days(meta, "updated", where)
        if updated is not None and updated < created:
            raise InvalidInput(f"{where}: 'updated' is before 'created'")
        module_id = None
        if meta.get("module"):
            module_id = modules.get(str(meta["module"]))
            if module_id is None:
                raise InvalidInput(f"{where}: 'module' {meta['module']!r} is not a module key")
        try:
            visibility = Visibility(str(meta.get("visibility", "team")))
        except ValueError as error:
            raise InvalidInput(f"{where}: 'visibility' must be team, private or pair") from error
        pair_id = None
        if visibility == Visibility.PAIR:
            pair = people.get(str(meta.get("pair", "")))
            if pair is None:
                raise InvalidInput(f"{where}: a pair note needs 'pair', a demo person's email")
            pair_id = pair.id
        try:
            category = NoteCategory(str(meta.get("category", NoteCategory.GUIDE)))
        except ValueError as error:
            kinds = ", ".join(NoteCategory)
            raise InvalidInput(f"{where}: 'category' must be one of {kinds}") from error
        owner = people.get(str(meta.get("owner", author.email)))
        if owner is None or owner.id is None:
            raise InvalidInput(f"{where}: 'owner' {meta.get('owner')!r} is not a demo person")
        review_in = meta.get("review_by")
        if review_in is not None and not isinstance(review_in, int):
            raise InvalidInput(f"{where}: 'review_by' must be a whole number of days")
        reviewed = meta.get("reviewed", [])
        reviews = reviewed if isinstance(reviewed, list) else [reviewed]
        if not all(isinstance(d, int) and d <= 0 for d in reviews) or reviews != sorted(reviews):
            raise InvalidInput(
                f"{where}: 'reviewed' must be whole numbers of days, 0 or less, oldest first"
            )
        raw_tags = meta.get("tags") or []
        if not isinstance(raw_tags, list):
            raise InvalidInput(f"{where}: 'tags' must be a list")
        note = Note(
            team_id=team_id,
            author_id=author.id,
            owner_id=owner.id,
            category=category,
            review_by=today + timedelta(days=review_in) if review_in is not None else None,
            reviewed_at=_moment(today, reviews[-1]) if reviews else None,
            title=title,
            body=body.strip(),
            tags=list(normalise_tags([str(t) for t in raw_tags])),
            module_id=module_id,
            visibility=visibility,
            pair_person_id=pair_id,
            source_path=where,
            created_at=_moment(today, created),
            updated_at=_moment(today, updated if updated is not None else created),
        )
        session.add(note)
        session.flush()
        assert note.id is not None
        slugs[path.stem] = note.id
        for number, days in enumerate(reviews):
            after = reviews[number + 1] if number + 1 < len(reviews) else review_in
            session.add(
                NoteReview(
                    note_id=note.id,
                    reviewer_id=owner.id,
                    reviewed_at=_moment(today, days),
                    next_review_by=today
                    + timedelta(days=after if after is not None else days + 90),
                )
            )

    questions = 0
    if questions_file.is_file():
        entries = load_yaml(questions_file.read_text(encoding="utf-8")) or []
        for number, entry in enumerate(entries, start=1):
            where = f"{questions_file.name}, question {number}"
            asker = people.get(str(entry.get("asked_by", "")))
            if asker is None or asker.id is None:
                raise InvalidInput(f"{where}: 'asked_by' is not a demo person")
            question = SavedQuestion(
                team_id=team_id,
                question=str(entry["question"]).strip(),
                asked_by_id=asker.id,
                created_at=_moment(today, -7),
            )
            session.add(question)
            session.flush()
            assert question.id is not None
            for rank, slug in enumerate(entry.get("expected") or [], start=1):
                if slug not in slugs:
                    raise InvalidInput(f"{where}: expected note {slug!r} is not a demo note")
                session.add(
                    SavedQuestionHit(
                        question_id=question.id,
                        source_type=SourceType.NOTE,
                        source_id=slugs[slug],
                        rank=rank,
                        marked_by_id=asker.id,
                    )
                )
            questions += 1
        session.flush()
    return DemoSeedReport(notes=len(slugs), questions=questions)
