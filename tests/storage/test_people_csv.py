"""People from CSV: every mistake named by row, column and value with nothing imported; a good
file imported all at once; the same file again changes nothing; an export reads back as it is."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, col, func, select

from storage.enums import PersonRole
from storage.errors import InvalidInput
from storage.models import AuditEvent, Person, Team
from storage.people import PersonRef, get_person
from storage.people_csv import (
    ChangeKind,
    ImportPlan,
    RowProblem,
    apply_people_import,
    export_people_csv,
    plan_people_import,
)
from storage.roster import PersonIn, TeamRef, add_person, create_team
from storage.settings import get_settings
from tests.hostile import hostile_scalars

NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
TODAY = NOW.date()
HEADER = "name,email,role,job_role,mentor_email,team"


def person_in(name: str, email: str, role: PersonRole = PersonRole.LEARNER) -> PersonIn:
    return PersonIn(name=name, email=email, role=role, job_role="Backend engineer")


@dataclass(frozen=True)
class Org:
    search: TeamRef
    ranking: TeamRef
    lena: PersonRef  # lead of Search
    omar: PersonRef  # lead of Ranking
    pia: PersonRef  # learner in Ranking
    ada: PersonRef  # organisation admin, lead of Platform


@pytest.fixture
def org(session: Session) -> Org:
    _, ada = create_team(
        session,
        actor=None,
        name="Platform",
        lead=person_in("Ada Achebe", "ada@example.com"),
        now=NOW,
        lead_is_admin=True,
    )
    search, lena = create_team(
        session,
        actor=None,
        name="Search",
        lead=person_in("Lena Lindqvist", "lena@example.com"),
        now=NOW,
    )
    ranking, omar = create_team(
        session,
        actor=None,
        name="Ranking",
        lead=person_in("Omar Haddad", "omar@example.com"),
        now=NOW,
    )
    pia = add_person(
        session,
        actor=None,
        team_id=ranking.id,
        person=person_in("Pia Holm", "pia@example.com"),
        now=NOW,
    )
    return Org(search, ranking, lena, omar, pia, ada)


def counts(session: Session) -> tuple[int, int, int]:
    """People, teams and audit events: a refused import changes none of them."""
    return tuple(  # type: ignore[return-value]
        session.exec(select(func.count()).select_from(table)).one()
        for table in (Person, Team, AuditEvent)
    )


def plan(
    session: Session, data: bytes, *, actor: PersonRef | None = None, team: str | None = None
) -> ImportPlan:
    return plan_people_import(session, actor=actor, data=data, team=team)


def apply(
    session: Session, data: bytes, *, actor: PersonRef | None = None, team: str | None = None
) -> ImportPlan:
    return apply_people_import(session, actor=actor, data=data, team=team, now=NOW)


def by_email(session: Session, email: str) -> Person:
    person = session.exec(select(Person).where(Person.email == email)).one()
    return person


def csv_file(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


# What a lead typed in a spreadsheet and saved as "CSV" in a European locale: a BOM,
# semicolons, a blank line, and a few slips.
WITH_MISTAKES = (
    "\ufeffname;email;role;job_role;mentor_email;team\r\n"  # row 1
    "Mei Chen;mei@example.com;learner;Backend engineer;tomas@example.com;Search\r\n"  # 2
    "Tomás Ortega;tomas@example.com;mentor;Staff engineer;;Search\r\n"  # 3
    "\r\n"  # 4
    "Jonas Berg;MEI@Example.com;learner;Backend engineer;;Search\r\n"  # 5
    "Aisha Khan;aisha@example.com;learner;Data engineer;ghost@example.com;search\r\n"  # 6
    "Ravi Rao;ravi@example.com;lerner;Backend engineer;tomas@example.com;Search\r\n"  # 7
    "Sam Lee;sam@example.com;learner;Backend engineer;;Serch\r\n"  # 8
).encode("utf-8")


def test_a_file_with_typical_mistakes_names_each_by_row_and_imports_nothing(
    session: Session, org: Org
) -> None:
    before = counts(session)
    result = plan(session, WITH_MISTAKES)
    assert not result.ok
    assert result.changes == []
    assert result.problems == [
        RowProblem(5, "email", "MEI@Example.com", "appears twice (also row 2; case is ignored)"),
        RowProblem(
            6,
            "mentor_email",
            "ghost@example.com",
            "nobody with this email is in the file or the team",
        ),
        RowProblem(7, "role", "lerner", "'lerner' is not a role: use lead, mentor or learner."),
        RowProblem(8, "team", "Serch", "there is no team called 'Serch'"),
    ]
    assert str(result.problems[2]) == (
        "row 7, role 'lerner': 'lerner' is not a role: use lead, mentor or learner."
    )
    with pytest.raises(InvalidInput, match=r"^Nothing imported: row 5, email 'MEI@Example.com'"):
        apply(session, WITH_MISTAKES)
    assert counts(session) == before


def team_file() -> bytes:
    """30 new people of Search: 4 mentors listed after the 26 learners they mentor (Lena, the
    lead, mentors some too), saved the way a spreadsheet does (BOM, semicolons, a blank line)."""
    mentors = [
        f"Mentor {n};mentor{n}@example.com;mentor;Staff engineer;;Search" for n in range(1, 5)
    ]
    mentor_emails = [f"mentor{n}@example.com" for n in range(1, 5)] + ["lena@example.com"]
    learners = [
        f"Learner {n:02};Learner{n:02}@Example.com;learner;Backend engineer;"
        f"{mentor_emails[n % 5]};Search"
        for n in range(1, 27)
    ]
    rows = [*learners, "", *mentors]
    text = "name;email;role;job_role;mentor_email;team\r\n" + "\r\n".join(rows) + "\r\n"
    return ("\ufeff" + text).encode("utf-8")


def test_the_fixed_file_imports_thirty_people_with_their_mentors(
    session: Session, org: Org
) -> None:
    data = team_file()
    people, teams, events = counts(session)
    preview = plan(session, data)
    assert preview.problems == []
    assert preview.summary == "30 to add, 0 to update, 0 unchanged"
    assert counts(session) == (people, teams, events), "a preview writes nothing"

    applied = apply(session, data, actor=org.lena)
    assert applied.summary == "30 to add, 0 to update, 0 unchanged"
    assert counts(session)[:2] == (people + 30, teams)
    learner = by_email(session, "learner01@example.com")
    mentor = session.get(Person, learner.mentor_id)
    assert (learner.name, learner.team_id, mentor.email if mentor else None) == (
        "Learner 01",
        org.search.id,
        "mentor2@example.com",
    )
    assert by_email(session, "learner04@example.com").mentor_id == org.lena.id
    assert by_email(session, "mentor1@example.com").role == PersonRole.MENTOR
    added = session.exec(
        select(AuditEvent).where(
            AuditEvent.action == "person_added", AuditEvent.actor_id == org.lena.id
        )
    ).all()
    assert sorted(e.detail["email"] for e in added)[:2] == [
        "learner01@example.com",
        "learner02@example.com",
    ]
    assert len(added) == 30


def test_the_same_file_again_changes_nothing(session: Session, org: Org) -> None:
    data = team_file()
    apply(session, data)
    before = counts(session)
    again = apply(session, data)
    assert again.summary == "0 to add, 0 to update, 30 unchanged"
    assert counts(session) == before, "no person and no audit event written"


def test_a_changed_row_updates_that_person_only(session: Session, org: Org) -> None:
    apply(session, team_file())
    changed = team_file().replace(
        b"Learner 07;Learner07@Example.com;learner;", b"Learner 07;Learner07@Example.com;mentor;"
    )
    preview = plan(session, changed)
    [update] = [c for c in preview.changes if c.kind == ChangeKind.UPDATE]
    assert (update.name, update.email, update.changes) == (
        "Learner 07",
        "learner07@example.com",
        ("role: learner → mentor",),
    )
    assert preview.summary == "0 to add, 1 to update, 29 unchanged"
    _, _, events = counts(session)
    apply(session, changed, actor=org.lena)
    assert by_email(session, "learner07@example.com").role == PersonRole.MENTOR
    event = session.exec(select(AuditEvent).order_by(col(AuditEvent.id).desc())).first()
    assert event is not None
    assert (event.action, event.actor_id, event.detail["changes"]) == (
        "person_changed",
        org.lena.id,
        "role: learner → mentor",
    )
    assert counts(session)[2] == events + 1


def test_a_lead_imports_into_their_own_team_only(session: Session, org: Org) -> None:
    data = csv_file([HEADER, "Ravi Rao,ravi@example.com,learner,Backend engineer,,Ranking"])
    before = counts(session)
    assert plan(session, data, actor=org.lena).problems == [
        RowProblem(2, "team", "Ranking", "you can only import into your own team")
    ]
    with pytest.raises(InvalidInput, match="you can only import into your own team"):
        apply(session, data, actor=org.lena)
    assert counts(session) == before
    # The same row as the lead of Search, into Search chosen for the whole file.
    own = csv_file(
        [
            "name,email,role,job_role,mentor_email",
            "Ravi Rao,ravi@example.com,learner,Data engineer,",
        ]
    )
    assert apply(session, own, actor=org.lena, team="search").summary == (
        "1 to add, 0 to update, 0 unchanged"
    )
    assert by_email(session, "ravi@example.com").team_id == org.search.id


def test_a_lead_cannot_take_someone_from_another_team(session: Session, org: Org) -> None:
    data = csv_file([HEADER, "Pia Holm,PIA@example.com,learner,Backend engineer,,Search"])
    before = counts(session)
    # Who has that email is not said to a lead of another team.
    assert plan(session, data, actor=org.lena).problems == [
        RowProblem(
            2,
            "email",
            "pia@example.com",
            "belongs to someone in another team; an organisation admin can move them",
        )
    ]
    with pytest.raises(InvalidInput):
        apply(session, data, actor=org.lena)
    assert counts(session) == before
    assert get_person(session, org.pia.id).team_id == org.ranking.id


def test_an_admins_import_moves_someone_to_the_team_their_row_names(
    session: Session, org: Org
) -> None:
    data = csv_file(
        [HEADER, "Pia Holm,pia@example.com,learner,Backend engineer,lena@example.com,Search"]
    )
    preview = plan(session, data, actor=org.ada)
    assert [(c.kind, c.changes) for c in preview.changes] == [
        (ChangeKind.UPDATE, ("team: Ranking → Search", "mentor: none → lena@example.com"))
    ]
    apply(session, data, actor=org.ada)
    pia = get_person(session, org.pia.id)
    assert (pia.team_id, pia.mentor_id) == (org.search.id, org.lena.id)
    moved = session.exec(select(AuditEvent).where(AuditEvent.action == "person_moved")).all()
    assert sorted(e.team_id for e in moved) == sorted([org.ranking.id, org.search.id])
    for event in moved:  # one in each team's log
        assert (event.actor_id, event.detail["before"], event.detail["after"]) == (
            org.ada.id,
            "Ranking",
            "Search",
        )


NOT_UTF8 = (HEADER + "\nJosé Díaz,jose@example.com,learner,Backend engineer,,Search\n").encode(
    "latin-1"
)
NOT_UTF8_BYTE = NOT_UTF8.index("é".encode("latin-1")) + 1  # counted from 1, as the message does
EXPECTED_COLUMNS = (
    "Expected: name,email,role,job_role,mentor_email,team (team and joined_on optional)."
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            NOT_UTF8,
            f"The file is not UTF-8 text (byte {NOT_UTF8_BYTE} cannot be read); "
            "save it as 'CSV UTF-8' and try again.",
        ),
        (b"", "The file is empty; it needs a header line: " + HEADER),
        (b"\r\n  \r\n", "The file is empty; it needs a header line: " + HEADER),
        ((HEADER + "\r\n").encode(), "The file has a header but no people."),
        (
            b"name,email,role,mentor_email,team\nMei,mei@example.com,learner,,Search\n",
            "The header line is not a people CSV (missing column(s): job_role). "
            + EXPECTED_COLUMNS,
        ),
        (
            b"name,email,role,job_role,mentor_email,team,level\n",
            "The header line is not a people CSV (unknown column(s): level). " + EXPECTED_COLUMNS,
        ),
        (
            (HEADER + "\nMei\x00,mei@example.com,learner,Eng,,Search\n").encode(),
            "The file holds NUL characters; it is not a CSV text file.",
        ),
    ],
    ids=[
        "not-utf8",
        "empty",
        "blank-lines",
        "header-only",
        "missing-column",
        "unknown-column",
        "nul",
    ],
)
def test_a_file_that_is_not_a_people_csv_gets_one_clear_problem(
    session: Session, org: Org, data: bytes, message: str
) -> None:
    before = counts(session)
    result = plan(session, data)
    assert result.problems == [RowProblem(0, "", "", message)]
    assert str(result.problems[0]) == message
    with pytest.raises(InvalidInput, match=f"^Nothing imported: {re.escape(message)}$"):
        apply(session, data)
    assert counts(session) == before


def test_a_row_with_more_cells_than_the_header_is_refused(session: Session, org: Org) -> None:
    data = csv_file(
        [HEADER, "Ravi Rao,ravi@example.com,learner,Backend engineer,,Search,remote,=1+1"]
    )
    before = counts(session)
    assert plan(session, data).problems == [
        RowProblem(2, "", "remote, =1+1", "more cells than the header")
    ]
    assert counts(session) == before


def test_an_unknown_team_for_the_whole_file_is_one_problem(session: Session, org: Org) -> None:
    data = csv_file(
        ["name,email,role,job_role,mentor_email", "Ravi Rao,ravi@example.com,learner,Eng,"]
    )
    assert plan(session, data, team="Nowhere").problems == [
        RowProblem(0, "", "", "There is no team called 'Nowhere'.")
    ]
    assert plan(session, data).problems == [
        RowProblem(2, "team", "", "no team: fill the team column or choose the team to import into")
    ]


def test_an_export_imports_back_unchanged(session: Session, org: Org) -> None:
    apply(session, team_file())
    before = counts(session)
    export = export_people_csv(session, actor=org.lena, team_id=org.search.id)
    again = plan(session, export.encode("utf-8"), actor=org.lena)
    assert again.problems == []
    assert again.summary == "0 to add, 0 to update, 31 unchanged"  # the 30 and Lena
    apply(session, export.encode("utf-8"), actor=org.lena)
    assert counts(session) == before


def test_a_formula_like_name_is_exported_as_text_and_read_back_exactly(
    session: Session, org: Org
) -> None:
    add_person(
        session,
        actor=None,
        team_id=org.search.id,
        person=person_in('=HYPERLINK("http://x")', "formula@example.com"),
        now=NOW,
    )
    export = export_people_csv(session, actor=None, team_id=org.search.id)
    rows = list(csv.DictReader(io.StringIO(export)))
    [cell] = [row["name"] for row in rows if row["email"] == "formula@example.com"]
    assert cell == '\'=HYPERLINK("http://x")'
    again = plan(session, export.encode("utf-8"))
    [change] = [c for c in again.changes if c.email == "formula@example.com"]
    assert (change.kind, change.name) == (ChangeKind.UNCHANGED, '=HYPERLINK("http://x")')


def test_a_learner_promoted_to_mentor_further_down_the_file_may_mentor_an_earlier_row(
    session: Session, org: Org
) -> None:
    for name, email in (("Lars Lund", "lars@example.com"), ("Mia Moe", "mia@example.com")):
        add_person(
            session, actor=None, team_id=org.search.id, person=person_in(name, email), now=NOW
        )
    data = csv_file(
        [
            HEADER,
            "Mia Moe,mia@example.com,learner,Backend engineer,lars@example.com,Search",
            "Lars Lund,lars@example.com,mentor,Backend engineer,,Search",
        ]
    )
    assert plan(session, data).summary == "0 to add, 2 to update, 0 unchanged"
    apply(session, data)
    assert (
        by_email(session, "mia@example.com").mentor_id == by_email(session, "lars@example.com").id
    )


# --- hostile input ----------------------------------------------------------------------

HYPOTHESIS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
REQUIRED = ["name", "email", "role", "job_role", "mentor_email"]
COLUMNS = [*REQUIRED, "team", "joined_on"]
# Values that reach deep into the rules, per column: real emails, teams and roles in any case,
# and a few slips.
PLAUSIBLE: dict[str, list[str]] = {
    "name": ["Mei Chen", " Jonas Berg ", "=Formula", "Pia Holm"],
    "email": [
        *(f"new{n}@example.com" for n in range(6)),
        "mei@example.com",
        "PIA@example.com",
        "lena@example.com",
        "ada@example.com",
    ],
    "role": ["learner", "learner", "Mentor", "mentor", "lead", "lerner"],
    "job_role": ["Backend engineer", "Backend engineer", "Staff engineer", "Data engineer", ""],
    "mentor_email": ["", "lena@example.com", "mei@example.com", "Pia@example.com", "x@y.z"],
    "team": ["", "Search", "Search", "ranking", "Platform", "Serch"],
    "joined_on": ["", "", "2025-01-06", "2026-02-30"],
}


def _as_text_cell(value: object) -> str:
    """A hostile value as a text editor could save it: lone surrogates and NUL cannot be in a
    UTF-8 text file (the byte-level test throws those at the import)."""
    return str(value).encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


def cell(column: str) -> st.SearchStrategy[str]:
    """Mostly plausible for the column, so that rows get past the file checks to the rules."""
    plausible = st.sampled_from(PLAUSIBLE.get(column, ["", "Search"]))
    hostile = hostile_scalars.map(_as_text_cell)
    # one_of would pick the hostile branch half the time; one cell in ten is plenty.
    return st.sampled_from([plausible] * 9 + [hostile]).flatmap(lambda strategy: strategy)


def people_rows(header: list[str]) -> st.SearchStrategy[list[list[str]]]:
    """Rows for this header, now and then a cell short of it or one over."""
    full = st.tuples(*[cell(column) for column in header]).map(list)
    ragged = st.one_of(full.map(lambda cells: cells[:-1]), full.map(lambda cells: [*cells, "x"]))
    return st.lists(st.one_of(full, full, full, ragged), min_size=1, max_size=6)


header_strategy = st.one_of(
    st.permutations(COLUMNS),
    st.permutations(REQUIRED),
    st.lists(st.one_of(st.sampled_from(COLUMNS), st.text(max_size=8)), max_size=8),
)


def _written(header: list[str], rows: list[list[str]], delimiter: str, bom: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def _assert_read_only(session: Session, before: tuple[int, int, int]) -> None:
    assert not (session.new or session.dirty or session.deleted)
    assert counts(session) == before


@HYPOTHESIS
@given(
    data=st.one_of(
        st.binary(max_size=2_000),
        st.binary(max_size=2_000).map(lambda tail: HEADER.encode() + b"\n" + tail),
    ),
    team=st.sampled_from([None, "Search", "nowhere"]),
)
def test_any_bytes_give_a_plan_or_problems_and_write_nothing(
    session: Session, org: Org, data: bytes, team: str | None
) -> None:
    before = counts(session)
    result = plan(session, data, team=team)
    assert result.ok == (not result.problems)
    _assert_read_only(session, before)


@HYPOTHESIS
@given(
    header=header_strategy,
    data=st.data(),
    delimiter=st.sampled_from([",", ";"]),
    bom=st.booleans(),
    who=st.sampled_from(["command line", "lead", "admin", "learner"]),
    team=st.sampled_from([None, "Search", "ranking", "Nowhere"]),
)
def test_any_rows_give_a_plan_or_problems_by_row_and_write_nothing(
    session: Session,
    org: Org,
    header: list[str],
    data: st.DataObject,
    delimiter: str,
    bom: bool,
    who: str,
    team: str | None,
) -> None:
    actor = {"command line": None, "lead": org.lena, "admin": org.ada, "learner": org.pia}[who]
    rows = data.draw(people_rows(list(header)))
    written = _written(list(header), rows, delimiter, bom)
    before = counts(session)
    result = plan(session, written, actor=actor, team=team)
    lines = written.count(b"\n") + written.count(b"\r") + 1
    for problem in result.problems:
        assert 0 <= problem.row <= lines
        assert problem.why
    for change in result.changes:
        assert change.email == change.email.strip().lower()
    _assert_read_only(session, before)


def test_a_lead_learns_no_name_from_another_teams_email(session: Session, org: Org) -> None:
    """Trying other teams' emails, as a person or as a mentor, names nobody."""
    data = csv_file(
        [HEADER, "Nils Berg,nils@example.com,learner,Backend engineer,pia@example.com,"]
    )
    problems = plan(session, data, actor=org.lena, team="Search").problems
    assert [(p.column, p.why) for p in problems] == [
        ("mentor_email", "belongs to someone in another team; a mentor is in the row's team")
    ]
    assert "Pia" not in str(problems[0])


def test_a_lead_cannot_hand_out_an_admins_address(
    session: Session, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROFICIO_ADMIN_EMAILS", "boss@example.com")
    get_settings.cache_clear()
    try:
        data = csv_file([HEADER, "Boss,BOSS@example.com,learner,Backend engineer,,Search"])
        problems = plan(session, data, actor=org.lena).problems
        assert [(p.column, p.value) for p in problems] == [("email", "boss@example.com")]
        assert "admin's address" in problems[0].why
        assert plan(session, data, actor=org.ada).ok  # an admin may
    finally:
        monkeypatch.delenv("PROFICIO_ADMIN_EMAILS")
        get_settings.cache_clear()


def test_an_imported_person_is_audited_once_with_their_mentor(session: Session, org: Org) -> None:
    data = csv_file(
        [
            HEADER,
            "Nils Berg,nils@example.com,learner,Backend engineer,ines@example.com,Search",
            "Ines Roth,ines@example.com,mentor,Staff engineer,,Search",
        ]
    )
    apply(session, data, actor=org.lena)
    nils = by_email(session, "nils@example.com")
    events = session.exec(select(AuditEvent).where(AuditEvent.entity_id == nils.id)).all()
    assert [e.action for e in events] == ["person_added"]
    assert events[0].detail["mentor_id"] == by_email(session, "ines@example.com").id
