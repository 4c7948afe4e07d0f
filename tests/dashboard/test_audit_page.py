"""The audit log page: a lead reads the demo team's changes in words and filters them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.apptest import app_as

PAGE = "pages/audit_page.py"


def _audit_as(data_dir: Path, name: str) -> AppTest:
    return app_as(data_dir, name).switch_page(PAGE).run()


@pytest.mark.parametrize(
    ("name", "has_page"),
    [("Priya Raman", True), ("Grace Okafor", False), ("Aisha Khan", False)],
)
def test_only_a_lead_has_the_audit_log(app_env: Path, name: str, has_page: bool) -> None:
    at = app_as(app_env, name)
    assert not at.exception
    if has_page:
        _audit_as(app_env, name)
        return
    with pytest.raises(ValueError, match="audit_page"):
        at.switch_page(PAGE)


def test_the_lead_reads_each_change_as_a_sentence_with_names_and_words(app_env: Path) -> None:
    at = _audit_as(app_env, "Priya Raman")
    assert not at.exception
    [table] = [d.value for d in at.dataframe if "What happened" in d.value.columns]
    assert list(table.columns) == ["When", "Who", "Team", "What happened"]
    said = table["What happened"]
    # "Rated Aisha Khan intermediate in Vector database expertise (mentor rating)."
    ratings = said[
        said.str.startswith("Rated ")
        & ~said.str.startswith("Rated the 1:1 of ")
        & ~said.str.startswith("Rated what they learned in ")  # a learner's feedback
    ]
    assert len(ratings) > 0
    assert ratings.str.fullmatch(
        r"Rated (themself|[A-Z][\w ]+) (none|basic|intermediate|advanced|expert) "
        r"in [A-Z][^()]+ \((self-|mentor |lead |peer )rating\)\."
    ).all()
    # "Rated the 1:1 of 27 Nov 2026 of Grace Okafor with Sofia Rossi 5 out of 5."
    meetings = said[said.str.startswith("Rated the 1:1 of ")]
    assert len(meetings) > 0
    assert meetings.str.fullmatch(
        r"Rated the 1:1 of \d{1,2} [A-Z][a-z]{2} \d{4} of [A-Z][\w ]+ with [A-Z][\w ]+ "
        r"[1-5] out of 5\."
    ).all()
    assert said.str.match(r"Passed the '.+' quiz \(\d+/\d+\): [a-z]+ evidence in [A-Z]").any()
    # An event with no sentence of its own says its kind, then names (not "mentee id: 9").
    plans = said[said.str.startswith("Mentoring plan created: ")]
    assert len(plans) > 0
    assert plans.str.contains("mentee: [A-Z]").all()
    # No ids, raw floats or keys; what people typed (quoted: an item's title) stays as typed.
    unquoted = said.str.replace(r"'[^']*'", "''", regex=True)
    assert not unquoted.str.contains(r"\bid\b|\d\.\d{4}|\w+-\w+-\w+").any()
    # Priya is the organisation admin too: she reads both demo teams ("": the setup).
    assert set(table["Team"]) <= {"Search Platform", "Platform Reliability", ""}


def test_the_demo_history_is_dated_across_months_not_at_the_moment_it_was_seeded(
    app_env: Path,
) -> None:
    at = _audit_as(app_env, "Priya Raman")
    [table] = [d.value for d in at.dataframe if "What happened" in d.value.columns]
    months = {(when.year, when.month) for when in table["When"]}
    assert len(months) >= 2  # the newest rows the page shows at first: weeks of a busy team
    at.date_input(key="audit-until").set_value(date.today() - timedelta(days=45)).run()
    [older] = [d.value for d in at.dataframe if "What happened" in d.value.columns]
    assert len(older) > 0
    assert len({(when.year, when.month) for when in older["When"]} | months) >= 3


def test_filtering_by_person_and_action(app_env: Path) -> None:
    at = _audit_as(app_env, "Priya Raman")
    person = at.selectbox(key="audit-person")
    grace = next(o for o in person.options if o == "Grace Okafor")
    at = person.select(grace).run()
    at = at.selectbox(key="audit-action").select("Mentoring session done").run()
    assert not at.exception
    [table] = [d.value for d in at.dataframe if "What happened" in d.value.columns]
    assert len(table) > 0
    assert set(table["Who"]) == {"Grace Okafor"}
    assert table["What happened"].str.startswith("Mentoring session done: 1:1 no. ").all()
