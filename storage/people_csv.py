"""People from and to CSV: a preview of every change with row-level problems, then all or
nothing.

The file has a header `name,email,role,job_role,mentor_email,team` (`team` optional when the
import names one; `joined_on`, YYYY-MM-DD, optional), is UTF-8 with or without a BOM, and
uses commas or semicolons. A row whose email is new adds a person; a known email updates
that person to what the row says; people the file does not mention are left alone.
Importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

from sqlmodel import Session, col, select

from storage.access import can_manage_team, ensure_can_manage_team
from storage.enums import PersonRole
from storage.errors import InvalidInput, ProficioError
from storage.models import Person, Team
from storage.people import PersonRef, admin_emails, normalise_email
from storage.progress import OnProgress, no_progress
from storage.roster import (
    PersonIn,
    add_person,
    clean_email,
    clean_job_role,
    clean_name,
    move_person,
    parse_role,
    record_added,
    write_person,
)
from storage.spreadsheets import from_spreadsheet, write_csv
from storage.uploads import check_upload_size

REQUIRED_COLUMNS = ("name", "email", "role", "job_role", "mentor_email")
OPTIONAL_COLUMNS = ("team", "joined_on")
EXPORT_COLUMNS = (*REQUIRED_COLUMNS, "team", "joined_on")
MAX_PEOPLE_CSV_ROWS = 10_000
PHASE_ADDING = "adding people"  # the progress phases of an import
PHASE_WRITING = "writing people"
T = TypeVar("T")


class ChangeKind(StrEnum):
    ADD = "add"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class RowProblem:
    """Why one cell (or the whole file, row 0) cannot be imported."""

    row: int  # the line in the file (1 is the header); 0 for the file as a whole
    column: str
    value: str
    why: str

    def __str__(self) -> str:
        """One line, whatever the value holds (a quoted cell may hold line breaks)."""
        if self.row == 0:
            return " ".join(self.why.split())
        value = self.value.replace("\r", "\\r").replace("\n", "\\n")
        return f"row {self.row}, {self.column} '{value}': {self.why}"


@dataclass(frozen=True)
class PersonChange:
    """What importing one row will do."""

    row: int
    kind: ChangeKind
    name: str
    email: str
    team: str
    changes: tuple[str, ...] = ()  # "role: learner → mentor", for an update


@dataclass(frozen=True)
class ImportPlan:
    changes: list[PersonChange] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, kind: ChangeKind) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    @property
    def summary(self) -> str:
        """What the plan will do, e.g. "3 to add, 1 to update, 26 unchanged"."""
        return (
            f"{self.count(ChangeKind.ADD)} to add, {self.count(ChangeKind.UPDATE)} to update, "
            f"{self.count(ChangeKind.UNCHANGED)} unchanged"
        )

    @property
    def done_summary(self) -> str:
        """What applying it did, e.g. "3 added, 1 updated, 26 unchanged"."""
        return (
            f"{self.count(ChangeKind.ADD)} added, {self.count(ChangeKind.UPDATE)} updated, "
            f"{self.count(ChangeKind.UNCHANGED)} unchanged"
        )


@dataclass(frozen=True)
class _Row:
    line: int
    values: dict[str, str]


# --- reading the file -------------------------------------------------------------------


def _decode(data: bytes) -> str:
    check_upload_size("The file", len(data))
    try:
        text = data.decode("utf-8-sig")  # drops a BOM if there is one
    except UnicodeDecodeError as error:
        raise InvalidInput(
            f"The file is not UTF-8 text (byte {error.start + 1} cannot be read); save it as "
            "'CSV UTF-8' and try again."
        ) from None
    if "\x00" in text:
        raise InvalidInput("The file holds NUL characters; it is not a CSV text file.")
    return text


def _delimiter(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if header.count(";") > header.count(",") else ","


def read_rows(data: bytes) -> list[_Row]:
    """The file's data rows as trimmed cells by column name; InvalidInput for a file that is
    not a people CSV at all (wrong encoding, missing or unknown columns, no rows)."""
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header: list[str] | None = None
        rows: list[_Row] = []
        ended = 0  # the line the previous record ended on
        for cells in reader:
            first_line, ended = ended + 1, reader.line_num  # a quoted cell may span lines
            if not any(cell.strip() for cell in cells):
                continue  # a blank line
            if header is None:
                header = [cell.strip().lower() for cell in cells]
                _check_header(header)
                continue
            if len(rows) >= MAX_PEOPLE_CSV_ROWS:
                raise InvalidInput(f"The file has more than {MAX_PEOPLE_CSV_ROWS} rows; split it.")
            values = {
                name: from_spreadsheet(cells[i].strip()) if i < len(cells) else ""
                for i, name in enumerate(header)
            }
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                values["__extra__"] = ", ".join(c.strip() for c in cells[len(header) :])
            rows.append(_Row(line=first_line, values=values))
    except csv.Error as error:
        raise InvalidInput(f"The file is not valid CSV ({error}).") from None
    if header is None:
        raise InvalidInput(
            "The file is empty; it needs a header line: " + ",".join(REQUIRED_COLUMNS) + ",team"
        )
    if not rows:
        raise InvalidInput("The file has a header but no people.")
    return rows


def _check_header(header: list[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    twice = [c for c, n in Counter(header).items() if n > 1]
    problems = []
    if missing:
        problems.append(f"missing column(s): {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown column(s): {', '.join(unknown)}")
    if twice:
        problems.append(f"column(s) named twice: {', '.join(twice)}")
    if problems:
        raise InvalidInput(
            "The header line is not a people CSV ("
            + "; ".join(problems)
            + "). Expected: "
            + ",".join(REQUIRED_COLUMNS)
            + ",team (team and joined_on optional)."
        )


# --- planning ---------------------------------------------------------------------------


@dataclass
class _Wanted:
    """One valid row, resolved: what the person will be."""

    line: int
    person: PersonIn
    team_id: int
    team_name: str
    mentor_email: str
    existing: Person | None


def _team_ids(session: Session) -> dict[str, tuple[int, str, bool]]:
    """Team name (lower-cased) → id, name, archived."""
    return {
        t.name.casefold(): (t.id or 0, t.name, t.archived_at is not None)
        for t in session.exec(select(Team))
    }


def plan_people_import(
    session: Session, *, actor: PersonRef | None, data: bytes, team: str | None
) -> ImportPlan:
    """What importing this file would change, and every problem by row and column.

    `team` names the team for rows without one. A lead may import into their own team only;
    an admin (or the command line, `actor` None) into any, and may move people between teams.
    """
    try:
        rows = read_rows(data)
    except InvalidInput as error:
        return ImportPlan(problems=[RowProblem(0, "", "", str(error))])
    teams = _team_ids(session)
    default_team = None
    if team is not None and team.strip():
        default_team = teams.get(team.strip().casefold())
        if default_team is None:
            return ImportPlan(
                problems=[RowProblem(0, "", "", f"There is no team called '{team.strip()}'.")]
            )
    people = {p.email: p for p in session.exec(select(Person))}
    problems: list[RowProblem] = []
    wanted: list[_Wanted] = []
    first_line: dict[str, int] = {}
    for row in rows:
        row_problems: list[RowProblem] = []
        name = _cell(row, "name", clean_name, row_problems)
        email = _cell(row, "email", clean_email, row_problems)
        role = _cell(row, "role", parse_role, row_problems)
        job_role = _cell(row, "job_role", clean_job_role, row_problems)
        joined_on = _cell(row, "joined_on", _parse_day, row_problems)
        if "__extra__" in row.values:
            row_problems.append(
                RowProblem(row.line, "", row.values["__extra__"], "more cells than the header")
            )
        mentor_email = normalise_email(row.values.get("mentor_email", ""))
        team_value = row.values.get("team", "").strip()
        target = teams.get(team_value.casefold()) if team_value else default_team
        if target is None:
            why = (
                f"there is no team called '{team_value}'"
                if team_value
                else "no team: fill the team column or choose the team to import into"
            )
            row_problems.append(RowProblem(row.line, "team", team_value, why))
        elif target[2]:
            row_problems.append(RowProblem(row.line, "team", target[1], "the team is archived"))
        elif actor is not None and not can_manage_team(actor, target[0]):
            row_problems.append(
                RowProblem(row.line, "team", target[1], "you can only import into your own team")
            )
        if email is not None:
            if email in first_line:
                row_problems.append(
                    RowProblem(
                        row.line,
                        "email",
                        row.values["email"],
                        f"appears twice (also row {first_line[email]}; case is ignored)",
                    )
                )
            first_line.setdefault(email, row.line)
        existing = people.get(email) if email else None
        hidden = (
            existing is not None
            and actor is not None
            and not can_manage_team(actor, existing.team_id)
        )  # someone of a team the importer does not manage: not named to them
        if hidden:
            row_problems.append(
                RowProblem(
                    row.line,
                    "email",
                    email or "",
                    "belongs to someone in another team; an organisation admin can move them",
                )
            )
        elif existing is None and email in admin_emails() and actor and not actor.is_admin:
            row_problems.append(
                RowProblem(
                    row.line,
                    "email",
                    email or "",
                    "an organisation admin's address; only an admin can give it to someone",
                )
            )
        if existing is not None and target is not None and not hidden:
            if not existing.active:
                row_problems.append(
                    RowProblem(
                        row.line,
                        "email",
                        email or "",
                        f"{existing.name} has left; reactivate them on the Team members page first",
                    )
                )
            elif existing.team_id != target[0] and actor is not None and not actor.is_admin:
                row_problems.append(
                    RowProblem(
                        row.line,
                        "team",
                        target[1],
                        f"{existing.name} is in another team; an organisation admin can move them",
                    )
                )
        if row_problems or None in (name, email, role, job_role) or target is None:
            problems.extend(row_problems)
            continue
        assert name and email and role and job_role
        wanted.append(
            _Wanted(
                line=row.line,
                person=PersonIn(
                    name=name, email=email, role=role, job_role=job_role, joined_on=joined_on
                ),
                team_id=target[0],
                team_name=target[1],
                mentor_email=mentor_email,
                existing=existing,
            )
        )
    problems.extend(_mentor_problems(wanted, people, actor))
    problems.extend(_final_state_problems(session, wanted))
    problems.sort(key=lambda p: (p.row, p.column))
    if problems:
        return ImportPlan(problems=problems)
    return ImportPlan(changes=[_change(session, w, people) for w in wanted])


def _cell(row: _Row, column: str, rule: Callable[[str], T], problems: list[RowProblem]) -> T | None:
    """`rule` applied to the row's cell, or None with the problem added to `problems`."""
    value = row.values.get(column, "")
    try:
        return rule(value)
    except ProficioError as error:
        problems.append(RowProblem(row.line, column, value, str(error)))
        return None


def _parse_day(value: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput("not a date: write it as YYYY-MM-DD") from None


def _mentor_problems(
    wanted: list[_Wanted], people: dict[str, Person], actor: PersonRef | None
) -> list[RowProblem]:
    """Each mentor_email names someone in the file or already in the row's team who will be a
    mentor or lead, not the row's own person, and two people do not mentor each other."""
    by_email = {w.person.email: w for w in wanted}
    problems = []
    for w in wanted:
        if not w.mentor_email:
            continue
        mentor_in_file = by_email.get(w.mentor_email)
        existing = people.get(w.mentor_email)
        if (
            mentor_in_file is None
            and existing is not None
            and actor is not None
            and not can_manage_team(actor, existing.team_id)
        ):
            problems.append(
                RowProblem(
                    w.line,
                    "mentor_email",
                    w.mentor_email,
                    "belongs to someone in another team; a mentor is in the row's team",
                )
            )
            continue
        if mentor_in_file is not None:
            team_id, role, name = (
                mentor_in_file.team_id,
                mentor_in_file.person.role,
                mentor_in_file.person.name,
            )
            mentors_back = mentor_in_file.mentor_email == w.person.email
        elif existing is not None and existing.active:
            team_id, role, name = existing.team_id, PersonRole(existing.role), existing.name
            mentors_back = (
                w.existing is not None and existing.mentor_id == w.existing.id
            ) and not by_email.get(existing.email)
        else:
            missing = (
                f"{existing.name} has left"
                if existing is not None
                else "nobody with this email is in the file or the team"
            )
            problems.append(RowProblem(w.line, "mentor_email", w.mentor_email, missing))
            continue
        why: str | None = None
        if w.mentor_email == w.person.email:
            why = "nobody mentors themselves"
        elif team_id != w.team_id:
            why = f"{name} is in another team"
        elif role == PersonRole.LEARNER:
            why = f"{name} is a learner; mentors are mentors or leads"
        elif mentors_back:
            why = f"{name} and {w.person.name} would mentor each other"
        if why:
            problems.append(RowProblem(w.line, "mentor_email", w.mentor_email, why))
    return problems


def _final_state_problems(session: Session, wanted: list[_Wanted]) -> list[RowProblem]:
    """What the whole file would leave wrong once applied, whatever its row order: a team
    that had a lead left without one, a learner who still mentors someone."""
    final: dict[str, tuple[int, PersonRole, str]] = {}  # email → team, role, mentor's email
    emails = {pid: email for pid, email in session.exec(select(Person.id, Person.email))}
    for p in session.exec(select(Person).where(Person.active == True)):  # noqa: E712
        final[p.email] = (p.team_id, PersonRole(p.role), emails.get(p.mentor_id, ""))
    for w in wanted:
        final[w.person.email] = (w.team_id, w.person.role, w.mentor_email)
    problems = []
    led_before = {
        p.team_id
        for p in session.exec(select(Person).where(Person.active == True))  # noqa: E712
        if p.role == PersonRole.LEAD
    }
    led_after = {team for team, role, _ in final.values() if role == PersonRole.LEAD}
    for w in wanted:
        old = w.existing
        if old is None or old.role != PersonRole.LEAD or old.team_id in led_after:
            continue
        if old.team_id in led_before:
            problems.append(
                RowProblem(
                    w.line,
                    "role" if w.team_id == old.team_id else "team",
                    str(w.person.role) if w.team_id == old.team_id else w.team_name,
                    f"{old.name} is the team's only lead; make someone else a lead first",
                )
            )
    for w in wanted:
        if w.person.role != PersonRole.LEARNER:
            continue
        mentees = sorted(
            email
            for email, (team, _, mentor) in final.items()
            if mentor == w.person.email and team == w.team_id
        )
        if mentees:
            problems.append(
                RowProblem(
                    w.line,
                    "role",
                    str(w.person.role),
                    f"{w.person.name} would still mentor {', '.join(mentees)}; learners do not "
                    "mentor, so give them another mentor in the file",
                )
            )
    return problems


def _change(session: Session, w: _Wanted, people: dict[str, Person]) -> PersonChange:
    if w.existing is None:
        return PersonChange(w.line, ChangeKind.ADD, w.person.name, w.person.email, w.team_name)
    old = w.existing
    mentor_email = ""
    if old.mentor_id is not None:
        mentor = session.get(Person, old.mentor_id)
        mentor_email = mentor.email if mentor else ""
    changes = [
        f"{label}: {before or 'none'} → {after or 'none'}"
        for label, before, after in (
            ("name", old.name, w.person.name),
            ("role", str(old.role), str(w.person.role)),
            ("job role", old.job_role, w.person.job_role),
            ("mentor", mentor_email, w.mentor_email),
            ("joined", str(old.joined_on), str(w.person.joined_on or old.joined_on)),
        )
        if before != after
    ]
    if old.team_id != w.team_id:
        changes.insert(0, f"team: {_team_name(session, old.team_id)} → {w.team_name}")
    kind = ChangeKind.UPDATE if changes else ChangeKind.UNCHANGED
    return PersonChange(w.line, kind, w.person.name, w.person.email, w.team_name, tuple(changes))


def _team_name(session: Session, team_id: int) -> str:
    team = session.get(Team, team_id)
    return team.name if team else "?"


# --- applying ---------------------------------------------------------------------------


def apply_people_import(
    session: Session,
    *,
    actor: PersonRef | None,
    data: bytes,
    team: str | None,
    now: datetime,
    on_progress: OnProgress = no_progress,
) -> ImportPlan:
    """Import the file, all or nothing: InvalidInput listing every problem if it has any,
    else every change made in the caller's unit of work (audited). Returns the plan applied.

    Reports `PHASE_ADDING` (new people and moves) then `PHASE_WRITING` (each changed row's
    full state) to `on_progress`, in rows; nothing when no row changes."""
    plan = plan_people_import(session, actor=actor, data=data, team=team)
    if not plan.ok:
        raise InvalidInput(
            "Nothing imported: "
            + " | ".join(str(p) for p in plan.problems[:20])
            + (f" | and {len(plan.problems) - 20} more" if len(plan.problems) > 20 else "")
        )
    rows = {r.line: r for r in read_rows(data)}
    teams = _team_ids(session)
    default_team = teams.get(team.strip().casefold()) if team and team.strip() else None
    todo = [c for c in plan.changes if c.kind != ChangeKind.UNCHANGED]
    ids: dict[str, int] = {
        email: pid for email, pid in session.exec(select(Person.email, Person.id)) if pid
    }
    resolved: list[tuple[PersonChange, PersonIn, int, str]] = []
    for change in todo:
        values = rows[change.row].values
        team_value = values.get("team", "").strip()
        target = teams[team_value.casefold()] if team_value else default_team
        assert target is not None
        person = PersonIn(
            name=clean_name(values["name"]),
            email=change.email,
            role=parse_role(values["role"]),
            job_role=clean_job_role(values["job_role"]),
            joined_on=_parse_day(values.get("joined_on", "")),
        )
        resolved.append((change, person, target[0], normalise_email(values["mentor_email"])))
    # First everyone new (without a mentor, who may be new too) and every move, then each
    # row's full state with its mentor.
    first = [r for r in resolved if r[0].kind == ChangeKind.ADD or _moves(r[0])]
    for done, (change, person, team_id, _) in enumerate(first, start=1):
        if change.kind == ChangeKind.ADD:
            added = add_person(
                session, actor=actor, team_id=team_id, person=person, now=now, audit=False
            )
            ids[person.email] = added.id
        else:
            move_person(session, actor=actor, person_id=ids[person.email], team_id=team_id, now=now)
        on_progress(PHASE_ADDING, done, len(first))
    # The plan checked the file's final state as a whole, so each row is written as it says,
    # without the one-at-a-time checks an earlier row could fail before a later one is in.
    for done, (change, person, _, mentor_email) in enumerate(resolved, start=1):
        mentor_id = ids[mentor_email] if mentor_email else None
        if change.kind == ChangeKind.ADD and mentor_id is None:
            on_progress(PHASE_WRITING, done, len(resolved))
            continue
        row = session.get(Person, ids[person.email])
        assert row is not None
        write_person(
            session,
            actor=actor,
            row=row,
            person=PersonIn(
                name=person.name,
                email=person.email,
                role=person.role,
                job_role=person.job_role,
                mentor_id=mentor_id,
                joined_on=person.joined_on or row.joined_on,
            ),
            audit=change.kind != ChangeKind.ADD,  # a new person's event comes next, complete
            now=now,
        )
        on_progress(PHASE_WRITING, done, len(resolved))
    for change, person, _, _ in resolved:
        if change.kind == ChangeKind.ADD:
            row = session.get(Person, ids[person.email])
            assert row is not None
            record_added(session, actor=actor, row=row, now=now)
    session.flush()
    return plan


def _moves(change: PersonChange) -> bool:
    """Whether an update moves the person to another team (its first change says so)."""
    return bool(change.changes) and change.changes[0].startswith("team:")


# --- export -----------------------------------------------------------------------------


def export_people_csv(session: Session, *, actor: PersonRef | None, team_id: int | None) -> str:
    """The active people (of one team, or of every team the actor manages) as a CSV that
    imports back unchanged."""
    if team_id is not None and actor is not None:
        ensure_can_manage_team(actor, team_id, "export the team's people")
    query = (
        select(Person, Team.name)
        .join(Team, col(Team.id) == Person.team_id)
        .where(Person.active == True)  # noqa: E712 (SQL expression)
        .order_by(col(Team.name), col(Person.name))
    )
    if team_id is not None:
        query = query.where(Person.team_id == team_id)
    rows = [
        (p, team_name)
        for p, team_name in session.exec(query)
        if actor is None or can_manage_team(actor, p.team_id)
    ]
    emails = {p.id: p.email for p in session.exec(select(Person))}
    return write_csv(
        EXPORT_COLUMNS,
        [
            (
                p.name,
                p.email,
                str(p.role),
                p.job_role,
                emails.get(p.mentor_id, "") if p.mentor_id else "",
                team_name,
                p.joined_on.isoformat(),
            )
            for p, team_name in rows
        ],
    )
