"""The audit log page: a lead reads the demo team's changes in words and filters them."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.test_pages import _app_as

PAGE = "pages/audit_page.py"


def _audit_as(data_dir: Path, name: str) -> AppTest:
    return _app_as(data_dir, name).switch_page(PAGE).run()


@pytest.mark.parametrize(
    ("name", "has_page"),
    [("Priya Raman", True), ("Grace Okafor", False), ("Aisha Khan", False)],
)
def test_only_a_lead_has_the_audit_log(app_env: Path, name: str, has_page: bool) -> None:
    at = _app_as(app_env, name)
    assert not at.exception
    if has_page:
        _audit_as(app_env, name)
        return
    with pytest.raises(ValueError, match="audit_page"):
        at.switch_page(PAGE)


def test_the_lead_sees_who_changed_what_without_raw_ids(app_env: Path) -> None:
    at = _audit_as(app_env, "Priya Raman")
    assert not at.exception
    [table] = [d.value for d in at.dataframe if "Details" in d.value.columns]
    assert {"When", "Who", "What", "On", "Details"} <= set(table.columns)
    assert "Rating added" in set(table["What"])
    assert "Mentoring plan created" in set(table["What"])
    plans = table[table["What"] == "Mentoring plan created"]
    assert plans["On"].eq("mentoring plan").all()
    # Mentees are named; no "mentee id: 9" reaches the page.
    assert plans["Details"].str.contains("mentee: ").all()
    assert not table["Details"].str.contains(r"\bid\b").any()


def test_filtering_by_person_and_action(app_env: Path) -> None:
    at = _audit_as(app_env, "Priya Raman")
    person = at.selectbox(key="audit-person")
    grace = next(o for o in person.options if o == "Grace Okafor")
    at = person.select(grace).run()
    at = at.selectbox(key="audit-action").select("Mentoring session done").run()
    assert not at.exception
    [table] = [d.value for d in at.dataframe if "Details" in d.value.columns]
    assert len(table) > 0
    assert set(table["Who"]) == {"Grace Okafor"}
    assert set(table["What"]) == {"Mentoring session done"}
