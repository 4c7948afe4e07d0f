"""Opening one search hit for reading: a note, a session's notes or a module's text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from search.notes import get_note
from search.registry import SOURCE_LABELS, SourceType
from storage import formats
from storage.access import can_read_meeting_notes
from storage.enums import Visibility
from storage.errors import NotFound
from storage.models import MentoringPlan, MentoringSession, Module, Note, Person, Team
from storage.people import PersonRef


def without_title_heading(body: str, title: str) -> str:
    """The body without a first `# heading` that only repeats the title."""
    first, _, rest = body.lstrip().partition("\n")
    heading, name = first[2:].strip().casefold(), title.strip().casefold()
    if (
        first.startswith("# ")
        and heading
        and (name.startswith(heading) or heading.startswith(name))
    ):
        return rest.lstrip("\n")
    return body


@dataclass(frozen=True)
class SourceView:
    source_type: str
    source_id: int
    title: str
    body: str
    byline: str  # who and when, e.g. "Note by Grace Okafor · updated 9 Nov 2026"
    tags: tuple[str, ...]


def open_source(
    session: Session, *, actor: PersonRef, source_type: str, source_id: int
) -> SourceView:
    """The full text of a source the actor may see; NotFound otherwise."""
    if source_type == SourceType.NOTE:
        note = get_note(session, actor=actor, note_id=source_id)
        row = session.get(Note, source_id)
        team = session.get(Team, row.team_id) if row is not None else None
        # Read from another team: it reaches the reader through a community they are in.
        team_note = (
            "shared with the team"
            if team is None or team.id == actor.team_id
            else f"{team.name}'s note, shared with a community of yours"
        )
        shared = {
            Visibility.TEAM: team_note,
            Visibility.PRIVATE: "private",
            Visibility.PAIR: f"shared with {note.pair_person_name}",
        }[note.visibility]
        module = f" · module {note.module_title}" if note.module_title else ""
        return SourceView(
            source_type,
            source_id,
            note.title,
            without_title_heading(note.body, note.title),
            f"Note by {note.author_name} · updated {formats.day(note.updated_at)}"
            f" · {shared}{module}",
            note.tags,
        )
    if source_type == SourceType.MODULE:
        module_row = session.get(Module, source_id)
        if module_row is None:
            raise NotFound("That module no longer exists.")
        return SourceView(
            source_type,
            source_id,
            module_row.title,
            module_row.reading,
            "Curriculum module reading",
            (),
        )
    if source_type == SourceType.SESSION:
        meeting = session.get(MentoringSession, source_id)
        plan = session.get(MentoringPlan, meeting.plan_id) if meeting else None
        mentee = session.get(Person, plan.mentee_id) if plan else None
        if (
            meeting is None
            or plan is None
            or mentee is None
            or not can_read_meeting_notes(
                actor,
                visibility=Visibility(meeting.notes_visibility),
                mentor_id=plan.mentor_id,
                mentee_id=plan.mentee_id,
                team_id=mentee.team_id,
            )
        ):
            raise NotFound("Those session notes do not exist or are not shared with you.")
        mentor = session.get(Person, plan.mentor_id)
        day: date = (meeting.done_at or meeting.scheduled_for).date()
        return SourceView(
            source_type,
            source_id,
            f"1:1 session {meeting.number}: {mentor.name if mentor else 'mentor'} with "
            f"{mentee.name}",
            meeting.notes,
            f"{SOURCE_LABELS[source_type]} · {formats.day(day)}",
            (),
        )
    raise NotFound(f"Unknown kind of source: {source_type}.")
