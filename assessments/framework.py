"""The competency framework: read, edit, CSV import/export, role targets and team weights."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from assessments.rules import DEFAULT_WEIGHTS, DIMENSION_LABELS, LEVEL_NAMES, validate_weights
from storage import formats
from storage.access import ensure_can_edit_goals, ensure_lead
from storage.audit import listed, record
from storage.enums import CompetencyGroup
from storage.errors import InvalidInput, NotFound
from storage.models import (
    Competency,
    LevelDescriptor,
    ModuleCompetency,
    Person,
    PersonalTarget,
    RoleTarget,
    Team,
)
from storage.people import PersonRef
from storage.spreadsheets import from_spreadsheet, write_csv

CSV_COLUMNS = ("key", "name", "group", "description", "basic", "intermediate", "advanced", "expert")
KEY_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")
MAX_TEXT_CHARS = 1_000
MAX_KEY_CHARS = 80  # the database columns' sizes
MAX_NAME_CHARS = 120
MAX_CSV_ROWS = 500


@dataclass(frozen=True)
class CompetencyView:
    id: int
    key: str
    name: str
    group: CompetencyGroup
    description: str
    descriptors: dict[int, str]  # level 1..4 → what it looks like


def list_competencies(session: Session, team_id: int) -> list[CompetencyView]:
    """The team's framework in its order: technical, business, leadership as the YAML lists
    them, then any the lead added."""
    competencies = session.exec(
        select(Competency)
        .where(Competency.team_id == team_id)
        .order_by(col(Competency.position), col(Competency.id))
    ).all()
    ids = [c.id for c in competencies]
    descriptors: dict[int, dict[int, str]] = {}
    for d in session.exec(
        select(LevelDescriptor).where(col(LevelDescriptor.competency_id).in_(ids))
    ):
        descriptors.setdefault(d.competency_id, {})[d.level] = d.description
    return [
        CompetencyView(
            id=c.id or 0,
            key=c.key,
            name=c.name,
            group=CompetencyGroup(c.group),
            description=c.description,
            descriptors=descriptors.get(c.id or 0, {}),
        )
        for c in competencies
    ]


def competency_ids(session: Session, team_id: int) -> dict[str, int]:
    """The team's competencies: key → id."""
    return {
        key: cid
        for cid, key in session.exec(
            select(Competency.id, Competency.key).where(Competency.team_id == team_id)
        ).all()
        if cid is not None
    }


def module_competencies(session: Session, module_id: int, team_id: int) -> list[Competency]:
    """The team's competencies the module builds (its curriculum competencies, by key), in
    the framework's order."""
    linked = (
        select(Competency.key)
        .join(ModuleCompetency, col(ModuleCompetency.competency_id) == Competency.id)
        .where(ModuleCompetency.module_id == module_id)
    )
    return list(
        session.exec(
            select(Competency)
            .where(Competency.team_id == team_id, col(Competency.key).in_(linked))
            .order_by(col(Competency.position), col(Competency.id))
        ).all()
    )


def start_team_framework(session: Session, team_id: int) -> int:
    """Give the team every competency of the curriculum's framework (competencies.yaml as
    last loaded) it lacks, with its level descriptors; a team's own edits are kept. Returns
    how many were added."""
    have = set(competency_ids(session, team_id))
    template = session.exec(
        select(Competency)
        .where(col(Competency.team_id).is_(None))
        .order_by(col(Competency.position), col(Competency.id))
    ).all()
    missing = [c for c in template if c.key not in have]
    if not missing:
        return 0
    texts: dict[int, list[LevelDescriptor]] = {}
    for d in session.exec(
        select(LevelDescriptor).where(
            col(LevelDescriptor.competency_id).in_([c.id for c in missing])
        )
    ):
        texts.setdefault(d.competency_id, []).append(d)
    for source in missing:
        copy = Competency(
            team_id=team_id,
            key=source.key,
            name=source.name,
            group=source.group,
            description=source.description,
            position=source.position,
        )
        session.add(copy)
        session.flush()
        assert copy.id is not None
        for d in texts.get(source.id or 0, []):
            session.add(
                LevelDescriptor(competency_id=copy.id, level=d.level, description=d.description)
            )
    session.flush()
    return len(missing)


# --- CSV --------------------------------------------------------------------------------


def export_framework_csv(session: Session, team_id: int) -> str:
    """The team's framework as CSV, one competency a row with a column per level's
    descriptor."""
    return write_csv(
        CSV_COLUMNS,
        (
            [c.key, c.name, c.group.value, c.description]
            + [c.descriptors.get(level, "") for level in (1, 2, 3, 4)]
            for c in list_competencies(session, team_id)
        ),
    )


@dataclass(frozen=True)
class FrameworkRow:
    key: str
    name: str
    group: CompetencyGroup
    description: str
    descriptors: dict[int, str]


def parse_framework_csv(text: str) -> list[FrameworkRow]:
    """Parse and validate a framework CSV; InvalidInput lists every bad row and field."""
    try:
        return _parse_framework_csv(text)
    except csv.Error as error:  # e.g. a stray line break or NUL inside an unquoted cell
        raise InvalidInput(f"Nothing imported: the file is not valid CSV ({error}).") from error


def _parse_framework_csv(text: str) -> list[FrameworkRow]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = reader.fieldnames or []
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise InvalidInput(f"The CSV lacks column(s): {', '.join(missing)}.")
    rows: list[FrameworkRow] = []
    problems: list[str] = []
    seen: set[str] = set()
    for number, raw in enumerate(reader, start=2):  # line 1 is the header
        if number - 1 > MAX_CSV_ROWS:
            problems.append(f"more than {MAX_CSV_ROWS} rows")
            break
        values = {k: from_spreadsheet((raw.get(k) or "").strip()) for k in CSV_COLUMNS}
        row_problems = []
        key = values["key"]
        if not key or not set(key) <= KEY_CHARS:
            row_problems.append("key must be lower-case letters, digits and dashes")
        elif key in seen:
            row_problems.append(f"key '{key}' appears twice")
        elif len(key) > MAX_KEY_CHARS:
            row_problems.append(f"key longer than {MAX_KEY_CHARS} characters")
        seen.add(key)
        if not values["name"]:
            row_problems.append("name is empty")
        elif len(values["name"]) > MAX_NAME_CHARS:
            row_problems.append(f"name longer than {MAX_NAME_CHARS} characters")
        if values["group"] not in {g.value for g in CompetencyGroup}:
            row_problems.append("group must be technical, business or leadership")
        for level in (1, 2, 3, 4):
            if not values[LEVEL_NAMES[level]]:
                row_problems.append(f"{LEVEL_NAMES[level]} descriptor is empty")
        too_long = [k for k, v in values.items() if len(v) > MAX_TEXT_CHARS]
        if too_long:
            row_problems.append(f"{', '.join(too_long)} longer than {MAX_TEXT_CHARS} characters")
        if row_problems:
            problems.append(f"row {number}: " + "; ".join(row_problems))
            continue
        rows.append(
            FrameworkRow(
                key=key,
                name=values["name"],
                group=CompetencyGroup(values["group"]),
                description=values["description"],
                descriptors={level: values[LEVEL_NAMES[level]] for level in (1, 2, 3, 4)},
            )
        )
    if problems:
        raise InvalidInput("Nothing imported. " + " | ".join(problems))
    if not rows:
        raise InvalidInput("Nothing imported: the CSV has no rows.")
    return rows


@dataclass(frozen=True)
class FrameworkSaved:
    """What a framework save did: the competencies it added and those it changed."""

    added: list[str]
    changed: list[str]

    @property
    def what(self) -> str:
        """'added Prompt design; changed Mentoring others' ('' when nothing changed)."""
        parts = [f"added {listed(self.added)}"] if self.added else []
        parts += [f"changed {listed(self.changed)}"] if self.changed else []
        return "; ".join(parts)

    def __str__(self) -> str:
        if not self.what:
            return "No competency changed, so nothing was saved."
        return f"Competencies saved: {self.what}."


def _as_saved(
    competency: Competency, descriptors: dict[int, LevelDescriptor], row: FrameworkRow
) -> bool:
    """Whether `row` would change nothing of the saved competency and its descriptors."""
    fields = (competency.name, competency.group, competency.description)
    return fields == (row.name, row.group, row.description) and all(
        level in descriptors and descriptors[level].description == text
        for level, text in row.descriptors.items()
    )


def save_framework(
    session: Session, *, actor: PersonRef, rows: list[FrameworkRow], now: datetime
) -> FrameworkSaved:
    """Insert or update the lead's team's competencies by key (none are deleted: ratings
    point at them); other teams' frameworks are not touched. Rows already as given are left
    alone, and a save that changes nothing writes nothing (no audit event either)."""
    ensure_lead(actor, "change the competency framework")
    existing = {
        c.key: c
        for c in session.exec(select(Competency).where(Competency.team_id == actor.team_id))
    }
    position = max((c.position for c in existing.values()), default=-1) + 1
    added: list[str] = []
    changed: list[str] = []
    for row in rows:
        competency = existing.get(row.key)
        descriptors = (
            {
                d.level: d
                for d in session.exec(
                    select(LevelDescriptor).where(LevelDescriptor.competency_id == competency.id)
                )
            }
            if competency is not None
            else {}
        )
        if competency is not None and _as_saved(competency, descriptors, row):
            continue
        if competency is None:
            competency = Competency(
                team_id=actor.team_id,
                key=row.key,
                name=row.name,
                group=row.group,
                position=position,
            )
            position += 1
            added.append(row.name)
        else:
            changed.append(row.name)
        competency.name, competency.group, competency.description = (
            row.name,
            row.group,
            row.description,
        )
        session.add(competency)
        session.flush()
        for level, text in row.descriptors.items():
            descriptor = descriptors.get(level) or LevelDescriptor(
                competency_id=competency.id or 0, level=level, description=text
            )
            descriptor.description = text
            session.add(descriptor)
    saved = FrameworkSaved(added, changed)
    if added or changed:
        record(
            session,
            actor=actor,
            action="framework_saved",
            entity="competency",
            summary=f"Saved the competency framework: {saved.what}.",
            detail={"keys": [r.key for r in rows]},
            at=now,
        )
        session.flush()
    return saved


# --- role targets -----------------------------------------------------------------------


def job_roles(session: Session, team_id: int) -> list[str]:
    """The team's job roles, from its people and its targets."""
    from_people = session.exec(
        select(Person.job_role).where(Person.team_id == team_id, Person.active == True)  # noqa: E712
    ).all()
    from_targets = session.exec(select(RoleTarget.job_role).where(RoleTarget.team_id == team_id))
    return sorted(set(from_people) | set(from_targets.all()))


def role_targets(session: Session, team_id: int) -> dict[tuple[str, str], int]:
    """(job role, competency key) → target level, for the team."""
    rows = session.exec(
        select(RoleTarget.job_role, Competency.key, RoleTarget.level)
        .join(Competency, col(Competency.id) == RoleTarget.competency_id)
        .where(RoleTarget.team_id == team_id)
    ).all()
    return {(role, key): level for role, key, level in rows}


@dataclass(frozen=True)
class TargetChange:
    """One role target that a save changed (a role with no target stands at 0, none)."""

    job_role: str
    competency_name: str
    before: int
    after: int

    def __str__(self) -> str:
        return (
            f"{self.job_role} · {self.competency_name}: "
            f"{LEVEL_NAMES[self.before]} → {LEVEL_NAMES[self.after]}"
        )


def set_role_targets(
    session: Session,
    *,
    actor: PersonRef,
    targets: dict[tuple[str, str], int],
    at: datetime,
) -> list[TargetChange]:
    """Set the team's targets for the (job role, competency) pairs given; levels 0..4. `at`:
    when they were set (now, or a day of the demo's history).

    Returns what changed; pairs already at their level are left alone, and a save that
    changes nothing writes nothing (no audit event either)."""
    ensure_lead(actor, "set role targets")
    bad = [
        f"{role} / {key}: {level}" for (role, key), level in targets.items() if not 0 <= level <= 4
    ]
    if bad:
        raise InvalidInput("Targets must be levels 0 to 4: " + ", ".join(bad))
    ids = competency_ids(session, actor.team_id)
    unknown = sorted({key for _, key in targets if key not in ids})
    if unknown:
        raise NotFound(f"Unknown competencies: {', '.join(unknown)}.")
    names = {c.key: c.name for c in list_competencies(session, actor.team_id)}
    existing = {
        (t.job_role, t.competency_id): t
        for t in session.exec(select(RoleTarget).where(RoleTarget.team_id == actor.team_id))
    }
    changes = []
    for (role, key), level in sorted(targets.items()):
        competency_id = ids[key] or 0
        target = existing.get((role, competency_id))
        before = target.level if target is not None else 0
        if level == before:
            continue
        target = target or RoleTarget(
            team_id=actor.team_id, job_role=role, competency_id=competency_id, level=level
        )
        target.level = level
        session.add(target)
        changes.append(TargetChange(role, names[key], before, level))
    if changes:
        record(
            session,
            actor=actor,
            action="targets_set",
            entity="roletarget",
            summary="Set role targets: " + "; ".join(str(c) for c in changes) + ".",
            detail={"changed": len(changes)},
            at=at,
        )
        session.flush()
    return changes


# --- personal targets -------------------------------------------------------------------


def personal_targets(session: Session, person_ids: Sequence[int]) -> dict[tuple[int, str], int]:
    """(person id, competency key) → the person's own target, which replaces their job
    role's target for them (see `target_for`)."""
    if not person_ids:
        return {}
    rows = session.exec(
        select(PersonalTarget.person_id, Competency.key, PersonalTarget.level)
        .join(Competency, col(Competency.id) == PersonalTarget.competency_id)
        .where(col(PersonalTarget.person_id).in_(list(person_ids)))
    ).all()
    return {(person_id, key): level for person_id, key, level in rows}


def target_for(
    person_id: int,
    job_role: str,
    competency_key: str,
    role: Mapping[tuple[str, str], int],
    personal: Mapping[tuple[int, str], int],
) -> tuple[int, bool]:
    """The one rule for a person's target in a competency: their personal target when they
    have one (higher or lower), else their job role's (0 when none); and whether it is
    personal."""
    own = personal.get((person_id, competency_key))
    if own is not None:
        return own, True
    return role.get((job_role, competency_key), 0), False


def set_personal_target(
    session: Session,
    *,
    actor: PersonRef,
    person: PersonRef,
    competency_id: int,
    level: int | None,
    at: datetime,
) -> None:
    """Set (or, with None, remove) a person's own target in one competency. Who may: the
    person, their mentor or a lead of their team, the people who edit their development
    plan, which keeps it in step with its goals (the goal's change is what the audit log
    tells)."""
    ensure_can_edit_goals(actor, person, "set their personal targets")
    row = session.exec(
        select(PersonalTarget).where(
            PersonalTarget.person_id == person.id, PersonalTarget.competency_id == competency_id
        )
    ).first()
    if level is None:
        if row is not None:
            session.delete(row)
        return
    if not 0 <= level <= 4:
        raise InvalidInput("A target is a level from 0 (none) to 4 (expert).")
    row = row or PersonalTarget(
        person_id=person.id, competency_id=competency_id, level=level, set_at=at
    )
    if row.id is not None and row.level == level:
        return
    row.level, row.set_by_id, row.set_at = level, actor.id, at
    session.add(row)


# --- assessment weights -----------------------------------------------------------------


def team_weights(session: Session, team_id: int) -> dict[str, float]:
    """The team's multi-dimensional assessment weights (the seed's defaults until changed)."""
    team = session.get(Team, team_id)
    if team is None:
        raise NotFound(f"No team with id {team_id}.")
    return dict(team.assessment_weights or DEFAULT_WEIGHTS)


def set_team_weights(
    session: Session, *, actor: PersonRef, weights: dict[str, float], now: datetime
) -> None:
    """Change the weights; refused unless they cover the four dimensions and sum to 1."""
    ensure_lead(actor, "change assessment weights")
    checked = validate_weights(weights)
    team = session.get(Team, actor.team_id)
    assert team is not None
    team.assessment_weights = checked
    session.add(team)
    record(
        session,
        actor=actor,
        action="weights_set",
        entity="team",
        summary="Set the assessment weights: "
        + ", ".join(
            f"{DIMENSION_LABELS[k].lower()} {formats.percent(v)}" for k, v in checked.items()
        )
        + ".",
        entity_id=team.id,
        detail=checked,
        at=now,
    )
    session.flush()
