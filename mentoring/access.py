"""Who may see and change a mentee's mentoring: the pair itself and the team's leads."""

from __future__ import annotations

from storage.errors import PermissionDenied
from storage.people import PersonRef


def ensure_same_team(actor: PersonRef, person: PersonRef) -> None:
    if actor.team_id != person.team_id:
        raise PermissionDenied(f"{person.name} is not in your team.")


def ensure_can_mentor(actor: PersonRef, mentee: PersonRef, what: str) -> None:
    """The mentee's mentor or a lead of their team; anyone else is refused."""
    ensure_same_team(actor, mentee)
    if not (actor.is_lead or mentee.mentor_id == actor.id):
        raise PermissionDenied(f"Only {mentee.name}'s mentor or a team lead can {what}.")


def ensure_can_view(actor: PersonRef, mentee: PersonRef, plan_mentor_id: int | None) -> None:
    """The mentee, their mentor (now or on the plan) or a lead of their team."""
    ensure_same_team(actor, mentee)
    if actor.id in (mentee.id, mentee.mentor_id, plan_mentor_id) or actor.is_lead:
        return
    raise PermissionDenied(f"{mentee.name}'s mentoring is visible to them, their mentor and leads.")
