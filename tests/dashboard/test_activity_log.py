"""My learning under AppTest: logging an activity, a refusal that keeps what was typed, and
correcting or deleting one's own entries."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session, col, select
from streamlit.testing.v1 import AppTest

from curriculum.progress import MAX_ACTIVITY_HOURS, MIN_ACTIVITY_HOURS
from storage import formats
from storage.engine import make_engine
from storage.models import ActivityLog, AuditEvent, Module, ModuleProgress
from tests.dashboard.apptest import app_as, person_id

PAGE = "pages/my_learning_page.py"
LEARNER = "Jonas Weber"  # no other page test writes his log


def _my_learning(data_dir: Path) -> AppTest:
    at = app_as(data_dir, LEARNER).switch_page(PAGE).run()
    assert not at.exception
    return at


def _log_form(widgets: object, label: str) -> object:
    """The widget of the "Log an activity" form with this label."""
    return next(w for w in widgets if w.key.startswith("activity-") and w.label == label)  # type: ignore[attr-defined]


def _correct_form(widgets: object, label: str) -> object:
    return next(w for w in widgets if w.key.startswith("correct-") and w.label == label)  # type: ignore[attr-defined]


def _button(at: AppTest, label: str) -> object:
    return next(b for b in at.button if b.label == label)


def _picked(at: AppTest) -> object:
    """The entry chosen in "Correct or delete an entry"."""
    return next(s for s in at.selectbox if s.key.startswith("correct-pick-")).value


def _entries(data_dir: Path) -> list[ActivityLog]:
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    with Session(engine) as session:
        rows = session.exec(
            select(ActivityLog)
            .where(ActivityLog.person_id == person_id(data_dir, LEARNER))
            .order_by(col(ActivityLog.id))
        ).all()
    engine.dispose()
    return list(rows)


def _percent(data_dir: Path, module_key: str) -> int:
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    with Session(engine) as session:
        percent = session.exec(
            select(ModuleProgress.percent)
            .join(Module, col(Module.id) == ModuleProgress.module_id)
            .where(
                ModuleProgress.person_id == person_id(data_dir, LEARNER), Module.key == module_key
            )
        ).one()
    engine.dispose()
    return percent


def test_a_future_date_is_refused_with_the_rule_and_the_form_keeps_what_was_typed(
    app_env: Path,
) -> None:
    at = _my_learning(app_env)
    before = len(_entries(app_env))
    tomorrow = date.today() + timedelta(days=1)
    _log_form(at.date_input, "Date").set_value(tomorrow)  # type: ignore[attr-defined]
    _log_form(at.number_input, "Hours").set_value(2.5)  # type: ignore[attr-defined]
    _log_form(at.text_area, "What did you do or learn?").input("Tuned nprobe.")  # type: ignore[attr-defined]
    _button(at, "Log activity").click().run()  # type: ignore[attr-defined]
    assert not at.exception
    assert [e.value for e in at.error] == [
        f"Activity not saved: the date cannot be in the future (you entered "
        f"{formats.day(tomorrow)}, today is {formats.day(date.today())})."
    ]
    assert len(_entries(app_env)) == before
    assert _log_form(at.date_input, "Date").value == tomorrow  # type: ignore[attr-defined]
    assert _log_form(at.number_input, "Hours").value == 2.5  # type: ignore[attr-defined]
    assert _log_form(at.text_area, "What did you do or learn?").value == "Tuned nprobe."  # type: ignore[attr-defined]


def test_hours_out_of_range_are_refused_with_the_rule(app_env: Path) -> None:
    at = _my_learning(app_env)
    before = len(_entries(app_env))
    _log_form(at.number_input, "Hours").set_value(20.0)  # type: ignore[attr-defined]
    _button(at, "Log activity").click().run()  # type: ignore[attr-defined]
    rule = f"hours must be {MIN_ACTIVITY_HOURS:g} to {MAX_ACTIVITY_HOURS:g} (you entered 20)"
    assert any(rule in e.value for e in at.error)
    assert len(_entries(app_env)) == before
    assert _log_form(at.number_input, "Hours").value == 20.0  # type: ignore[attr-defined]


def test_logging_an_activity_keeps_the_module_progress_just_saved(app_env: Path) -> None:
    at = _my_learning(app_env)
    module = str(at.selectbox(key="activity-module").value)
    start = _log_form(at.slider, "Module progress after this (%)").value  # type: ignore[attr-defined]
    target = 60 if start != 60 else 65
    _log_form(at.slider, "Module progress after this (%)").set_value(target)  # type: ignore[attr-defined]
    _button(at, "Log activity").click().run()  # type: ignore[attr-defined]
    assert any(f"({target} % done)" in s.value for s in at.success)
    # The form starts afresh from the saved progress; a second entry keeps it.
    assert _log_form(at.slider, "Module progress after this (%)").value == target  # type: ignore[attr-defined]
    assert _log_form(at.number_input, "Hours").value == 1.0  # type: ignore[attr-defined]
    _button(at, "Log activity").click().run()  # type: ignore[attr-defined]
    assert not at.error
    assert _percent(app_env, module) == target
    assert _entries(app_env)[-1].percent_after == target


def test_a_learner_corrects_the_entry_they_picked_and_sees_the_change(app_env: Path) -> None:
    at = _my_learning(app_env)
    for _ in range(2):  # two alike entries: the one picked is the one corrected
        _button(at, "Log activity").click().run()  # type: ignore[attr-defined]
    newest = max(_entries(app_env), key=lambda e: (e.occurred_on, e.id or 0))
    assert _picked(at) == newest.id
    _correct_form(at.number_input, "Hours").set_value(0.75)  # type: ignore[attr-defined]
    _correct_form(at.text_area, "What did you do or learn?").input("Read the FAISS wiki.")  # type: ignore[attr-defined]
    _button(at, "Save changes").click().run()  # type: ignore[attr-defined]
    assert not at.exception and not at.error
    assert any("Saved the entry" in s.value and "0.75 h" in s.value for s in at.success)
    corrected = next(e for e in _entries(app_env) if e.id == newest.id)
    assert (corrected.hours, corrected.note) == (0.75, "Read the FAISS wiki.")
    recent = at.dataframe[1].value
    assert "Read the FAISS wiki." in set(recent["Note"])
    # The form now starts from what is saved.
    assert _correct_form(at.number_input, "Hours").value == 0.75  # type: ignore[attr-defined]


def test_a_correction_with_a_future_date_is_refused_and_keeps_what_was_typed(
    app_env: Path,
) -> None:
    at = _my_learning(app_env)
    newest = max(_entries(app_env), key=lambda e: (e.occurred_on, e.id or 0))
    tomorrow = date.today() + timedelta(days=1)
    _correct_form(at.date_input, "Date").set_value(tomorrow)  # type: ignore[attr-defined]
    _button(at, "Save changes").click().run()  # type: ignore[attr-defined]
    assert any("the date cannot be in the future" in e.value for e in at.error)
    assert _correct_form(at.date_input, "Date").value == tomorrow  # type: ignore[attr-defined]
    unchanged = next(e for e in _entries(app_env) if e.id == newest.id)
    assert unchanged.occurred_on == newest.occurred_on


def test_deleting_an_entry_asks_for_a_confirmation_and_says_the_progress_stays(
    app_env: Path,
) -> None:
    at = _my_learning(app_env)
    newest = max(_entries(app_env), key=lambda e: (e.occurred_on, e.id or 0))
    assert _button(at, "Delete this entry").disabled  # type: ignore[attr-defined]
    sure = f"Yes, delete the entry of {formats.day(newest.occurred_on)}"
    _correct_form(at.checkbox, sure).check()  # type: ignore[attr-defined]
    at.run()
    assert not _button(at, "Delete this entry").disabled  # type: ignore[attr-defined]
    _button(at, "Delete this entry").click().run()  # type: ignore[attr-defined]
    assert not at.exception and not at.error
    [said] = [s.value for s in at.success]
    assert said.startswith(f"Deleted the entry of {formats.day(newest.occurred_on)}")
    assert "stays at" in said
    assert newest.id not in {e.id for e in _entries(app_env)}
    engine = make_engine(f"sqlite:///{app_env / 'proficio.db'}")
    with Session(engine) as session:
        event = session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "activity_deleted", AuditEvent.entity_id == newest.id
            )
        ).one()
    engine.dispose()
    assert event.detail["hours"] == f"{newest.hours:g}"
