"""Proficio: builds the navigation for the person using the app and runs the chosen page."""

import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts only dashboard/ on the path; the packages live beside it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st

from dashboard import resources
from dashboard.components import viewer_picker
from storage.models import PersonRole
from storage.people import list_people

PAGES_DIR = Path(__file__).parent / "pages"

st.set_page_config(page_title="Proficio", page_icon=":material/school:", layout="wide")

report = resources.startup()
resources.search_builder()  # first start: the search index builds in the background
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

learning = [my_learning, assessments, curriculum]
knowledge = [knowledge_search, notes]
if viewer is not None and viewer.role == PersonRole.LEAD:
    pages = {
        "Team": [matrix, people_page],
        "Learning": learning,
        "Knowledge": knowledge,
        "Admin": [framework, search_index],
    }
elif viewer is not None and viewer.role == PersonRole.MENTOR:
    pages = {"Team": [matrix, people_page], "Learning": learning, "Knowledge": knowledge}
else:
    pages = {"Learning": learning, "Knowledge": knowledge}

st.navigation(pages).run()
