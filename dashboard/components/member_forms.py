"""Forms for one team member: add someone, change them, deactivate or reactivate, move
(admins), make admin (admins)."""

from __future__ import annotations

import zlib
from datetime import date

import streamlit as st

from dashboard import resources
from dashboard.components import saving
from storage import formats
from storage.enums import PersonRole
from storage.people import PersonRef
from storage.roster import (
    MemberRow,
    PersonIn,
    TeamRef,
    add_person,
    move_person,
    set_admin,
    set_person_active,
    update_person,
)

ROLES = [PersonRole.LEARNER, PersonRole.MENTOR, PersonRole.LEAD]
NO_MENTOR = 0  # the mentor picker's "no mentor" option


def _mentor_options(members: list[MemberRow], *, except_id: int | None) -> dict[int, str]:
    options = {NO_MENTOR: "No mentor"}
    for m in members:
        if m.active and m.role != PersonRole.LEARNER and m.id != except_id:
            options[m.id] = f"{m.name} ({m.role})"
    return options


def _fields(
    prefix: str, members: list[MemberRow], current: MemberRow | None, *, team_id: int
) -> PersonIn:
    """The person's fields as widgets keyed under `prefix`; `current` gives the starting
    values (each widget keeps what was typed across a refused save)."""

    def start(key: str, value: object) -> None:
        if f"{prefix}-{key}" not in st.session_state:
            st.session_state[f"{prefix}-{key}"] = value

    start("name", current.name if current else "")
    start("email", current.email if current else "")
    start("role", current.role if current else PersonRole.LEARNER)
    start("job", current.job_role if current else "")
    mentors = _mentor_options(members, except_id=current.id if current else None)
    start("mentor", current.mentor_id if current and current.mentor_id in mentors else NO_MENTOR)
    start("joined", current.joined_on if current else resources.team_today(team_id))
    left, right = st.columns(2)
    name = left.text_input("Name", key=f"{prefix}-name", max_chars=120)
    email = right.text_input(
        "Email", key=f"{prefix}-email", max_chars=254, help="What they sign in with."
    )
    role = left.selectbox(
        "Role in Proficio",
        ROLES,
        key=f"{prefix}-role",
        format_func=lambda r: {"lead": "Team lead", "mentor": "Mentor", "learner": "Learner"}[r],
    )
    job = right.text_input(
        "Job role", key=f"{prefix}-job", max_chars=80, help="Role targets are set per job role."
    )
    mentor = left.selectbox(
        "Mentor", list(mentors), key=f"{prefix}-mentor", format_func=lambda i: mentors[i]
    )
    joined: date = right.date_input(
        "Joined on", key=f"{prefix}-joined", format=formats.DATE_INPUT_FORMAT
    )
    return PersonIn(
        name=name,
        email=email,
        role=PersonRole(role),
        job_role=job,
        mentor_id=None if mentor == NO_MENTOR else mentor,
        joined_on=joined,
    )


def add_form(*, actor: PersonRef, team: TeamRef, members: list[MemberRow], key: str) -> None:
    """Add one person to `team`; the form empties once they are saved."""
    form = saving.form_key(key)
    with st.form(f"{form}-form", enter_to_submit=False):
        person = _fields(form, members, None, team_id=team.id)
        submitted = st.form_submit_button("Add to the team", type="primary", key=f"{form}-submit")
    if submitted:
        saving.save(
            lambda s: add_person(
                s, actor=actor, team_id=team.id, person=person, now=resources.now()
            ),
            key="members",
            message=lambda p: f"Added {p.name} ({p.email}) to {team.name} as {p.role}.",
            reset=[key],
        )


def edit_form(*, actor: PersonRef, member: MemberRow, members: list[MemberRow]) -> None:
    """Change the member's details; the confirmation lists what changed.

    The widgets are keyed by the member's saved details too: once anything changes them (this
    form, an import, another lead), the form starts again from what is saved, while a refused
    save keeps what was typed.
    """
    saved = (
        member.name,
        member.email,
        member.role,
        member.job_role,
        member.mentor_id,
        member.joined_on,
    )
    key = f"member-{member.id}-{zlib.crc32(repr(saved).encode()):08x}"
    with st.form(f"{key}-form", enter_to_submit=False):
        person = _fields(key, members, member, team_id=member.team_id)
        submitted = st.form_submit_button("Save changes", type="primary", key=f"{key}-submit")
    if submitted:

        def said(result: tuple[PersonRef, list[str]]) -> str:
            ref, changes = result
            if not changes:
                return f"Nothing to save: {ref.name}'s details are as they were."
            return f"Saved {ref.name}: " + "; ".join(changes) + "."

        saving.save(
            lambda s: update_person(
                s, actor=actor, person_id=member.id, person=person, now=resources.now()
            ),
            key="members",
            message=said,
        )


def status_controls(*, actor: PersonRef, member: MemberRow) -> None:
    """Deactivate a leaver (after a confirmation) or reactivate them."""
    key = f"member-{member.id}"
    today = resources.team_today(member.team_id)
    if member.active:
        st.write(
            "A leaver can no longer sign in and drops out of KPIs, alerts, targets and pickers "
            "from today; their mentoring plans end and their mentees need a new mentor. Their "
            "history stays in reports and the audit log, and you can reactivate them."
        )
        sure = st.checkbox(
            f"Yes, {member.name} has left", key=f"{saving.form_key(key + '-leave')}-leaving"
        )
        if st.button(
            f"Deactivate {member.name}",
            key=f"{key}-deactivate",
            disabled=not sure,
            icon=":material/person_off:",
        ):
            saving.save(
                lambda s: set_person_active(
                    s,
                    actor=actor,
                    person_id=member.id,
                    active=False,
                    today=today,
                    now=resources.now(),
                ),
                key="members",
                message=f"Deactivated {member.name} from {formats.day(today)}.",
                reset=[f"{key}-leave"],
            )
    else:
        st.write(f"{member.name} left on {formats.day(member.left_on)}." if member.left_on else "")
        if st.button(f"Reactivate {member.name}", key=f"{key}-reactivate"):
            saving.save(
                lambda s: set_person_active(
                    s,
                    actor=actor,
                    person_id=member.id,
                    active=True,
                    today=today,
                    now=resources.now(),
                ),
                key="members",
                message=f"Reactivated {member.name}; give them a mentor again if they need one.",
            )


def admin_controls(*, actor: PersonRef, member: MemberRow, teams: list[TeamRef]) -> None:
    """For organisation admins: move the member to another team, make them an admin."""
    key = f"member-{member.id}"
    others = {t.id: t.name for t in teams if t.id != member.team_id}
    if others and member.active:
        target = st.selectbox(
            "Move to team", list(others), key=f"{key}-move-to", format_func=others.__getitem__
        )
        st.caption("Their history goes with them; their mentoring plans end with a note.")
        if st.button(f"Move {member.name}", key=f"{key}-move"):
            saving.save(
                lambda s: move_person(
                    s, actor=actor, person_id=member.id, team_id=target, now=resources.now()
                ),
                key="members",
                message=f"Moved {member.name} to {others[target]}.",
            )
    if member.is_admin:
        if st.button("Take away admin rights", key=f"{key}-unadmin"):
            saving.save(
                lambda s: set_admin(
                    s, actor=actor, person_id=member.id, admin=False, now=resources.now()
                ),
                key="members",
                message=f"{member.name} is no longer an organisation admin (an address in "
                "PROFICIO_ADMIN_EMAILS stays admin).",
            )
    elif member.active and st.button("Make organisation admin", key=f"{key}-admin"):
        saving.save(
            lambda s: set_admin(
                s, actor=actor, person_id=member.id, admin=True, now=resources.now()
            ),
            key="members",
            message=f"{member.name} is now an organisation admin.",
        )
