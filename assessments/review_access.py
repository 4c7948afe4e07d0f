"""Who may see or change spaced-repetition reviews (shared by the review services)."""

from __future__ import annotations

from storage.errors import PermissionDenied
from storage.people import PersonRef


def ensure_can_see_reviews(actor: PersonRef, person: PersonRef) -> None:
    """The person themself, their mentor or their team's lead; else PermissionDenied."""
    if actor.team_id != person.team_id:
        raise PermissionDenied(f"{person.name} is not in your team.")
    if actor.id != person.id and person.mentor_id != actor.id and not actor.is_lead:
        raise PermissionDenied(f"Only {person.name}, their mentor or a lead can see their reviews.")


def ensure_team_lead(actor: PersonRef, team_id: int, what: str) -> None:
    """The lead of this team; else PermissionDenied ("Only the team's lead can <what>.")."""
    if not actor.is_lead or actor.team_id != team_id:
        raise PermissionDenied(f"Only the team's lead can {what}.")
