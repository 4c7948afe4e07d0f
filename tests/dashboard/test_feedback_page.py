"""The feedback loop on the pages: a learner answers the question on their Home and the lead
reads it on Curriculum feedback; the lead opens an improvement item and the Curriculum page
shows it to whoever keeps the curriculum."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.dashboard.apptest import app_as, texts
from tests.dashboard.test_mentoring_pages import own_env  # noqa: F401


def _page_as(data_dir: Path, name: str, page: str) -> AppTest:
    return app_as(data_dir, name).switch_page(f"pages/{page}").run()


def _table(at: AppTest, column: str) -> pd.DataFrame:
    """The first table on the page with this column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _ok(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def test_the_lead_sees_ratings_over_time_the_low_rated_module_comments_and_mentors(
    app_env: Path,
) -> None:
    at = _page_as(app_env, "Priya Raman", "feedback_page.py")
    _ok(at)
    assert at.title[0].value == "Curriculum feedback"
    flagged = _table(at, "Why")
    low = flagged[flagged["Module"] == "Index families and their parameters"]
    assert low.iloc[0]["Why"].startswith("rated ")
    items = _table(at, "Improvement")
    assert "Explain nlist before nprobe" in " ".join(items["Improvement"])
    mentors = _table(at, "Mentor")
    assert {"Grace Okafor", "Tomás Alvarez"} <= set(mentors["Mentor"])
    assert "/5 ·" in texts(at)  # comments, each with its rating and day


def test_a_learner_rates_their_learning_on_home_and_the_lead_reads_it(
    own_env: Path,  # noqa: F811
) -> None:
    why = "The exercise on our own tickets made nprobe finally make sense."
    home = _page_as(own_env, "Aisha Khan", "learner_home_page.py")
    _ok(home)
    asked = next(m.value for m in home.markdown if m.value.startswith("**How useful was"))
    # Sent without a rating: refused, and the comment typed stays.
    next(t for t in home.text_area if t.label == "Why?").input(why)
    next(b for b in home.button if b.label == "Send").click().run()
    assert any("pick a rating from 1 to 5" in e.value for e in home.error)
    assert next(t for t in home.text_area if t.label == "Why?").value == why
    next(r for r in home.radio if r.label == "Rating").set_value(4)
    next(b for b in home.button if b.label == "Send").click().run()
    _ok(home)
    assert any(s.value.startswith("Thanks: you rated") for s in home.success)
    assert asked not in [m.value for m in home.markdown]  # not asked again

    lead = _page_as(own_env, "Priya Raman", "feedback_page.py")
    _ok(lead)
    shown = texts(lead)
    assert why in shown
    assert "**Aisha Khan** · " in shown and "4/5" in shown


def test_a_lead_opens_an_improvement_item_and_the_curriculum_page_shows_it(
    own_env: Path,  # noqa: F811
) -> None:
    title = "Add a worked RRF example with three ranked lists"
    at = _page_as(own_env, "Priya Raman", "feedback_page.py")
    _ok(at)
    module = next(s for s in at.selectbox if s.label == "Module")
    module.set_value("hybrid-search")
    next(t for t in at.text_input if t.label == "What should improve").input(title)
    next(b for b in at.button if b.label == "Open the item").click().run()
    _ok(at)
    assert any(
        s.value == f"Opened for Hybrid search, fusion and re-ranking: {title}" for s in at.success
    )
    assert title in set(_table(at, "Improvement")["Improvement"])

    curriculum = _page_as(own_env, "Priya Raman", "curriculum_page.py")
    _ok(curriculum)
    assert title in set(_table(curriculum, "Improvement")["Improvement"])
    learner = _page_as(own_env, "Aisha Khan", "curriculum_page.py")
    _ok(learner)
    assert not any("improvement item" in w.value for w in learner.warning)
