"""Sharing sessions on a page: the proposal form, and one session with what the viewer may do
with it (sign up or withdraw, .ics, record who came, log the hour, confirm, change, cancel)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

import streamlit as st

from assessments.rules import LEVEL_NAMES
from dashboard import resources
from dashboard.components import note_text, saving
from dashboard.components.loading import load
from dashboard.components.plain_text import plain
from mentoring.sharing import (
    PresenterView,
    Repeat,
    SessionChange,
    SessionDraft,
    SessionView,
    cancel_session,
    confirm_presentation,
    edit_session,
    log_session_hour,
    record_attendance,
    sign_up,
    upcoming_for,
    withdraw,
)
from storage import formats
from storage.enums import SharingKind
from storage.people import PersonRef

KEY = "sharing"  # the flash of every save on the page
REPEAT_CHOICES = {
    0: "Once",
    1: "Every week",
    2: "Every second week",
    3: "Every third week",
    4: "Every fourth week",
}


@dataclass(frozen=True)
class ProposalChoices:
    """What the proposal form offers: the team's people, modules, competencies, the notes the
    viewer may read and their communities."""

    people: dict[int, str]
    modules: dict[str, str]
    competencies: dict[str, str]
    notes: dict[int, str]
    communities: dict[int, str]


def propose_form(
    choices: ProposalChoices, *, viewer: PersonRef, today: date, key: str
) -> SessionDraft | None:
    """The proposal form (a refused save keeps what was typed); the draft once submitted."""
    with st.form(key):
        title = st.text_input("Title", key=f"{key}-title", placeholder="What HNSW really does")
        kind_col, where_col = st.columns(2)
        kind = kind_col.selectbox(
            "Kind", list(SharingKind), format_func=lambda k: k.label, key=f"{key}-kind"
        )
        where_ids = [None, *choices.communities]
        community_id = where_col.selectbox(
            "For",
            where_ids,
            format_func=lambda c: (
                "My team" if c is None else f"Community: {choices.communities[c]}"
            ),
            key=f"{key}-for",
        )
        presenters = st.multiselect(
            "Presenters",
            list(choices.people),
            default=[viewer.id] if viewer.id in choices.people else [],
            format_func=choices.people.get,
            key=f"{key}-presenters",
            help="For a community's session, presenters are the community's members.",
        )
        day_col, time_col, length_col = st.columns(3)
        # Tomorrow by default: a session is planned ahead, and today's 12:30 may have passed.
        on = day_col.date_input(
            "Date",
            value=today + timedelta(days=1),
            min_value=today,
            key=f"{key}-on",
            format="DD.MM.YYYY",
        )
        at = time_col.time_input(
            "Start (team's time)", value=time(12, 30), step=900, key=f"{key}-at"
        )
        minutes = length_col.number_input(
            "Length (minutes)", 15, 480, 60, step=15, key=f"{key}-minutes"
        )
        module_col, competency_col = st.columns(2)
        module_keys = [None, *choices.modules]
        module_key = module_col.selectbox(
            "Module",
            module_keys,
            format_func=lambda m: "No module" if m is None else choices.modules[m],
            key=f"{key}-module",
        )
        competency_keys = competency_col.multiselect(
            "Competencies",
            list(choices.competencies),
            format_func=choices.competencies.get,
            key=f"{key}-competencies",
        )
        note_col, link_col = st.columns(2)
        note_ids = [None, *choices.notes]
        note_id = note_col.selectbox(
            "Materials: a note",
            note_ids,
            format_func=lambda n: "No note" if n is None else choices.notes[n],
            key=f"{key}-note",
        )
        link = link_col.text_input("Materials: a link (https://…)", key=f"{key}-link")
        description = st.text_area("What it is about", key=f"{key}-description", height=90)
        repeat_col, until_col, count_col = st.columns(3)
        every = repeat_col.selectbox(
            "Repeats", list(REPEAT_CHOICES), format_func=REPEAT_CHOICES.get, key=f"{key}-repeat"
        )
        until = until_col.date_input(
            "Until (series)", value=None, min_value=today, key=f"{key}-until", format="DD.MM.YYYY"
        )
        count = count_col.number_input("Or this many sessions", 0, 52, 0, key=f"{key}-count")
        if not st.form_submit_button("Propose", type="primary"):
            return None
    return SessionDraft(
        title=title,
        kind=SharingKind(kind),
        on=on,
        at=at,
        minutes=int(minutes),
        presenter_ids=tuple(presenters),
        module_key=module_key,
        competency_keys=tuple(competency_keys),
        note_id=note_id,
        link=link,
        description=description,
        community_id=community_id,
        repeat=Repeat(every, until, int(count) or None) if every else None,
    )


def _facts(view: SessionView) -> None:
    where = f" · community {view.community_name}" if view.community_name else ""
    status = " · **cancelled**" if view.cancelled else ""
    # Written by people: the title shown as typed, the description with no image loaded.
    title = plain(view.title)
    st.markdown(f"**{title}** · {view.kind.label.lower()}{where}{status}  \n{view.when}")
    lines = [f"Presenting: {view.presenter_names}"]
    topic = [*([view.module_title] if view.module_title else []), *view.competency_names]
    if topic:
        lines.append("On: " + ", ".join(topic))
    if view.note_title:
        lines.append(f"Materials: note “{view.note_title}”")
    if view.link:
        lines.append(f"Materials: [{view.link}]({view.link})")
    st.markdown("  \n".join(lines))
    if view.description:
        st.caption(note_text.without_images(view.description))


def upcoming(
    view: SessionView,
    *,
    viewer: PersonRef,
    ics: bytes,
    series: bytes | None,
    organiser: bool,
    key: str,
) -> None:
    """A session still to come: who signed up, sign up or withdraw, calendar files; its
    organisers change or cancel it."""
    with st.container(border=True):
        _facts(view)
        names = [n for _, n in view.signed_up]
        st.caption(
            f"Signed up ({len(names)}): {', '.join(names)}" if names else "Nobody signed up yet."
        )
        if view.cancelled:
            return
        columns = st.columns(3)
        if view.is_presenter(viewer.id):
            columns[0].caption("You present this one.")
        elif view.is_signed_up(viewer.id):
            if columns[0].button("Withdraw", key=f"{key}-withdraw"):
                saving.save(
                    lambda s: withdraw(s, actor=viewer, session_id=view.id, now=resources.now()),
                    key=KEY,
                    message=f"You withdrew from “{view.title}”.",
                )
        elif columns[0].button("Sign up", key=f"{key}-sign-up", type="primary"):
            saving.save(
                lambda s: sign_up(s, actor=viewer, session_id=view.id, now=resources.now()),
                key=KEY,
                message=f"You are signed up for “{view.title}”, {view.when}.",
            )
        stem = view.title.lower().replace(" ", "-")[:40]
        columns[1].download_button(
            "Calendar (.ics)",
            ics,
            file_name=f"{stem}.ics",
            mime="text/calendar",
            key=f"{key}-ics",
            on_click="ignore",
        )
        if series is not None:
            columns[2].download_button(
                "Whole series (.ics)",
                series,
                file_name=f"{stem}-series.ics",
                mime="text/calendar",
                key=f"{key}-series-ics",
                on_click="ignore",
            )
        if organiser:
            _change(view, viewer=viewer, key=key)


def _change(view: SessionView, *, viewer: PersonRef, key: str) -> None:
    with st.expander("Change or cancel"):
        with st.form(f"{key}-change"):
            title = st.text_input("Title", value=view.title, key=f"{key}-change-title")
            at = st.time_input(
                "Start", value=view.starts_at.time(), step=900, key=f"{key}-change-at"
            )
            minutes = st.number_input(
                "Length (minutes)", 15, 480, view.minutes, step=15, key=f"{key}-change-minutes"
            )
            link = st.text_input("Link", value=view.link or "", key=f"{key}-change-link")
            rest = view.series_id is not None and st.checkbox(
                "Also every later session of the series", key=f"{key}-change-rest"
            )
            if st.form_submit_button("Save the change"):
                change = SessionChange(title=title, at=at, minutes=int(minutes), link=link)
                saving.save(
                    lambda s: edit_session(
                        s,
                        actor=viewer,
                        session_id=view.id,
                        change=change,
                        rest_of_series=rest,
                        now=resources.now(),
                    ),
                    key=KEY,
                    message=lambda changed: (
                        f"Saved: {changed[0].title}, {changed[0].when}"
                        + (f", and {len(changed) - 1} later sessions." if len(changed) > 1 else ".")
                    ),
                )
        rest_cancel = view.series_id is not None and st.checkbox(
            "Cancel every later session of the series too", key=f"{key}-cancel-rest"
        )
        if st.button("Cancel the session", key=f"{key}-cancel"):
            saving.save(
                lambda s: cancel_session(
                    s,
                    actor=viewer,
                    session_id=view.id,
                    rest_of_series=rest_cancel,
                    now=resources.now(),
                ),
                key=KEY,
                message=lambda cancelled: (
                    f"Cancelled “{view.title}”"
                    + (f" and {len(cancelled) - 1} later sessions." if len(cancelled) > 1 else ".")
                    + " Those signed up see it cancelled."
                ),
            )


def past(
    view: SessionView,
    *,
    viewer: PersonRef,
    organiser: bool,
    attendees: dict[int, str],
    to_confirm: list[PresenterView],
    key: str,
) -> None:
    """A session held (or cancelled): who came, the viewer's hour, attendance and confirming."""
    with st.container(border=True):
        _facts(view)
        if view.cancelled:
            return
        came = [n for _, n in view.attended]
        if view.attendance_recorded:
            st.caption(f"Came ({len(came)}): {', '.join(came)}" if came else "Nobody came.")
        else:
            st.caption("Who came is not recorded yet.")
        for p in view.presenters:
            if p.confirmed_level is not None:
                st.caption(
                    f"{p.name}'s presentation confirmed by {p.confirmed_by_name}: "
                    f"{LEVEL_NAMES[p.confirmed_level]} evidence."
                )
        there = view.was_there(viewer.id) or view.is_presenter(viewer.id)
        if there and view.module_title:
            if viewer.id in view.logged_by:
                st.caption("In your activity log.")
            elif st.button(
                f"Log {formats.hours(view.minutes / 60)} in my activity log",
                key=f"{key}-log",
                help=f"Against {view.module_title}, on the session's day.",
            ):
                saving.save(
                    lambda s: log_session_hour(
                        s, actor=viewer, session_id=view.id, now=resources.now()
                    ),
                    key=KEY,
                    message=f"Logged “{view.title}” against {view.module_title} in your "
                    "activity log.",
                )
        if organiser:
            _attendance(view, viewer=viewer, attendees=attendees, key=key)
        for presenter in to_confirm:
            _confirm(view, presenter, viewer=viewer, key=f"{key}-{presenter.person_id}")


def _attendance(
    view: SessionView, *, viewer: PersonRef, attendees: dict[int, str], key: str
) -> None:
    with st.form(f"{key}-attendance"):
        chosen = st.multiselect(
            "Who came",
            list(attendees),
            default=[
                pid
                for pid, _ in (view.attended if view.attendance_recorded else view.signed_up)
                if pid in attendees
            ],
            format_func=attendees.get,
            key=f"{key}-attendees",
        )
        if st.form_submit_button("Save who came"):
            saving.save(
                lambda s: record_attendance(
                    s, actor=viewer, session_id=view.id, attendee_ids=chosen, now=resources.now()
                ),
                key=KEY,
                message=f"Saved: {len(chosen)} came to “{view.title}”.",
            )


def _confirm(view: SessionView, presenter: PresenterView, *, viewer: PersonRef, key: str) -> None:
    level_col, button_col = st.columns([2, 3], vertical_alignment="bottom")
    level = level_col.selectbox(
        f"{presenter.name} showed the level",
        [1, 2, 3, 4],
        index=1,
        format_func=lambda n: f"{n} {LEVEL_NAMES[n]}",
        key=f"{key}-level",
    )
    if button_col.button(f"Confirm {presenter.name}'s presentation", key=f"{key}-confirm"):
        saving.save(
            lambda s: confirm_presentation(
                s,
                actor=viewer,
                session_id=view.id,
                presenter_id=presenter.person_id,
                level=level,
                now=resources.now(),
            ),
            key=KEY,
            message=lambda names: (
                f"Confirmed: {LEVEL_NAMES[level]} presentation evidence for "
                f"{presenter.name} in {', '.join(names)}; the matrix shows it."
            ),
        )


def next_session(viewer: PersonRef) -> None:
    """A Home's line "Your next sharing session: …" (one the viewer signed up for or
    presents), with a link to Sharing sessions; nothing when there is none."""
    coming = load(lambda s: upcoming_for(s, actor=viewer, now=resources.now(), signed_up_only=True))
    if coming:
        view = coming[0]
        role = "you present" if view.is_presenter(viewer.id) else "you signed up"
        st.markdown(
            f"Your next sharing session: **{view.title}** ({view.kind.label.lower()}, {role}), "
            f"{view.when}."
        )
        st.page_link(
            "pages/sessions_page.py", label="Sharing sessions", icon=":material/co_present:"
        )
