"""Every CSV a person can download is safe to open in a spreadsheet, whatever names and titles
an import or a hostile teammate put into the database: no cell starts like a formula, and
each text reads back exactly."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update
from sqlmodel import Session, select

from assessments.framework import export_framework_csv
from assessments.ratings import team_matrix
from dashboard.components.matrix_heatmap import GAP_VIEW, LEVEL_VIEW, cells_frame, export_frame
from insights.reports import development_report, development_report_csv
from storage.models import Competency, Module, Person
from storage.people import get_person
from storage.spreadsheets import FORMULA_PREFIXES, from_spreadsheet, write_csv
from tests.conftest import TODAY

NOW = datetime.combine(TODAY, time(15, 0), tzinfo=UTC)
LEARNER = "Aisha Khan"

# Names as an import or a teammate may write them: often starting like a formula.
names = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40),
    st.tuples(st.sampled_from((*FORMULA_PREFIXES, "'")), st.text(max_size=30)).map("".join),
).filter(lambda name: name.strip() != "")


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _assert_safe(text: str, *planted: str) -> None:
    rows = _cells(text)
    for row in rows:
        for cell in row:
            assert _is_number(cell) or not cell.startswith(FORMULA_PREFIXES), cell
    shown = {from_spreadsheet(cell) for row in rows for cell in row}
    for name in planted:
        assert name in shown, name


@pytest.fixture
def session(demo_session: Session) -> Session:
    """The demo team at TODAY; each example renames rows and rolls back."""
    return demo_session


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(competency=names, module=names, person=names)
def test_downloads_are_safe_whatever_the_names_in_the_database(
    session: Session, competency: str, module: str, person: str
) -> None:
    lead = get_person(
        session,
        session.exec(
            select(Person.id).where(Person.role == "lead", Person.name == "Priya Raman")
        ).one(),
    )
    learner_id = session.exec(select(Person.id).where(Person.name == LEARNER)).one()
    first_competency = session.exec(
        select(Competency.id).where(Competency.team_id == lead.team_id).order_by(Competency.id)
    ).first()
    first_module = session.exec(select(Module.id).order_by(Module.id)).first()
    try:
        session.execute(
            update(Competency).where(Competency.id == first_competency), {"name": competency}
        )
        session.execute(update(Module).where(Module.id == first_module), {"title": module})
        session.execute(update(Person).where(Person.id == learner_id), {"name": person})
        session.flush()

        report = development_report(session, actor=lead, person_id=learner_id, today=TODAY, now=NOW)
        _assert_safe(development_report_csv(report), competency)

        matrix = team_matrix(session, actor=lead, team_id=lead.team_id)
        for view in (LEVEL_VIEW, GAP_VIEW):
            grid = export_frame(cells_frame(matrix, job_roles=[], groups=[]), view)
            # As the matrix page writes it (dashboard/components/matrix_heatmap.py).
            text = write_csv(
                [str(c) for c in grid.columns], grid.itertuples(index=False, name=None)
            )
            _assert_safe(text, person)

        _assert_safe(export_framework_csv(session, lead.team_id), competency)
    finally:
        session.rollback()
