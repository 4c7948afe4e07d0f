"""What every benchmark shares: a seeded demo data folder, timed runs, a quiet AppTest."""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from bootstrap.database import prepare_database
from storage.engine import make_engine
from storage.settings import get_settings

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


def samples_s(run: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of `repeat` runs after one warm-up run (imports, caches)."""
    run()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return samples


def seeded_demo(prefix: str) -> tuple[Path, Engine]:
    """A new data folder with the demo seeded, set as the app's data folder in this process."""
    data_dir = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["PROFICIO_DATA_DIR"] = str(data_dir)
    get_settings.cache_clear()
    engine = make_engine(get_settings().resolved_database_url)
    prepare_database(engine, today=date.today())
    return data_dir, engine


def empty_page() -> AppTest:
    """The reference: an almost empty Streamlit page, run the same way as ours."""
    return AppTest.from_string("import streamlit as st\nst.write('hi')").run()


def quiet_streamlit() -> None:
    """AppTest outside `streamlit run` warns on every run that there is no script context;
    Streamlit sets its loggers' levels on first use, so call this after one run."""
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR
    )
