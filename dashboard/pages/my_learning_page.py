"""My learning: the viewer's track, progress per module, activity log and hours."""

import streamlit as st

from curriculum.catalog import list_tracks
from curriculum.feedback import open_questions
from curriculum.progress import enroll, learner_overview, log_activity
from dashboard import resources
from dashboard.components import activity_form, feedback_question, progress_view, saving
from dashboard.components.loading import load
from storage import formats

viewer = resources.viewer()
today = resources.today(viewer)
st.title("My learning")

overview, tracks, questions = load(
    lambda s: (
        learner_overview(s, actor=viewer, person_id=viewer.id, today=today),
        list_tracks(s),
        open_questions(s, actor=viewer, today=today),
    )
)

if overview.enrollment is None:
    st.info(
        "You are not on a track yet. Pick the one that fits you below, or ask your lead or "
        "mentor which to take."
    )
    by_key = {track.key: track for track in tracks}
    with st.form("enroll"):
        track_key = st.radio(
            "Track",
            list(by_key),
            format_func=lambda k: (
                f"{by_key[k].name} ({by_key[k].length_label}) — {by_key[k].audience}"
            ),
            key="enroll-track",
        )
        started_on = st.date_input(
            "Start on", value=today, format=formats.DATE_INPUT_FORMAT, key="enroll-start"
        )
        if st.form_submit_button("Start this track", type="primary"):
            saving.save(
                lambda s: enroll(
                    s,
                    actor=viewer,
                    person_id=viewer.id,
                    track_key=str(track_key),
                    started_on=started_on,  # type: ignore[arg-type]
                    at=resources.now(),
                ),
                key="activity",
                message=lambda enrolled: (
                    f"You are on the {enrolled.track_name} from {formats.day(enrolled.started_on)}."
                ),
            )
    st.stop()

saving.flash(key="activity")
feedback_question.show(viewer, questions, key="learning-question")
progress_view.show(overview, key="mine")

st.subheader("Log an activity", divider="gray")
entry = activity_form.show(overview.modules, today=today, key="activity")
if entry is not None:
    saving.save(
        lambda s: log_activity(
            s,
            actor=viewer,
            person_id=viewer.id,
            module_key=entry.module_key,
            occurred_on=entry.occurred_on,
            hours=entry.hours,
            kind=entry.kind,
            stage=entry.stage,
            note=entry.note,
            percent=entry.percent,
            today=today,
            now=resources.now(),
        ),
        key="activity",
        message=lambda saved: (
            f"Logged {formats.hours(saved.hours)} on {saved.module_title}"
            f" for {formats.day(saved.occurred_on)}"
            f" ({saved.percent_after} % done)."
        ),
        reset=["activity"],
    )

if overview.recent_activity:
    st.subheader("Correct or delete an entry", divider="gray")
    activity_form.correct(
        overview.recent_activity, actor=viewer, today=today, flash="activity", key="correct"
    )
