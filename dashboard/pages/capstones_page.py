"""Capstones (mentors, leads): projects at the mentee's level ranked by the gaps they close."""

from datetime import timedelta

import streamlit as st

from assessments.framework import list_competencies
from dashboard import resources
from dashboard.components import mentee_picker, mentoring_views, saving
from dashboard.components.loading import load
from mentoring.capstone_tracking import capstones_of, recommend, start_capstone
from mentoring.capstones import CapstoneProject
from mentoring.course_material import capstone_catalog
from mentoring.pairing import mentees_overview
from storage import formats

viewer = resources.viewer()
today = resources.today(viewer)
st.title("Capstones")
rows, competency_names, catalog = load(
    lambda s: (
        mentees_overview(s, actor=viewer, today=today),
        {c.key: c.name for c in list_competencies(s, viewer.team_id)},
        capstone_catalog(s),
    )
)


def _project(p: CapstoneProject) -> None:
    st.markdown(f"{p.summary}  \n**{p.weeks} weeks** · {', '.join(p.technologies)}")
    st.markdown("\n".join(f"{n}. {c}" for n, c in enumerate(p.checkpoints, start=1)))
    st.caption("Works on: " + ", ".join(competency_names.get(k, k) for k in p.competencies))


if rows:
    by_id = {r.mentee_id: r.name for r in rows}
    with st.columns([2, 3])[0]:
        mentee_id = mentee_picker.show(by_id, key="capstones-mentee") or next(iter(by_id))
    saving.flash(key="capstones")
    theirs, advice = load(
        lambda s: (
            capstones_of(s, actor=viewer, mentee_id=mentee_id),
            recommend(s, actor=viewer, mentee_id=mentee_id),
        )
    )
    running = next((c for c in theirs if c.completed_on is None), None)
    for capstone in theirs:
        mentoring_views.capstone_progress(capstone, key=f"capstones-{capstone.id}")
    if not theirs:
        st.info(f"{by_id[mentee_id]} has no capstone yet.")
    st.subheader(f"Recommended for {by_id[mentee_id]}", divider="gray")
    st.caption(
        f"{advice.level.value.capitalize()} projects ({advice.based_on}), the ones that work on "
        "more of their gaps against the role target first."
    )
    for rank, fit in enumerate(advice.fits, start=1):
        closes = (
            ", ".join(f"{competency_names.get(k, k)} ({g})" for k, g in fit.gaps)
            if fit.gaps
            else "none of their open gaps"
        )
        with st.container(border=True):
            st.markdown(
                f"**{rank}. {fit.project.title}** · closes {fit.closes} "
                f"level{'' if fit.closes == 1 else 's'} of gap: {closes}"
            )
            _project(fit.project)
            if running is None and st.button(
                f"Start {fit.project.title}", key=f"capstones-start-{fit.project.key}"
            ):
                ends = today + timedelta(weeks=fit.project.weeks)
                saving.save(
                    lambda s, key=fit.project.key: start_capstone(
                        s,
                        actor=viewer,
                        mentee_id=mentee_id,
                        project_key=key,
                        started_on=today,
                        now=resources.now(),
                    ),
                    key="capstones",
                    message=f"Started {fit.project.title}; it runs until {formats.day(ends)}.",
                )
    if running is not None:
        st.caption(f"Starting another waits until '{running.title}' is finished.")
else:
    st.info("No mentees yet; the whole catalog is below.")

st.subheader("The catalog", divider="gray")
if not catalog:
    st.info("This course has no capstone projects (capstones.yaml in its curriculum folder).")
for project in catalog:
    with st.expander(f"{project.title} · {project.level.value} · {project.weeks} weeks"):
        _project(project)
