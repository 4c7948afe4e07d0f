"""What the AppTest page tests share: the app's entry point, opening it as a demo person,
and the text a page shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from storage.engine import make_engine
from storage.models import Person
from storage.settings import get_settings
from storage.transfer import backup_sqlite

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
# Generous: a page that builds figures on a busy 2-core machine can take a minute; a stuck page
# still fails, only later. (No test asserts on time.)
TIMEOUT_S = 300


def person_id(data_dir: Path, name: str) -> int:
    """The id of the person called `name` in the data folder's database."""
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    with Session(engine) as session:
        person = session.exec(select(Person).where(Person.name == name)).one()
    engine.dispose()
    assert person.id is not None
    return person.id


def app_as(data_dir: Path, name: str) -> AppTest:
    """The app, run once, viewed as `name` (demo mode's picker)."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.session_state["viewer_id"] = person_id(data_dir, name)
    return at.run()


def texts(at: AppTest) -> str:
    """Every markdown, caption, heading and metric the page shows, one per line."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += (
        [h.value for h in at.title] + [h.value for h in at.header] + [h.value for h in at.subheader]
    )
    parts += [str(m.value) + str(m.label) for m in at.metric]
    return "\n".join(parts)


def copy_of_demo(demo_data_dir: Path, folder: Path) -> Path:
    """`folder` with a copy of the demo's database, for tests that write."""
    backup_sqlite(f"sqlite:///{demo_data_dir / 'proficio.db'}", folder / "proficio.db")
    return folder


def point_app_at(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    """The app's settings read `data_dir` (and no database URL) from now on in this test."""
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(data_dir))
    monkeypatch.delenv("PROFICIO_DATABASE_URL", raising=False)
    get_settings.cache_clear()
