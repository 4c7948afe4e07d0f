"""Team forms: create a team with its lead, rename, archive or restore (organisation admins);
the team's time zone (its lead, or an admin)."""

from __future__ import annotations

from zoneinfo import available_timezones

import streamlit as st

from bootstrap.database import new_team
from dashboard import resources
from dashboard.components import saving
from storage.enums import PersonRole
from storage.people import PersonRef
from storage.roster import PersonIn, TeamRef, rename_team, set_team_archived, set_team_time_zone
from storage.time_zones import server_zone_name

SERVER_ZONE = ""  # the choice "the server's zone" (the team stores none)


def create_form(*, actor: PersonRef, key: str) -> None:
    """A new team and its first lead (a new person); the form empties once saved."""
    name_key, key = key, saving.form_key(key)
    with st.form(f"{key}-form", enter_to_submit=False):
        name = st.text_input("Team name", key=f"{key}-name", max_chars=120)
        left, right = st.columns(2)
        lead_name = left.text_input("Lead's name", key=f"{key}-lead-name", max_chars=120)
        lead_email = right.text_input("Lead's email", key=f"{key}-lead-email", max_chars=254)
        job = left.text_input(
            "Lead's job role", value="Team lead", key=f"{key}-lead-job", max_chars=80
        )
        submitted = st.form_submit_button("Create team", type="primary", key=f"{key}-submit")
    if submitted:
        saving.save(
            lambda s: new_team(
                s,
                actor=actor,
                name=name,
                lead=PersonIn(name=lead_name, email=lead_email, role=PersonRole.LEAD, job_role=job),
                now=resources.now(),
            ),
            key="organisation",
            message=lambda made: f"Created {made[0].name} with {made[1].name} as its lead.",
            reset=[name_key],
        )


def manage(*, actor: PersonRef, team: TeamRef) -> None:
    """Rename the team, archive it (after a confirmation) or restore it."""
    key = f"team-{team.id}"
    if team.archived:
        if st.button(f"Restore {team.name}", key=f"{key}-restore"):
            saving.save(
                lambda s: set_team_archived(
                    s, actor=actor, team_id=team.id, archived=False, now=resources.now()
                ),
                key="organisation",
                message=f"Restored {team.name}; its people can sign in again.",
            )
        return
    with st.form(f"{key}-rename", enter_to_submit=False):
        new_name = st.text_input("Name", value=team.name, key=f"{key}-name", max_chars=120)
        if st.form_submit_button("Rename", key=f"{key}-rename-submit"):
            saving.save(
                lambda s: rename_team(
                    s, actor=actor, team_id=team.id, name=new_name, now=resources.now()
                ),
                key="organisation",
                message=lambda t: f"Renamed {team.name} to {t.name}.",
            )
    sure = st.checkbox(
        f"Archive {team.name}: its people can no longer sign in; its history is kept",
        key=f"{saving.form_key(key + '-archive')}-sure",
    )
    if st.button("Archive team", key=f"{key}-archive", disabled=not sure):
        saving.save(
            lambda s: set_team_archived(
                s, actor=actor, team_id=team.id, archived=True, now=resources.now()
            ),
            key="organisation",
            message=f"Archived {team.name}.",
            reset=[f"{key}-archive"],
        )


def time_zone_form(*, actor: PersonRef, team: TeamRef, key: str) -> None:
    """The zone the team's "today", due dates and 1:1 times are in (type to search)."""
    zones = [SERVER_ZONE, *sorted(available_timezones())]
    server = f"The server's zone ({server_zone_name()})"
    with st.form(f"{key}-form", enter_to_submit=False):
        chosen = st.selectbox(
            "Time zone",
            zones,
            index=zones.index(team.time_zone or SERVER_ZONE),
            format_func=lambda z: z or server,
            key=f"{key}-zone",
            help="Decides when the team's day starts (due dates, overdue items, missed 1:1s) "
            "and the hour 1:1s are shown and exported at. Stored times do not move.",
        )
        submitted = st.form_submit_button("Save time zone", key=f"{key}-submit")
    if submitted:
        saving.save(
            lambda s: set_team_time_zone(
                s, actor=actor, team_id=team.id, time_zone=chosen, now=resources.now()
            ),
            key="members",
            message=lambda t: f"{t.name} now keeps time in {t.time_zone or server}.",
        )
