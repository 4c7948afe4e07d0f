"""My cards under AppTest over the seeded demo: browsing, filtering, suspending, editing,
importing, and a mentor looking at a mentee's cards."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlmodel import Session, select
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from storage.engine import make_engine
from storage.models import Person
from storage.settings import get_settings
from tests.dashboard.apptest import app_as

CARDS = "pages/cards_page.py"
KEY = "my-cards"


@pytest.fixture
def own_demo(
    demo_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A private copy of the seeded demo, for tests that change cards."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    for file in demo_data_dir.glob("proficio.db*"):
        shutil.copy(file, data_dir / file.name)
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(data_dir))
    monkeypatch.delenv("PROFICIO_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield data_dir
    get_settings.cache_clear()


def _cards_as(data_dir: Path, name: str) -> AppTest:
    at = app_as(data_dir, name).switch_page(CARDS).run()
    assert not at.exception
    return at


def _table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "Front" in d.value.columns)


def _form(at: AppTest, name: str) -> str:
    generation = f"{name}-generation"
    number = at.session_state[generation] if generation in at.session_state else 0  # noqa: SIM401
    return f"{name}-{number}"


def test_a_learner_finds_a_card_and_suspends_it(own_demo: Path) -> None:
    at = _cards_as(own_demo, "Mei Chen")
    assert at.title[0].value == "My cards"
    everything = len(_table(at))
    assert everything > 3
    first_word = _table(at)["Front"][0].split()[0]
    at = at.text_input(key=f"{KEY}-text").set_value(first_word).run()
    shown = _table(at)
    assert 0 < len(shown) <= everything
    assert all(
        first_word.lower() in (f + b).lower()
        for f, b in zip(shown["Front"], shown["Back"], strict=True)
    )
    card_id = at.selectbox(key=f"{KEY}-card").value
    at = at.button(key=f"{KEY}-{card_id}-suspend").click().run()
    assert not at.exception
    assert next(s.value for s in at.success).endswith("is suspended: it will not come up.")
    assert at.selectbox(key=f"{KEY}-card").value == card_id  # still looking at the same card
    front = at.selectbox(key=f"{KEY}-card").format_func(card_id)
    row = _table(at)[_table(at)["Front"].str.replace("\n", " ").str.startswith(front[:40])]
    assert list(row["State"]) == ["suspended"]
    assert at.button(key=f"{KEY}-{card_id}-unsuspend").label == "Unsuspend"


def test_a_learner_imports_a_csv_and_edits_one_of_its_cards(own_demo: Path) -> None:
    at = _cards_as(own_demo, "Mei Chen")
    before = len(_table(at))
    csv = b"front,back,module,kind\nWhat is Zanzibar fusion?,Reciprocal rank fusion,,strategic\n"
    at = (
        at.file_uploader(key=f"{_form(at, f'{KEY}-import')}-file")
        .set_value(("mine.csv", csv, "text/csv"))
        .run()
    )
    at = at.button(key=f"{KEY}-import-import").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["mine.csv: 1 new, 0 already there."]
    assert len(_table(at)) == before + 1
    at = at.text_input(key=f"{KEY}-text").set_value("zanzibar").run()
    card_id = at.selectbox(key=f"{KEY}-card").value
    form = f"{KEY}-{card_id}-edit-{card_id}"
    at.text_area(key=f"{form}-back").set_value("Reciprocal rank fusion: sum of 1/(k+rank)")
    at = at.button(key=f"FormSubmitter:{form}-Save changes").click().run()
    assert not at.exception
    assert list(_table(at)["Back"]) == ["Reciprocal rank fusion: sum of 1/(k+rank)"]
    at = (
        at.file_uploader(key=f"{_form(at, f'{KEY}-import')}-file")
        .set_value(("mine.csv", csv, "text/csv"))
        .run()
    )
    at = at.button(key=f"{KEY}-import-import").click().run()
    assert [s.value for s in at.success] == ["mine.csv: 0 new, 1 already there."]


def test_a_mentor_sees_a_mentees_cards_without_changing_them(own_demo: Path) -> None:
    engine = make_engine(f"sqlite:///{own_demo / 'proficio.db'}")
    with Session(engine) as session:
        mei = session.exec(select(Person).where(Person.name == "Mei Chen")).one()
        mentor = session.get(Person, mei.mentor_id)
        assert mentor is not None
    engine.dispose()
    at = _cards_as(own_demo, mentor.name)
    at = at.selectbox(key=f"{KEY}-person").set_value(mei.id).run()
    assert not at.exception
    assert len(_table(at)) > 3
    card_id = at.selectbox(key=f"{KEY}-card").value
    assert not [b for b in at.button if b.key and b.key.startswith(f"{KEY}-{card_id}-")]
    assert "History" in [h.value for h in at.subheader]


def _heatmap_days(at: AppTest) -> pd.DataFrame:
    [chart] = [c for c in at.get("vega_lite_chart") if '"Weekday"' in c.proto.spec]
    [dataset] = chart.proto.datasets
    return convert_arrow_bytes_to_pandas_df(dataset.data.data)


def test_a_learner_sees_a_year_of_reviews_their_streaks_and_true_retention(
    app_env: Path,
) -> None:
    at = _cards_as(app_env, "Mei Chen")
    shown = {m.label: m.value for m in at.metric}
    assert set(shown) == {
        "Reviews, past year",
        "Current streak",
        "Longest streak",
        "Time spent, past year",
    }
    days = _heatmap_days(at)
    assert len(days) == 365 and int(days["Reviews"].sum()) == int(
        shown["Reviews, past year"].replace(",", "")
    )
    assert "True retention by month" in [h.value for h in at.subheader]
    retention = next(d.value for d in at.dataframe if "Month" in d.value.columns)
    assert len(retention) >= 1 and retention["Recalled"].between(0, 100).all()
    # Months read as everywhere else in the app (storage/formats.py): "Dec 2026".
    assert all(re.fullmatch(r"[A-Z][a-z]{2} \d{4}", m) for m in retention["Month"])


def test_a_mentor_reads_a_mentees_statistics(app_env: Path) -> None:
    engine = make_engine(f"sqlite:///{app_env / 'proficio.db'}")
    with Session(engine) as session:
        mei = session.exec(select(Person).where(Person.name == "Mei Chen")).one()
        mentor = session.get(Person, mei.mentor_id)
        assert mentor is not None
    engine.dispose()
    own = _cards_as(app_env, "Mei Chen")
    at = _cards_as(app_env, mentor.name)
    at = at.selectbox(key=f"{KEY}-person").set_value(mei.id).run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric} == {m.label: m.value for m in own.metric}
