"""Sharing sessions (everyone): the team's and their communities' talks, workshops and reviews
to come and held; sign up, propose one (or a series), record who came, confirm presenters."""

import streamlit as st
from sqlmodel import Session

from assessments.framework import list_competencies
from curriculum.catalog import learning_path
from dashboard import resources
from dashboard.components import saving, sharing_views
from dashboard.components.loading import load
from mentoring.communities import community_ids_of, list_communities
from mentoring.sharing import (
    PresenterView,
    SessionView,
    can_organise,
    eligible_attendees,
    presentations_to_confirm,
    propose_session,
    series_ics,
    session_ics,
    sessions_for,
)
from search.notes import list_notes
from storage import formats
from storage.people import list_people

viewer = resources.viewer()
now = resources.now()
st.title("Sharing sessions")
st.caption(
    "Talks, workshops, architecture reviews and other sessions of your team and your "
    "communities. Times are in the team's zone; the calendar files carry it."
)
saving.flash(key=sharing_views.KEY)


def read(
    s: Session,
) -> tuple[
    list[SessionView],
    sharing_views.ProposalChoices,
    dict[int, bool],
    dict[int, tuple[bytes, bytes | None]],
    dict[int, dict[int, str]],
    list[tuple[SessionView, PresenterView]],
]:
    views = sessions_for(s, actor=viewer)
    mine = set(community_ids_of(s, viewer.id))
    choices = sharing_views.ProposalChoices(
        people={p.id: p.name for p in list_people(s, viewer.team_id) if p.active},
        modules={m.key: m.title for level in learning_path(s) for m in level.modules},
        competencies={c.key: c.name for c in list_competencies(s, viewer.team_id)},
        notes={n.id: n.title for n in list_notes(s, actor=viewer)},
        communities={c.id: c.name for c in list_communities(s) if c.id in mine},
    )
    organiser = {v.id: can_organise(s, actor=viewer, session_id=v.id) for v in views}
    files = {
        v.id: (
            session_ics(s, actor=viewer, session_id=v.id, stamp=now),
            series_ics(s, actor=viewer, session_id=v.id, stamp=now) if v.series_id else None,
        )
        for v in views
        if not v.started(now) and not v.cancelled
    }
    attendees = {
        v.id: {p.id: p.name for p in eligible_attendees(s, session_id=v.id)}
        for v in views
        if v.started(now) and organiser[v.id]
    }
    return (
        views,
        choices,
        organiser,
        files,
        attendees,
        presentations_to_confirm(s, actor=viewer, now=now),
    )


views, choices, organiser, files, attendees, waiting = load(read)
to_confirm: dict[int, list[PresenterView]] = {}
for view, presenter in waiting:
    to_confirm.setdefault(view.id, []).append(presenter)
coming = [v for v in views if not v.started(now)]
held = sorted((v for v in views if v.started(now)), key=lambda v: v.starts_at, reverse=True)

upcoming_tab, past_tab, propose_tab = st.tabs(
    [f"Upcoming ({len(coming)})", f"Held ({len(held)})", "Propose a session"]
)
with upcoming_tab:
    if not coming:
        st.info("No session planned yet: propose one under “Propose a session”.")
    for v in coming:
        ics, series = files.get(v.id, (b"", None))
        sharing_views.upcoming(
            v,
            viewer=viewer,
            ics=ics,
            series=series,
            organiser=organiser[v.id],
            key=f"coming-{v.id}",
        )
with past_tab:
    if waiting:
        st.warning(
            f"{len(waiting)} presentation{'s' if len(waiting) != 1 else ''} to confirm: "
            "confirming records the presenter's evidence in the session's competencies."
        )
    if not held:
        st.info("No session held yet.")
    for v in held:
        sharing_views.past(
            v,
            viewer=viewer,
            organiser=organiser[v.id],
            attendees=attendees.get(v.id, {}),
            to_confirm=to_confirm.get(v.id, []),
            key=f"held-{v.id}",
        )
with propose_tab:
    form = saving.form_key("sharing-propose")
    draft = sharing_views.propose_form(
        choices, viewer=viewer, today=resources.today(viewer), key=form
    )
    if draft is not None:
        saving.save(
            lambda s: propose_session(s, actor=viewer, draft=draft, now=resources.now()),
            key=sharing_views.KEY,
            message=lambda made: (
                f"Proposed “{made[0].title}” for {made[0].when}"
                + (
                    f", and {len(made) - 1} more sessions of the series until "
                    f"{formats.day(made[-1].starts_at.date())}."
                    if len(made) > 1
                    else "."
                )
            ),
            reset=["sharing-propose"],
        )
