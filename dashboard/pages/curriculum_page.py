"""Curriculum: the learning path by level, the tracks, and each module in detail."""

import pandas as pd
import streamlit as st

from curriculum.catalog import learning_path, list_tracks, module_detail
from curriculum.feedback import improvement_items
from dashboard import resources
from dashboard.components import feedback_views
from dashboard.components.loading import load
from dashboard.components.plain_text import plain
from storage import formats

viewer = resources.viewer()
# Whoever keeps the curriculum (leads, admins) sees the improvement items still open.
keeps_curriculum = viewer.is_lead or viewer.is_admin
levels, tracks, improvements = load(
    lambda s: (
        learning_path(s),
        list_tracks(s),
        improvement_items(s, actor=viewer, team_id=viewer.team_id, open_only=True)
        if keeps_curriculum
        else [],
    )
)

st.title("Curriculum")
if not any(level.modules for level in levels):
    st.info("No curriculum is loaded. Put YAML files in `curriculum/content/` and restart the app.")
    st.stop()

total_hours = sum(level.hours for level in levels)
module_count = sum(len(level.modules) for level in levels)
st.caption(f"{len(levels)} levels · {module_count} modules · {formats.hours(total_hours)} of study")

if improvements:
    st.warning(
        f"{len(improvements)} open improvement item(s) from learners' feedback: change the "
        "module files, then mark them done on Curriculum feedback.",
        icon=":material/reviews:",
    )
    feedback_views.improvements_table(improvements, key="curriculum-improvements", empty="")

path_tab, tracks_tab, module_tab = st.tabs(["Learning path", "Tracks", "Module detail"])

with path_tab:
    for level in levels:
        st.subheader(f"Level {level.number}: {level.name}", divider="gray")
        st.caption(f"{level.description} · {formats.hours(level.hours)}")
        st.markdown(
            "\n".join(
                f"- **{m.title}** · {formats.hours(m.hours)} — {m.summary}" for m in level.modules
            )
        )

with tracks_tab:
    for track in tracks:
        with st.expander(f"{track.name} · {track.length_label} · {formats.hours(track.hours)}"):
            st.write(track.audience)
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            "Weeks": f"{i.start_week}"
                            if i.start_week == i.end_week
                            else f"{i.start_week}–{i.end_week}",
                            "Module": i.module_title,
                            "Hours": i.hours,
                        }
                        for i in track.modules
                    ]
                ),
                hide_index=True,
            )

with module_tab:
    titles = {m.key: f"{level.number}. {m.title}" for level in levels for m in level.modules}
    key = st.selectbox("Module", list(titles), format_func=titles.__getitem__, key="module-pick")
    detail = load(lambda s: module_detail(s, str(key)))
    st.header(detail.title)
    st.caption(
        f"Level {detail.level_number} · {detail.level_name} · {formats.hours(detail.hours)} · "
        f"builds {', '.join(detail.competencies)}"
    )
    st.write(detail.summary)
    for item in (i for i in improvements if i.module_key == detail.key):
        owner = f" · owner {item.owner_name}" if item.owner_name else ""
        st.warning(f"To improve: {plain(item.title)}{owner}", icon=":material/build:")
    left, right = st.columns(2)
    with left:
        st.markdown("**Objectives**")
        st.markdown("\n".join(f"- {o}" for o in detail.objectives))
        st.markdown("**Topics**")
        st.markdown("\n".join(f"- {t}" for t in detail.topics))
    with right:
        st.markdown("**Exercises**")
        for exercise in detail.exercises:
            st.markdown(f"*{exercise['title']}* — {exercise['description']}")
        st.markdown("**How it is assessed**")
        st.markdown("\n".join(f"- {c}" for c in detail.assessment_criteria))
    if detail.reading:
        with st.expander("Read the module text", expanded=False):
            st.markdown(detail.reading)
    st.caption(
        f"In tracks: {', '.join(detail.tracks) or 'none'} · {detail.quiz_questions} quiz "
        f"questions · {detail.cards} review cards"
    )
