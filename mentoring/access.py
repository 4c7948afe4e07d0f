"""Who may see and change a mentee's mentoring: the pair itself and the team's leads.

Built on the shared rules in storage.access; what is mentoring's own is the plan's mentor.
"""

from __future__ import annotations

from storage.access import ensure_same_team
from storage.errors import PermissionDenied
from storage.people import PersonRef


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
