"""The competency framework: CSV export, parsing and import, role targets, team weights."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlmodel import Session, func, select

from assessments.framework import (
    CSV_COLUMNS,
    MAX_CSV_ROWS,
    MAX_TEXT_CHARS,
    FrameworkRow,
    export_framework_csv,
    job_roles,
    list_competencies,
    parse_framework_csv,
    role_targets,
    save_framework,
    set_role_targets,
    set_team_weights,
    start_team_framework,
    team_weights,
)
from assessments.rules import DEFAULT_WEIGHTS
from curriculum.catalog import sync_curriculum
from curriculum.loader import Curriculum
from storage.enums import CompetencyGroup, PersonRole
from storage.errors import InvalidInput, NotFound, PermissionDenied
from storage.models import AuditEvent, Competency, LevelDescriptor, utc_now
from storage.people import PersonRef
from storage.spreadsheets import write_csv
from tests.factories import make_competency, make_migrated_engine, make_person, make_ref, make_team

# Parsing is pure: these checks need no database.

GOOD_ROW = {
    "key": "prompt-design",
    "name": "Prompt design",
    "group": "technical",
    "description": "Writing prompts that work.",
    "basic": "Follows a template.",
    "intermediate": "Adapts a template.",
    "advanced": "Designs prompts for new tasks.",
    "expert": "Teaches prompt design.",
}


def csv_text(*rows: dict[str, str], columns: tuple[str, ...] = CSV_COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def row(**changes: str) -> dict[str, str]:
    return {**GOOD_ROW, **changes}


def refusal(text: str) -> str:
    with pytest.raises(InvalidInput) as refused:
        parse_framework_csv(text)
    message = str(refused.value)
    assert message.startswith("Nothing imported")
    return message


def test_a_good_csv_parses_into_rows() -> None:
    [parsed] = parse_framework_csv(csv_text(row()))
    assert parsed == FrameworkRow(
        key="prompt-design",
        name="Prompt design",
        group=CompetencyGroup.TECHNICAL,
        description="Writing prompts that work.",
        descriptors={
            1: "Follows a template.",
            2: "Adapts a template.",
            3: "Designs prompts for new tasks.",
            4: "Teaches prompt design.",
        },
    )


@pytest.mark.parametrize("typed", ["'=1", "=SUM(A1)", "@home", "'quoted'"])
def test_text_typed_in_the_editor_is_saved_as_typed(typed: str) -> None:
    # The framework page turns its edited table into CSV with write_csv before parsing it.
    edited = row(name=typed, description=typed)
    text = write_csv(CSV_COLUMNS, [[edited[column] for column in CSV_COLUMNS]])
    [parsed] = parse_framework_csv(text)
    assert (parsed.name, parsed.description) == (typed, typed)


def test_a_spreadsheet_bom_and_surrounding_spaces_are_ignored() -> None:
    [parsed] = parse_framework_csv("\ufeff" + csv_text(row(name="  Prompt design  ")))
    assert (parsed.key, parsed.name) == ("prompt-design", "Prompt design")


def test_a_missing_column_is_named() -> None:
    columns = tuple(c for c in CSV_COLUMNS if c != "advanced")
    with pytest.raises(InvalidInput, match="lacks column\\(s\\): advanced"):
        parse_framework_csv(csv_text(row(), columns=columns))


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        (row(group="science"), "row 3: group must be technical, business or leadership"),
        (row(group="Technical"), "row 3: group must be technical, business or leadership"),
        (row(intermediate=""), "row 3: intermediate descriptor is empty"),
        (row(expert="   "), "row 3: expert descriptor is empty"),
        (row(name=""), "row 3: name is empty"),
        (row(key="Prompt-Design"), "row 3: key must be lower-case letters, digits and dashes"),
        (row(key="prompt design"), "row 3: key must be lower-case letters, digits and dashes"),
        (row(key="prompt_design"), "row 3: key must be lower-case letters, digits and dashes"),
        (row(key=""), "row 3: key must be lower-case letters, digits and dashes"),
        (
            row(description="x" * (MAX_TEXT_CHARS + 1)),
            f"row 3: description longer than {MAX_TEXT_CHARS} characters",
        ),
        (
            row(basic="x" * (MAX_TEXT_CHARS + 1)),
            f"row 3: basic longer than {MAX_TEXT_CHARS} characters",
        ),
    ],
)
def test_a_bad_row_is_refused_naming_its_row_and_field(bad: dict[str, str], problem: str) -> None:
    # Row 1 is the header, row 2 a good competency, row 3 the bad one.
    message = refusal(csv_text(row(key="good-one"), bad))
    assert problem in message
    assert "row 2" not in message


def test_a_duplicate_key_is_named_on_its_second_row() -> None:
    message = refusal(csv_text(row(), row(key="other"), row(name="Prompt design again")))
    assert "row 4: key 'prompt-design' appears twice" in message
    assert "row 2" not in message and "row 3" not in message


def test_text_of_exactly_the_limit_is_accepted() -> None:
    [parsed] = parse_framework_csv(csv_text(row(description="x" * MAX_TEXT_CHARS)))
    assert len(parsed.description) == MAX_TEXT_CHARS


def test_every_bad_row_and_field_is_listed_together() -> None:
    message = refusal(
        csv_text(
            row(group="science", basic=""),
            row(key="fine"),
            row(key="BAD", name=""),
        )
    )
    assert "row 2: group must be technical, business or leadership; basic descriptor is empty" in (
        message
    )
    assert "row 4: key must be lower-case letters, digits and dashes; name is empty" in message
    assert "row 3" not in message


def test_a_csv_with_only_a_header_imports_nothing() -> None:
    with pytest.raises(InvalidInput, match="no rows"):
        parse_framework_csv(csv_text())


def test_more_rows_than_the_limit_are_refused() -> None:
    rows = [row(key=f"skill-{n}") for n in range(MAX_CSV_ROWS)]
    assert len(parse_framework_csv(csv_text(*rows))) == MAX_CSV_ROWS
    message = refusal(csv_text(*rows, row(key="one-too-many")))
    assert f"more than {MAX_CSV_ROWS} rows" in message


@pytest.mark.parametrize(
    ("bad", "field"),
    [(row(name="N" * 121), "name"), (row(key="k" * 81), "key")],
)
def test_a_name_or_key_longer_than_the_database_holds_is_refused_by_row(
    bad: dict[str, str], field: str
) -> None:
    message = refusal(csv_text(bad))
    assert f"row 2: {field}" in message


def test_a_duplicate_of_a_bad_row_is_still_named() -> None:
    message = refusal(csv_text(row(name=""), row()))
    assert "row 2: name is empty" in message
    assert "row 3: key 'prompt-design' appears twice" in message


# --- saving, with a database ------------------------------------------------------------


@dataclass
class Leads:
    session: Session
    lead: PersonRef
    mentor: PersonRef
    learner: PersonRef
    other_lead: PersonRef  # lead of another team


@pytest.fixture
def team(session: Session) -> Leads:
    ours = make_team(session=session, name="Ours")
    theirs = make_team(session=session, name="Theirs")
    lead = make_person(session=session, team=ours, name="Lena Lead", role=PersonRole.LEAD)
    mentor = make_person(session=session, team=ours, name="Max Mentor", role=PersonRole.MENTOR)
    learner = make_person(session=session, team=ours, name="Ada Byron", mentor=mentor)
    other = make_person(session=session, team=theirs, name="Olga Other", role=PersonRole.LEAD)
    return Leads(
        session,
        make_ref(session=session, person=lead),
        make_ref(session=session, person=mentor),
        make_ref(session=session, person=learner),
        make_ref(session=session, person=other),
    )


@pytest.fixture
def seeded(team: Leads, curriculum: Curriculum) -> Leads:
    """Both teams start from the curriculum's framework, as new teams do."""
    sync_curriculum(team.session, curriculum)
    for lead in (team.lead, team.other_lead):
        start_team_framework(team.session, lead.team_id)
    team.session.flush()
    return team


@pytest.fixture(scope="module")
def seeded_csv(curriculum: Curriculum) -> Iterator[str]:
    """The built-in curriculum's framework as CSV, exported from a scratch SQLite database."""
    engine = make_migrated_engine()
    with Session(engine) as session:
        sync_curriculum(session, curriculum)
        scratch = make_team(session=session, name="Scratch")
        start_team_framework(session, scratch.id or 0)
        session.flush()
        yield export_framework_csv(session, scratch.id or 0)
    engine.dispose()


def count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_the_seeded_framework_lists_every_competency_in_order(
    seeded: Leads, curriculum: Curriculum
) -> None:
    competencies = list_competencies(seeded.session, seeded.lead.team_id)
    assert [c.key for c in competencies] == [c.key for c in curriculum.competencies]
    assert len(competencies) == 12
    assert [c.group for c in competencies[:4]] == [CompetencyGroup.TECHNICAL] * 4
    assert [c.group for c in competencies[-4:]] == [CompetencyGroup.LEADERSHIP] * 4
    for view, spec in zip(competencies, curriculum.competencies, strict=True):
        assert view.descriptors == spec.descriptors
        assert sorted(view.descriptors) == [1, 2, 3, 4]


def test_export_parse_save_gives_the_same_framework(seeded: Leads) -> None:
    session = seeded.session
    before = list_competencies(session, seeded.lead.team_id)
    exported = export_framework_csv(session, seeded.lead.team_id)
    rows = parse_framework_csv(exported)
    assert len(rows) == 12
    saved = save_framework(session, actor=seeded.lead, rows=rows, now=utc_now())
    assert str(saved) == "No competency changed, so nothing was saved."
    assert count(session, AuditEvent) == 0  # a save that changes nothing is not an event
    assert (
        list_competencies(session, seeded.lead.team_id) == before
    )  # ids, order, names, groups, descriptors
    assert export_framework_csv(session, seeded.lead.team_id) == exported
    assert count(session, Competency) == 3 * 12  # the curriculum's copy and each team's
    assert count(session, LevelDescriptor) == 3 * 48


def test_the_seeded_csv_imports_into_an_empty_database_unchanged(
    team: Leads, seeded_csv: str
) -> None:
    session = team.session
    assert count(session, Competency) == 0
    save_framework(session, actor=team.lead, rows=parse_framework_csv(seeded_csv), now=utc_now())
    assert export_framework_csv(session, team.lead.team_id) == seeded_csv
    header, *lines = list(csv.reader(io.StringIO(seeded_csv)))
    assert tuple(header) == CSV_COLUMNS
    assert [c.key for c in list_competencies(session, team.lead.team_id)] == [
        line[0] for line in lines
    ]


def test_saving_updates_by_key_and_appends_new_competencies(seeded: Leads) -> None:
    session = seeded.session
    before = {c.key: c for c in list_competencies(session, seeded.lead.team_id)}
    mentoring = before["mentoring"]
    edited = row(
        key="mentoring",
        name="Mentoring others",
        group="leadership",
        description="Helping others grow.",
        advanced="Runs a mentoring programme.",
    )
    saved = save_framework(
        session,
        actor=seeded.lead,
        rows=parse_framework_csv(csv_text(edited, row(key="prompt-design"))),
        now=utc_now(),
    )
    assert (saved.added, saved.changed) == (["Prompt design"], ["Mentoring others"])
    after = list_competencies(session, seeded.lead.team_id)
    assert [c.key for c in after] == [*before, "prompt-design"]  # the new one comes last
    changed = next(c for c in after if c.key == "mentoring")
    assert changed.id == mentoring.id  # updated in place: ratings keep pointing at it
    assert (changed.name, changed.description) == ("Mentoring others", "Helping others grow.")
    assert changed.descriptors[3] == "Runs a mentoring programme."
    assert changed.descriptors[1] == "Follows a template."
    untouched = [c for c in after if c.key not in ("mentoring", "prompt-design")]
    assert untouched == [before[c.key] for c in untouched]
    audit = session.exec(select(AuditEvent).where(AuditEvent.action == "framework_saved")).one()
    assert audit.actor_id == seeded.lead.id
    assert audit.detail == {
        "keys": ["mentoring", "prompt-design"],
        "summary": "Saved the competency framework: added Prompt design; changed Mentoring others.",
    }


def test_a_csv_with_any_bad_row_imports_nothing(seeded: Leads) -> None:
    session = seeded.session
    before = export_framework_csv(session, seeded.lead.team_id)
    lines = before.splitlines()
    # Rename the first competency (a valid change), break the last row's group.
    first = lines[1].replace("Vector database expertise", "Renamed", 1)
    last = lines[-1].replace(",leadership,", ",visionary,", 1)
    bad = "\n".join([lines[0], first, *lines[2:-1], last]) + "\n"
    with pytest.raises(InvalidInput, match="row 13: group") as refused:
        save_framework(session, actor=seeded.lead, rows=parse_framework_csv(bad), now=utc_now())
    assert "row 2" not in str(refused.value)
    assert export_framework_csv(session, seeded.lead.team_id) == before
    assert "Renamed" not in before


@pytest.mark.parametrize("who", ["mentor", "learner"])
def test_only_a_lead_may_save_the_framework(seeded: Leads, who: str) -> None:
    session = seeded.session
    before = export_framework_csv(session, seeded.lead.team_id)
    rows = parse_framework_csv(csv_text(row(), row(key="mentoring", name="Taken over")))
    with pytest.raises(PermissionDenied, match="Only a team lead"):
        save_framework(session, actor=getattr(seeded, who), rows=rows, now=utc_now())
    assert export_framework_csv(session, seeded.lead.team_id) == before
    assert count(session, AuditEvent) == 0


def test_each_team_edits_only_its_own_framework(seeded: Leads) -> None:
    session = seeded.session
    theirs_before = export_framework_csv(session, seeded.other_lead.team_id)
    save_framework(
        session,
        actor=seeded.lead,
        rows=parse_framework_csv(csv_text(row(key="mentoring", name="Mentoring others"))),
        now=utc_now(),
    )
    names = {c.key: c.name for c in list_competencies(session, seeded.lead.team_id)}
    assert names["mentoring"] == "Mentoring others"
    assert export_framework_csv(session, seeded.other_lead.team_id) == theirs_before
    theirs = {c.key: c.name for c in list_competencies(session, seeded.other_lead.team_id)}
    assert theirs["mentoring"] != "Mentoring others"


def test_a_new_team_starts_from_the_curriculum_framework_and_keeps_its_edits(
    seeded: Leads, curriculum: Curriculum
) -> None:
    session = seeded.session
    save_framework(
        session,
        actor=seeded.lead,
        rows=parse_framework_csv(csv_text(row(key="mentoring", name="Mentoring others"))),
        now=utc_now(),
    )
    # The next start re-reads the YAML and tops every team up: the lead's edit stays.
    sync_curriculum(session, curriculum)
    assert start_team_framework(session, seeded.lead.team_id) == 0
    names = {c.key: c.name for c in list_competencies(session, seeded.lead.team_id)}
    assert names["mentoring"] == "Mentoring others"
    assert list(names) == [c.key for c in curriculum.competencies]


# --- role targets -----------------------------------------------------------------------


@pytest.fixture
def framework(team: Leads) -> Leads:
    for position, key in enumerate(("search", "pitch", "coach")):
        make_competency(session=team.session, key=key, position=position)
    return team


def test_role_targets_are_set_and_read_back(framework: Leads) -> None:
    session = framework.session
    targets = {
        ("Backend engineer", "search"): 3,
        ("Backend engineer", "pitch"): 0,
        ("Backend engineer", "coach"): 4,
        ("Architect", "search"): 4,
    }
    changes = set_role_targets(session, actor=framework.lead, targets=targets, at=utc_now())
    # A role with no target stands at none: setting none is no change and stores nothing.
    set_now = {pair: level for pair, level in targets.items() if level}
    assert role_targets(session, framework.lead.team_id) == set_now
    assert len(changes) == 3
    # Setting again changes the given ones and keeps the rest.
    changes = set_role_targets(
        session,
        actor=framework.lead,
        targets={("Backend engineer", "search"): 2, ("Architect", "pitch"): 1},
        at=utc_now(),
    )
    assert sorted(str(c) for c in changes) == [
        "Architect · Pitch: none → basic",
        "Backend engineer · Search: advanced → intermediate",
    ]
    assert role_targets(session, framework.lead.team_id) == {
        **set_now,
        ("Backend engineer", "search"): 2,
        ("Architect", "pitch"): 1,
    }


def test_saving_role_targets_unchanged_saves_nothing_and_is_not_audited(
    framework: Leads,
) -> None:
    session = framework.session
    set_role_targets(
        session, actor=framework.lead, targets={("Architect", "search"): 3}, at=utc_now()
    )
    events = count(session, AuditEvent)
    assert (
        set_role_targets(
            session, actor=framework.lead, targets={("Architect", "search"): 3}, at=utc_now()
        )
        == []
    )
    assert count(session, AuditEvent) == events
    # Another team's targets are its own.
    assert role_targets(session, framework.other_lead.team_id) == {}


@pytest.mark.parametrize("level", [-1, 5])
def test_targets_outside_0_to_4_are_refused_and_none_saved(framework: Leads, level: int) -> None:
    session = framework.session
    with pytest.raises(InvalidInput, match=f"Architect / pitch: {level}"):
        set_role_targets(
            session,
            actor=framework.lead,
            targets={("Architect", "search"): 3, ("Architect", "pitch"): level},
            at=utc_now(),
        )
    assert role_targets(session, framework.lead.team_id) == {}


def test_targets_for_an_unknown_competency_are_refused(framework: Leads) -> None:
    with pytest.raises(NotFound, match="mind-reading"):
        set_role_targets(
            framework.session,
            actor=framework.lead,
            targets={("Architect", "search"): 3, ("Architect", "mind-reading"): 2},
            at=utc_now(),
        )
    assert role_targets(framework.session, framework.lead.team_id) == {}


@pytest.mark.parametrize("who", ["mentor", "learner"])
def test_only_a_lead_sets_role_targets(framework: Leads, who: str) -> None:
    with pytest.raises(PermissionDenied):
        set_role_targets(
            framework.session,
            actor=getattr(framework, who),
            targets={("Architect", "search"): 3},
            at=utc_now(),
        )
    assert role_targets(framework.session, framework.lead.team_id) == {}


def test_job_roles_come_from_people_and_targets(framework: Leads) -> None:
    # make_person gives everyone "Backend engineer".
    assert job_roles(framework.session, framework.lead.team_id) == ["Backend engineer"]
    set_role_targets(
        framework.session, actor=framework.lead, targets={("Architect", "search"): 3}, at=utc_now()
    )
    assert job_roles(framework.session, framework.lead.team_id) == [
        "Architect",
        "Backend engineer",
    ]


# --- assessment weights -----------------------------------------------------------------


def test_a_team_starts_with_the_default_weights(team: Leads) -> None:
    assert team_weights(team.session, team.lead.team_id) == DEFAULT_WEIGHTS


def test_a_lead_changes_the_weights_for_their_team_only(team: Leads) -> None:
    custom = {
        "knowledge_recall": 0.1,
        "practical_application": 0.5,
        "analytical_thinking": 0.3,
        "knowledge_transfer": 0.1,
    }
    set_team_weights(team.session, actor=team.lead, weights=custom, now=utc_now())
    assert team_weights(team.session, team.lead.team_id) == custom
    assert team_weights(team.session, team.other_lead.team_id) == DEFAULT_WEIGHTS


def test_a_bad_set_of_weights_is_refused_and_nothing_saved(team: Leads) -> None:
    bad = {**DEFAULT_WEIGHTS, "knowledge_transfer": 0.3}
    with pytest.raises(InvalidInput, match=r"the weights add up to 1\.1, not 1"):
        set_team_weights(team.session, actor=team.lead, weights=bad, now=utc_now())
    assert team_weights(team.session, team.lead.team_id) == DEFAULT_WEIGHTS
    assert count(team.session, AuditEvent) == 0


@pytest.mark.parametrize("who", ["mentor", "learner"])
def test_only_a_lead_changes_the_weights(team: Leads, who: str) -> None:
    equal = dict.fromkeys(DEFAULT_WEIGHTS, 0.25)
    with pytest.raises(PermissionDenied):
        set_team_weights(team.session, actor=getattr(team, who), weights=equal, now=utc_now())
    assert team_weights(team.session, team.lead.team_id) == DEFAULT_WEIGHTS


def test_weights_of_an_unknown_team_are_not_found(team: Leads) -> None:
    with pytest.raises(NotFound):
        team_weights(team.session, 999_999)
