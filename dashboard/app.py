"""Proficio: builds the navigation for the person using the app and runs the chosen page."""

import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts only dashboard/ on the path; the packages live beside it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st

from dashboard import resources
from dashboard.components import sign_in, viewer_picker
from storage.models import PersonRole
from storage.people import PersonRef, find_person_by_email, list_people

PAGES_DIR = Path(__file__).parent / "pages"

st.set_page_config(page_title="Proficio", page_icon=":material/school:", layout="wide")


def _person_with_email(email: str) -> PersonRef | None:
    with resources.session() as session:
        return find_person_by_email(session, email)


report = resources.startup()
resources.search_builder()  # first start: the search index builds in the background
if sign_in.configured():
    viewer = sign_in.signed_in_person(_person_with_email)
    st.session_state[resources.VIEWER_KEY] = viewer.id  # no widget has this key when signed in
else:
    sign_in.refuse_remote_in_demo_mode()
    with resources.session() as session:
        people = list_people(session)
    viewer = viewer_picker.show(people, key=resources.VIEWER_KEY)
if report.curriculum_problems is not None:
    st.warning(
        "The curriculum files were changed and have problems; the app keeps the last good "
        "version until they are fixed.\n\n" + str(report.curriculum_problems)
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
reviews = st.Page(PAGES_DIR / "reviews_page.py", title="Reviews", icon=":material/style:")
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

learning = [my_learning, reviews, assessments, curriculum]
mentoring = [mentees, plan, one_on_one, capstones, guidance]
knowledge = [knowledge_search, notes]
if viewer is not None and viewer.role == PersonRole.LEAD:
    pages = {
        "": [lead_home],
        "Team": [matrix, people_page, impact],
        "Mentoring": [*mentoring, pairing],
        "Learning": learning,
        "Knowledge": knowledge,
        "Admin": [framework, review_settings, search_index, audit],
    }
elif viewer is not None and viewer.role == PersonRole.MENTOR:
    pages = {
        "": [mentor_home],
        "Team": [matrix, people_page],
        "Mentoring": mentoring,
        "Learning": learning,
        "Knowledge": knowledge,
    }
else:
    pages = {"": [learner_home], "Learning": [*learning, my_mentoring], "Knowledge": knowledge}

# Every page listed: a lead has 18, past the 12 after which Streamlit folds the menu.
st.navigation(pages, expanded=True).run()
