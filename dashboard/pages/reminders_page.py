"""Reminders (everyone): which reminder e-mails I get, and what today's would say."""

import streamlit as st

from dashboard import resources
from dashboard.components.loading import load
from dashboard.components.saving import flash, save
from insights.digest import digest_of, kinds_for
from storage.enums import ReminderKind
from storage.roster import REMINDER_LABELS, set_reminders_off
from storage.settings import get_settings

viewer = resources.viewer()
now = resources.now()
st.title("Reminders")
server = get_settings().smtp_url
if server:
    st.caption(
        "Proficio e-mails you a short digest each morning when there is something for you, "
        "and leads a weekly one about their team; choose what it holds."
    )
else:
    st.info(
        "No mail server is set up (`PROFICIO_SMTP_URL`), so Proficio sends no e-mail yet. "
        "Your choices are kept for when it does; below is what your digest would say.",
        icon=":material/mail_off:",
    )
flash(key="reminders")
digest = load(lambda s: digest_of(s, person_id=viewer.id, now=now))
kinds = kinds_for(viewer)
with st.form("reminders-form"):
    st.markdown("**Send me**")
    chosen = {
        kind: st.checkbox(
            REMINDER_LABELS[kind], value=kind not in digest.turned_off, key=f"reminder-{kind}"
        )
        for kind in kinds
    }
    submitted = st.form_submit_button("Save my reminders", type="primary")
if submitted:
    off = {kind for kind, on in chosen.items() if not on}

    def _message(saved: frozenset[ReminderKind]) -> str:
        if not saved:
            return "Saved: you get every reminder."
        return (
            "Saved: no e-mail about "
            + ", ".join(REMINDER_LABELS[k].lower() for k in kinds if k in saved)
            + "."
        )

    save(
        lambda s: set_reminders_off(s, actor=viewer, person_id=viewer.id, off=off, at=now),
        key="reminders",
        message=_message,
    )

st.subheader("Today's digest", divider="gray")
if digest.empty:
    st.write("Nothing for you today: no e-mail would be sent.")
else:
    st.caption(f"Subject: {digest.subject}")
    st.text(digest.text())
if viewer.is_lead:
    weekly = load(lambda s: digest_of(s, person_id=viewer.id, now=now, weekly=True))
    st.subheader("This week's team digest", divider="gray")
    if weekly.empty:
        st.write("No alerts for your team this week: no e-mail would be sent.")
    else:
        st.caption(f"Subject: {weekly.subject}")
        st.text(weekly.text())
