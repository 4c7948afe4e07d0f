"""Every page under AppTest over the seeded demo, asserting on what a person sees."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from curriculum.progress import learner_overview, log_activity
from storage.engine import make_engine
from storage.enums import ActivityKind, LearningStage, PersonRole
from storage.models import ActivityLog, Person, Team, utc_now
from storage.settings import get_settings
from tests.dashboard.apptest import APP, TIMEOUT_S, app_as, person_id, texts
from tests.factories import make_person, make_ref


def _people_page_as(data_dir: Path, name: str) -> AppTest:
    at = app_as(data_dir, name)
    return at.switch_page("pages/people_page.py").run()


def test_every_role_lands_on_home(app_env: Path) -> None:
    for name in ("Priya Raman", "Grace Okafor", "Aisha Khan"):
        at = app_as(app_env, name)
        assert not at.exception
        assert at.title[0].value == "Home"


def test_people_page_lists_every_team_member(app_env: Path) -> None:
    at = _people_page_as(app_env, "Priya Raman")
    assert not at.exception
    assert at.title[0].value == "People"
    table = at.dataframe[0].value
    assert len(table) == 12
    assert {"Aisha Khan", "Ben Carter", "Tomás Alvarez"} <= set(table["Name"])
    aisha = table[table["Name"] == "Aisha Khan"].iloc[0]
    assert aisha["Track"] == "Foundation track"
    assert aisha["Mentor"] == "Grace Okafor"
    # The demo has learners falling behind, and the page says who.
    assert any("Behind their track's schedule" in w.value for w in at.warning)
    assert "Ben Carter" in " ".join(w.value for w in at.warning)


def test_people_page_filters_by_pace_and_opens_one_person(app_env: Path) -> None:
    at = _people_page_as(app_env, "Priya Raman")
    at.multiselect(key="people-pace").set_value(["behind"]).run()
    shown = at.dataframe[0].value
    assert len(shown) >= 1
    assert set(shown["Pace"]) == {"behind"}
    ben = person_id(app_env, "Ben Carter")
    at.selectbox(key="people-detail").set_value(ben).run()
    assert not at.exception
    assert "Foundation track" in texts(at)
    assert any(m.label == "Hours logged" for m in at.metric)


def test_mentor_can_narrow_people_to_their_mentees(app_env: Path) -> None:
    at = _people_page_as(app_env, "Grace Okafor")
    # A mentor sees herself and her mentees, never the rest of the team's progress.
    everyone = set(at.dataframe[0].value["Name"])
    assert everyone == {"Grace Okafor", "Aisha Khan", "Sofia Rossi", "Jonas Weber"}
    assert "you and your mentees" in at.caption[0].value
    assert "Ben Carter" not in " ".join(w.value for w in at.warning)
    at.toggle(key="people-mine").set_value(True).run()
    names = set(at.dataframe[0].value["Name"])
    assert names == {"Aisha Khan", "Sofia Rossi", "Jonas Weber"}


def _grace_with_a_namesake(
    app_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, role: PersonRole
) -> tuple[Path, int]:
    """A copy of the demo where another "Grace Okafor" (of `role`) mentors Grace; the copy's
    folder and the demo Grace's id."""
    data_dir = tmp_path / "data"
    shutil.copytree(app_env, data_dir)
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(data_dir))
    get_settings.cache_clear()
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    with Session(engine) as session:
        grace = session.exec(select(Person).where(Person.name == "Grace Okafor")).one()
        team = session.get(Team, grace.team_id)
        assert team is not None and grace.id is not None
        grace.mentor_id = make_person(session=session, team=team, name=grace.name, role=role).id
        session.add(grace)
        session.commit()
        grace_id = grace.id
    engine.dispose()
    return data_dir, grace_id


def _people_page_as_id(person: int) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.session_state["viewer_id"] = person
    return at.run().switch_page("pages/people_page.py").run()


def test_only_my_mentees_leaves_out_the_mentor_herself_when_her_own_mentor_shares_her_name(
    app_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A lead namesake: the sidebar's picker tells the two apart by role.
    _, grace = _grace_with_a_namesake(app_env, tmp_path, monkeypatch, PersonRole.LEAD)
    at = _people_page_as_id(grace)
    at.toggle(key="people-mine").set_value(True).run()
    assert not at.exception
    # Her mentees only: she is mentored by another Grace Okafor, yet is nobody's mentee of hers.
    names = set(at.dataframe[0].value["Name"])
    assert names == {"Aisha Khan", "Sofia Rossi", "Jonas Weber"}


def test_viewing_as_one_of_two_mentors_with_the_same_name_opens_her_own_pages(
    app_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, grace = _grace_with_a_namesake(app_env, tmp_path, monkeypatch, PersonRole.MENTOR)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.session_state["viewer_id"] = grace
    at.run()
    labels = [o for o in at.selectbox(key="viewer_id-picker").options if "Grace Okafor" in o]
    assert len(labels) == len(set(labels)) == 2  # told apart by their email
    at.switch_page("pages/people_page.py").run()
    assert not at.exception
    assert at.session_state["viewer_id"] == grace
    assert set(at.dataframe[0].value["Name"]) == {
        "Grace Okafor",
        "Aisha Khan",
        "Sofia Rossi",
        "Jonas Weber",
    }


def test_a_learner_cannot_read_another_learners_assessments_or_quizzes(app_env: Path) -> None:
    at = app_as(app_env, "Aisha Khan")
    # Even with the History picker's state forced to Ben, the page shows Aisha's own.
    at.session_state["history-person"] = person_id(app_env, "Ben Carter")
    at = at.switch_page("pages/assessments_page.py").run()
    assert not at.exception
    assert not [s for s in at.selectbox if s.key == "history-person"]
    headings = [h.value for h in at.subheader]
    assert "Assessments of Aisha Khan" in headings
    assert not any("Ben Carter" in h for h in headings)


def test_a_learner_running_the_people_page_sees_only_themself(app_env: Path) -> None:
    # The navigation does not offer a learner the People page; were the page run anyway, the
    # service behind it still hands over only the learner's own row.
    at = AppTest.from_file(
        str(Path(APP).parent / "pages" / "people_page.py"), default_timeout=TIMEOUT_S
    )
    at.session_state["viewer_id"] = person_id(app_env, "Aisha Khan")
    at.run()
    assert not at.exception
    assert list(at.dataframe[0].value["Name"]) == ["Aisha Khan"]
    assert "a team lead sees everyone" in at.caption[0].value
    at.selectbox(key="people-detail").set_value(person_id(app_env, "Aisha Khan")).run()
    assert not at.exception and not at.error
    assert set(at.selectbox(key="people-detail").options) == {"Aisha Khan"}


def test_learner_sees_track_progress_and_pace(app_env: Path) -> None:
    at = app_as(app_env, "Aisha Khan").switch_page("pages/my_learning_page.py").run()
    assert not at.exception
    assert at.title[0].value == "My learning"
    text = texts(at)
    assert "Foundation track" in text
    labels = {m.label for m in at.metric}
    assert {"Progress", "Expected by today", "Hours logged"} <= labels
    assert "Next module" in text
    modules = at.dataframe[0].value
    assert len(modules) == 7
    assert list(modules["Level"])[:3] == [1, 1, 1]
    # Nav for a learner has no People page.
    assert "People" not in text


def test_learner_logs_an_activity_and_sees_it(app_env: Path) -> None:
    at = app_as(app_env, "Sofia Rossi").switch_page("pages/my_learning_page.py").run()
    before = next(m for m in at.metric if m.label == "Hours logged").value
    # The log form's keys change with each save (it starts afresh): found by their labels.
    next(w for w in at.number_input if w.key.startswith("activity-")).set_value(1.5)
    note = next(w for w in at.text_area if w.key.startswith("activity-"))
    note.input("Compared IndexFlatIP with HNSW32 on our tickets.")
    submit = next(b for b in at.button if b.label == "Log activity")
    submit.click().run()
    assert not at.exception
    assert any("Logged 1.5 h" in s.value for s in at.success)
    after = next(m for m in at.metric if m.label == "Hours logged").value
    # Hours are shown as they were logged (quarters), so the total moves by exactly 1.5.
    assert float(after.split()[0]) == pytest.approx(float(before.split()[0]) + 1.5)
    recent = at.dataframe[1].value
    assert "Compared IndexFlatIP with HNSW32 on our tickets." in set(recent["Note"])


def test_my_learning_hours_total_is_the_sum_of_the_module_hours_shown(
    app_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A copy of the demo, so the entries below change no other test's figures.
    data_dir = tmp_path / "data"
    shutil.copytree(app_env, data_dir)
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(data_dir))
    get_settings.cache_clear()
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    with Session(engine) as session:
        aisha = session.exec(select(Person).where(Person.name == "Aisha Khan")).one()
        for log in session.exec(select(ActivityLog).where(ActivityLog.person_id == aisha.id)):
            session.delete(log)
        modules = learner_overview(
            session,
            actor=make_ref(session=session, person=aisha),
            person_id=aisha.id or 0,
            today=date.today(),
        ).modules
        # 5.5 + 6.25 + 6 used to be shown as 5.5, 6.2 and 6 beside a total of 17.8.
        for module, hours in zip(modules, (5.5, 6.25, 6.0), strict=False):
            log_activity(
                session,
                actor=make_ref(session=session, person=aisha),
                person_id=aisha.id or 0,
                module_key=module.key,
                occurred_on=date.today(),
                hours=hours,
                kind=ActivityKind.READING,
                stage=LearningStage.ABSTRACT_CONCEPTUALISATION,
                today=date.today(),
                now=utc_now(),
            )
        session.commit()
    engine.dispose()

    at = app_as(data_dir, "Aisha Khan").switch_page("pages/my_learning_page.py").run()
    assert not at.exception
    shown = [cell.split(" of ")[0] for cell in at.dataframe[0].value["Hours"]]
    assert shown[:3] == ["5.5 h", "6.25 h", "6 h"]
    total = next(m for m in at.metric if m.label == "Hours logged").value
    assert total == "17.75 h"
    assert sum(float(h.removesuffix(" h")) for h in shown) == float(total.removesuffix(" h"))


def test_lead_without_a_track_is_offered_one(app_env: Path) -> None:
    at = app_as(app_env, "Priya Raman")
    at.switch_page("pages/my_learning_page.py").run()
    assert not at.exception
    assert any("not on a track yet" in i.value for i in at.info)
    assert at.radio(key="enroll-track").options  # the four tracks to choose from
    assert len(at.radio(key="enroll-track").options) == 4


def test_curriculum_page_shows_levels_tracks_and_module_detail(app_env: Path) -> None:
    at = app_as(app_env, "Aisha Khan")
    at.switch_page("pages/curriculum_page.py").run()
    assert not at.exception
    assert at.title[0].value == "Curriculum"
    subheaders = [s.value for s in at.subheader]
    assert subheaders[:4] == [
        "Level 1: Foundation",
        "Level 2: Technical Implementation",
        "Level 3: Advanced Applications",
        "Level 4: Leadership & Mentoring",
    ]
    expanders = [e.label for e in at.expander]
    assert any(label.startswith("Fast track · 4 weeks") for label in expanders)
    assert any("Leadership track · 4 weeks + 8 weeks mentoring" in label for label in expanders)
    at.selectbox(key="module-pick").set_value("index-families").run()
    assert at.header[0].value.startswith("Index families")
    text = texts(at)
    assert "Objectives" in text and "Exercises" in text and "How it is assessed" in text
    assert "nprobe" in text


@pytest.mark.parametrize("name", ["Priya Raman", "Tomás Alvarez", "Mei Chen"])
def test_every_page_renders_for_each_role(app_env: Path, name: str) -> None:
    at = app_as(app_env, name)
    pages = [
        "pages/my_learning_page.py",
        "pages/curriculum_page.py",
        "pages/assessments_page.py",
    ]
    if name != "Mei Chen":  # leads and mentors also have the team pages
        pages += ["pages/people_page.py", "pages/matrix_page.py"]
    if name == "Priya Raman":
        pages += ["pages/framework_page.py", "pages/feedback_page.py"]
    for page in pages:
        at.switch_page(page).run()
        assert not at.exception, (name, page, at.exception)
        assert not at.error, (name, page, [e.value for e in at.error])


def test_a_data_folder_proficio_cannot_write_in_is_named_on_the_first_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A path under a regular file: no user can write there, root included (chmod binds no root).
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(blocker / "data"))
    monkeypatch.delenv("PROFICIO_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT_S).run()
    finally:
        get_settings.cache_clear()
    assert not at.exception
    [error] = [e.value for e in at.error]
    assert error.startswith(f"Proficio cannot write in its data folder {blocker / 'data'} (")
    assert "set PROFICIO_DATA_DIR to a folder that is" in error
