"""Proficio: builds the navigation for the person using the app and runs the chosen page."""

import sys
from functools import partial
from pathlib import Path

# `streamlit run dashboard/app.py` puts only dashboard/ on the path; the packages live beside it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st

from dashboard import resources
from dashboard.components import first_start, sign_in, viewer_picker
from dashboard.components.loading import load
from storage.enums import PersonRole
from storage.people import (
    PersonRef,
    admin_emails,
    find_person_by_email,
    has_any_team,
    list_people,
    normalise_email,
)
from storage.roster import list_teams

PAGES_DIR = Path(__file__).parent / "pages"

# The icon is a file of ours: a ":material/…" page icon is fetched from Google's servers.
st.set_page_config(
    page_title="Proficio",
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
    layout="wide",
)


def _person_with_email(email: str) -> PersonRef | None:
    return load(lambda s: find_person_by_email(s, email))


def _is_set_up() -> bool:
    return load(has_any_team)


# The first run of a process shows a spinner while the database is prepared. It is drawn in
# a placeholder every run has, so what follows sits at the same place in every run (a widget
# without a key is known by its place).
with st.empty():
    report = resources.startup()
if sign_in.configured():
    if not _is_set_up():
        email = normalise_email(sign_in.signed_in_email())
        if email and email in admin_emails():
            sign_in.show_alone(
                partial(first_start.show, signed_in_email=email),
                title="Set up Proficio",
                url_path="setup",
            )
        sign_in.show_alone(
            partial(first_start.not_set_up_yet, email or "an account without a verified email"),
            title="Not set up yet",
            url_path="not-set-up",
        )
    viewer = sign_in.signed_in_person(_person_with_email)
    st.session_state[resources.VIEWER_KEY] = viewer.id  # no widget has this key when signed in
else:
    sign_in.refuse_unless_on_this_machine()
    if not _is_set_up():
        sign_in.show_alone(
            partial(first_start.show, signed_in_email=None),
            title="Set up Proficio",
            url_path="setup",
        )
    people, teams = load(lambda s: (list_people(s), {t.id: t.name for t in list_teams(s)}))
    viewer = viewer_picker.show(
        people, key=resources.VIEWER_KEY, team_names=teams if len(teams) > 1 else None
    )
with st.empty():  # likewise for "Opening the search index…"
    resources.search_builder()  # the search index builds in the background on first start
first_start.flash()
if report.curriculum_problems is not None:
    st.warning(
        "The curriculum files were changed and have problems; the app keeps the last good "
        "version until they are fixed.\n\n" + str(report.curriculum_problems)
    )
if report.curriculum_warnings and viewer is not None and (viewer.is_lead or viewer.is_admin):
    # For the people who keep the curriculum; a learner would learn from it how to guess.
    st.warning(
        "The curriculum loaded, but its authors should look at this:\n\n"
        + "\n".join(f"- {w}" for w in report.curriculum_warnings),
        icon=":material/rule:",
    )

my_learning = st.Page(
    PAGES_DIR / "my_learning_page.py", title="My learning", icon=":material/trending_up:"
)
curriculum = st.Page(
    PAGES_DIR / "curriculum_page.py", title="Curriculum", icon=":material/menu_book:"
)
people_page = st.Page(PAGES_DIR / "people_page.py", title="People", icon=":material/groups:")
matrix = st.Page(
    PAGES_DIR / "matrix_page.py", title="Competency matrix", icon=":material/grid_view:"
)
assessments = st.Page(
    PAGES_DIR / "assessments_page.py", title="Assessments", icon=":material/fact_check:"
)
practical = st.Page(
    PAGES_DIR / "practical_page.py", title="Practical work", icon=":material/assignment:"
)
reviews = st.Page(PAGES_DIR / "reviews_page.py", title="Reviews", icon=":material/style:")
my_cards = st.Page(PAGES_DIR / "cards_page.py", title="My cards", icon=":material/view_list:")
review_settings = st.Page(
    PAGES_DIR / "review_settings_page.py", title="Review settings", icon=":material/event_repeat:"
)
audit = st.Page(PAGES_DIR / "audit_page.py", title="Audit log", icon=":material/history:")
framework = st.Page(
    PAGES_DIR / "framework_page.py", title="Competency framework", icon=":material/tune:"
)
knowledge_search = st.Page(
    PAGES_DIR / "search_page.py", title="Knowledge search", icon=":material/search:"
)
notes = st.Page(PAGES_DIR / "notes_page.py", title="Notes", icon=":material/edit_note:")
sharing = st.Page(
    PAGES_DIR / "sessions_page.py", title="Sharing sessions", icon=":material/co_present:"
)
communities = st.Page(PAGES_DIR / "communities_page.py", title="Communities", icon=":material/hub:")
search_index = st.Page(
    PAGES_DIR / "search_admin_page.py", title="Search index", icon=":material/database:"
)

mentees = st.Page(PAGES_DIR / "mentees_page.py", title="Mentees", icon=":material/diversity_3:")
plan = st.Page(PAGES_DIR / "plan_page.py", title="Mentoring plan", icon=":material/event_note:")
one_on_one = st.Page(PAGES_DIR / "session_page.py", title="1:1 session", icon=":material/forum:")
capstones = st.Page(PAGES_DIR / "capstones_page.py", title="Capstones", icon=":material/flag:")
guidance = st.Page(PAGES_DIR / "guidance_page.py", title="Guidance", icon=":material/support:")
pairing = st.Page(
    PAGES_DIR / "pairing_page.py", title="Pairing and workload", icon=":material/handshake:"
)
development = st.Page(
    PAGES_DIR / "development_page.py", title="Development plan", icon=":material/flag_circle:"
)
my_mentoring = st.Page(
    PAGES_DIR / "my_mentoring_page.py", title="My mentoring", icon=":material/record_voice_over:"
)

home_icon = ":material/home:"
lead_home = st.Page(PAGES_DIR / "lead_home_page.py", title="Home", icon=home_icon, default=True)
mentor_home = st.Page(PAGES_DIR / "mentor_home_page.py", title="Home", icon=home_icon, default=True)
learner_home = st.Page(
    PAGES_DIR / "learner_home_page.py", title="Home", icon=home_icon, default=True
)
impact = st.Page(PAGES_DIR / "impact_page.py", title="Training impact", icon=":material/insights:")
curriculum_feedback = st.Page(
    PAGES_DIR / "feedback_page.py", title="Curriculum feedback", icon=":material/reviews:"
)
members = st.Page(
    PAGES_DIR / "members_page.py", title="Team members", icon=":material/manage_accounts:"
)
organisation = st.Page(
    PAGES_DIR / "organisation_page.py", title="Organisation", icon=":material/corporate_fare:"
)
reminders = st.Page(
    PAGES_DIR / "reminders_page.py", title="Reminders", icon=":material/notifications:"
)

learning = [my_learning, reviews, my_cards, assessments, practical, curriculum]
mentoring = [mentees, development, plan, one_on_one, capstones, guidance]
knowledge = [knowledge_search, notes, sharing, communities]
if viewer is not None and viewer.role is PersonRole.LEAD:
    pages = {
        "": [lead_home, reminders],
        "Team": [matrix, people_page, impact, curriculum_feedback],
        "Mentoring": [*mentoring, pairing],
        "Learning": learning,
        "Knowledge": knowledge,
        "Admin": [members, framework, review_settings, search_index, audit],
    }
elif viewer is not None and viewer.role is PersonRole.MENTOR:
    pages = {
        "": [mentor_home, reminders],
        "Team": [matrix, people_page],
        "Mentoring": mentoring,
        "Learning": learning,
        "Knowledge": knowledge,
    }
else:
    pages = {
        "": [learner_home, reminders],
        "Learning": [*learning, my_mentoring, development],
        "Knowledge": knowledge,
    }

if viewer is not None and viewer.is_admin:
    # An organisation admin manages every team's people, whatever their role in their own.
    admin_pages = [organisation] if viewer.is_lead else [organisation, members, audit]
    pages = {"": pages.pop("")} | {"Organisation": admin_pages} | pages

# Every page listed: a lead has more than the 12 after which Streamlit folds the menu.
st.navigation(pages, expanded=True).run()
