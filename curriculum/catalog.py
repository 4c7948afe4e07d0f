"""The curriculum in the database: synchronise it from YAML and read it back as views."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, col, delete, select

from curriculum.loader import DEFAULT_CURRICULUM_DIR, AssignmentSpec, Curriculum
from storage.enums import CardKind, CompetencyGroup
from storage.errors import NotFound
from storage.models import (
    ActionItem,
    Assignment,
    Competency,
    CurriculumLevel,
    LevelDescriptor,
    Module,
    ModuleCompetency,
    QuizQuestion,
    Rating,
    ReviewCard,
    RoleTarget,
    Track,
    TrackModule,
)
from storage.people import organisation
from storage.settings import get_settings


def curriculum_folder(session: Session) -> Path:
    """The folder the course is read from: the PROFICIO_CURRICULUM_DIR setting, else the
    folder chosen at setup, else the built-in course."""
    configured = get_settings().curriculum_dir
    if configured is not None:
        return configured
    org = organisation(session)
    if org is not None and org.curriculum_dir:
        return Path(org.curriculum_dir)
    return DEFAULT_CURRICULUM_DIR


@dataclass(frozen=True)
class SyncReport:
    levels: int
    modules: int
    tracks: int
    competencies: int
    quiz_questions: int
    cards: int
    assignments: int = 0


def _drop_unused_template_competencies(
    session: Session, competencies: dict[str, Competency], curriculum: Curriculum
) -> None:
    """The curriculum's copy holds only what the YAML defines: a competency that left the
    YAML (or one a lead added before each team had its own framework) is dropped from it
    once nothing points at it, so new teams do not start with it."""
    wanted = {c.key for c in curriculum.competencies}
    for key, competency in list(competencies.items()):
        if key in wanted:
            continue
        used = any(
            session.exec(select(column).where(column == competency.id).limit(1)).first() is not None
            for column in (
                col(ModuleCompetency.competency_id),
                col(Rating.competency_id),
                col(RoleTarget.competency_id),
                col(ActionItem.competency_id),
            )
        )
        if used:
            continue
        session.exec(
            delete(LevelDescriptor).where(col(LevelDescriptor.competency_id) == competency.id)
        )
        session.delete(competency)
        del competencies[key]
    session.flush()


def card_key(module_key: str, card: str) -> str:
    """Stable key of a curriculum card, so re-syncing updates it instead of adding a copy."""
    return f"{module_key}/{card}"


def sync_curriculum(session: Session, curriculum: Curriculum) -> SyncReport:
    """Insert or update everything the YAML defines; idempotent.

    Modules, cards and competencies that disappear from the YAML are kept, because progress,
    reviews and ratings may point at them; track schedules are replaced as written.
    """
    levels = {lvl.number: lvl for lvl in session.exec(select(CurriculumLevel))}
    for spec in curriculum.levels:
        level = levels.get(spec.number) or CurriculumLevel(number=spec.number, name=spec.name)
        level.name, level.description = spec.name, spec.description
        session.add(level)
        levels[spec.number] = level

    # The curriculum's own copy of the framework (team_id None): modules link to it and new
    # teams start from it; each team's framework is its own and is not overwritten here.
    competencies = {
        c.key: c for c in session.exec(select(Competency).where(col(Competency.team_id).is_(None)))
    }
    for position, cspec in enumerate(curriculum.competencies):
        competency = competencies.get(cspec.key) or Competency(
            key=cspec.key, name=cspec.name, group=CompetencyGroup(cspec.group)
        )
        competency.name = cspec.name
        competency.group = CompetencyGroup(cspec.group)
        competency.description = cspec.description
        competency.position = position
        session.add(competency)
        competencies[cspec.key] = competency
    session.flush()
    _drop_unused_template_competencies(session, competencies, curriculum)

    descriptors = {(d.competency_id, d.level): d for d in session.exec(select(LevelDescriptor))}
    for cspec in curriculum.competencies:
        competency_id = competencies[cspec.key].id
        assert competency_id is not None
        for level_number, text in cspec.descriptors.items():
            descriptor = descriptors.get((competency_id, level_number)) or LevelDescriptor(
                competency_id=competency_id, level=level_number, description=text
            )
            descriptor.description = text
            session.add(descriptor)

    modules = {m.key: m for m in session.exec(select(Module))}
    for position, mspec in enumerate(curriculum.modules, start=1):
        level_id = levels[mspec.level].id
        assert level_id is not None
        module = modules.get(mspec.key) or Module(
            key=mspec.key,
            level_id=level_id,
            position=position,
            title=mspec.title,
            hours=mspec.hours,
        )
        module.level_id = level_id
        module.position = position
        module.title = mspec.title
        module.summary = mspec.summary.strip()
        module.hours = mspec.hours
        module.objectives = list(mspec.objectives)
        module.topics = list(mspec.topics)
        module.exercises = [e.model_dump() for e in mspec.exercises]
        module.assessment_criteria = list(mspec.assessment_criteria)
        module.reading = mspec.reading.strip()
        module.source_file = curriculum.module_files[mspec.key]
        session.add(module)
        modules[mspec.key] = module
    session.flush()

    quiz_count = card_count = 0
    for mspec in curriculum.modules:
        module_id = modules[mspec.key].id
        assert module_id is not None
        session.exec(delete(ModuleCompetency).where(col(ModuleCompetency.module_id) == module_id))
        for key in mspec.competencies:
            competency_id = competencies[key].id
            assert competency_id is not None
            session.add(ModuleCompetency(module_id=module_id, competency_id=competency_id))
        questions = {
            q.key: q
            for q in session.exec(select(QuizQuestion).where(QuizQuestion.module_id == module_id))
        }
        for qspec in mspec.quiz:
            question = questions.pop(qspec.key, None) or QuizQuestion(
                module_id=module_id, key=qspec.key, question="", answer=0
            )
            question.question = qspec.question
            question.choices = list(qspec.choices)
            question.answer = qspec.answer
            question.explanation = qspec.explanation
            session.add(question)
            quiz_count += 1
        for stale in questions.values():  # attempts keep answers by key, so removal is safe
            session.delete(stale)
        cards = {
            c.key: c
            for c in session.exec(select(ReviewCard).where(ReviewCard.module_id == module_id))
        }
        for cspec_card in mspec.cards:
            key = card_key(mspec.key, cspec_card.key)
            card = cards.get(key) or ReviewCard(
                module_id=module_id, key=key, kind=CardKind(cspec_card.kind), front="", back=""
            )
            card.kind = CardKind(cspec_card.kind)
            card.front = cspec_card.front
            card.back = cspec_card.back
            session.add(card)
            card_count += 1

    tracks = {t.key: t for t in session.exec(select(Track))}
    for tspec in curriculum.tracks:
        track = tracks.get(tspec.key) or Track(key=tspec.key, name=tspec.name, weeks=tspec.weeks)
        track.name = tspec.name
        track.weeks = tspec.weeks
        track.mentoring_weeks = tspec.mentoring_weeks
        track.audience = tspec.audience
        session.add(track)
        session.flush()
        session.exec(delete(TrackModule).where(col(TrackModule.track_id) == track.id))
        assert track.id is not None
        for position, item in enumerate(tspec.modules, start=1):
            module_id = modules[item.module].id
            assert module_id is not None
            session.add(
                TrackModule(
                    track_id=track.id,
                    module_id=module_id,
                    position=position,
                    start_week=item.start_week,
                    end_week=item.end_week,
                )
            )
    session.flush()
    assignment_count = _sync_assignments(session, curriculum, modules)
    return SyncReport(
        levels=len(curriculum.levels),
        modules=len(curriculum.modules),
        tracks=len(curriculum.tracks),
        competencies=len(curriculum.competencies),
        quiz_questions=quiz_count,
        cards=card_count,
        assignments=assignment_count,
    )


def assignment_key(owner: str, key: str) -> str:
    """Stable key of an assignment: "<module key>/<key>" or "level-<n>/<key>"."""
    return f"{owner}/{key}"


def _sync_assignments(session: Session, curriculum: Curriculum, modules: dict[str, Module]) -> int:
    """Practical assignments as the YAML defines them; one that left the YAML is retired
    (hand-ins and grades point at it), and comes back if it returns."""
    existing = {a.key: a for a in session.exec(select(Assignment))}
    wanted: list[tuple[str, AssignmentSpec, int | None, int | None, list[str]]] = [
        (assignment_key(m.key, m.practical.key), m.practical, modules[m.key].id, None, [])
        for m in curriculum.modules
        if m.practical is not None
    ]
    wanted += [
        (assignment_key(f"level-{s.level}", s.key), s, None, s.level, list(s.competencies))
        for s in curriculum.practical_assessments
    ]
    for position, (key, spec, module_id, level_number, competency_keys) in enumerate(wanted):
        assignment = existing.pop(key, None) or Assignment(
            key=key, title=spec.title, evidence_level=spec.evidence_level
        )
        assignment.module_id = module_id
        assignment.level_number = level_number
        assignment.title = spec.title
        assignment.brief = spec.brief.strip()
        assignment.evidence_level = spec.evidence_level
        assignment.rubric = [
            {
                "key": c.key,
                "criterion": c.criterion,
                "levels": {str(score): text for score, text in sorted(c.levels.items())},
            }
            for c in spec.rubric
        ]
        assignment.competency_keys = competency_keys
        assignment.position = position
        assignment.retired = False
        session.add(assignment)
    for gone in existing.values():
        gone.retired = True
        session.add(gone)
    session.flush()
    return len(wanted)


# --- read models ------------------------------------------------------------------------


@dataclass(frozen=True)
class ModuleSummary:
    key: str
    title: str
    level_number: int
    hours: float
    summary: str


@dataclass(frozen=True)
class LevelView:
    number: int
    name: str
    description: str
    modules: list[ModuleSummary]

    @property
    def hours(self) -> float:
        return sum(module.hours for module in self.modules)


@dataclass(frozen=True)
class ModuleDetail:
    key: str
    title: str
    level_number: int
    level_name: str
    hours: float
    summary: str
    objectives: list[str]
    topics: list[str]
    exercises: list[dict[str, str]]
    assessment_criteria: list[str]
    competencies: list[str]
    reading: str
    quiz_questions: int
    cards: int
    tracks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TrackItem:
    module_key: str
    module_title: str
    hours: float
    start_week: int
    end_week: int


@dataclass(frozen=True)
class TrackView:
    key: str
    name: str
    weeks: int
    mentoring_weeks: int
    audience: str
    modules: list[TrackItem]

    @property
    def hours(self) -> float:
        return sum(item.hours for item in self.modules)

    @property
    def length_label(self) -> str:
        label = f"{self.weeks} weeks"
        if self.mentoring_weeks:
            label += f" + {self.mentoring_weeks} weeks mentoring"
        return label


def learning_path(session: Session) -> list[LevelView]:
    """Levels in order, each with its modules in order."""
    levels = session.exec(select(CurriculumLevel).order_by(col(CurriculumLevel.number))).all()
    modules = session.exec(select(Module).order_by(col(Module.position))).all()
    number_of = {level.id: level.number for level in levels}
    return [
        LevelView(
            number=level.number,
            name=level.name,
            description=level.description,
            modules=[
                ModuleSummary(m.key, m.title, number_of[m.level_id], m.hours, m.summary)
                for m in modules
                if m.level_id == level.id
            ],
        )
        for level in levels
    ]


def module_detail(session: Session, key: str) -> ModuleDetail:
    """Everything the curriculum says about one module."""
    module = session.exec(select(Module).where(Module.key == key)).first()
    if module is None or module.id is None:
        raise NotFound(f"No module '{key}'.")
    level = session.get(CurriculumLevel, module.level_id)
    assert level is not None
    competencies = session.exec(
        select(Competency.name)
        .join(ModuleCompetency, col(ModuleCompetency.competency_id) == Competency.id)
        .where(ModuleCompetency.module_id == module.id)
        .order_by(col(Competency.position))
    ).all()
    track_names = session.exec(
        select(Track.name)
        .join(TrackModule, col(TrackModule.track_id) == Track.id)
        .where(TrackModule.module_id == module.id)
        .order_by(col(Track.weeks))
    ).all()
    quiz_questions = len(
        session.exec(select(QuizQuestion.id).where(QuizQuestion.module_id == module.id)).all()
    )
    cards = len(session.exec(select(ReviewCard.id).where(ReviewCard.module_id == module.id)).all())
    return ModuleDetail(
        key=module.key,
        title=module.title,
        level_number=level.number,
        level_name=level.name,
        hours=module.hours,
        summary=module.summary,
        objectives=list(module.objectives),
        topics=list(module.topics),
        exercises=list(module.exercises),
        assessment_criteria=list(module.assessment_criteria),
        competencies=list(competencies),
        reading=module.reading,
        quiz_questions=quiz_questions,
        cards=cards,
        tracks=list(track_names),
    )


def list_tracks(session: Session) -> list[TrackView]:
    """Every track with its schedule, shortest first."""
    tracks = session.exec(select(Track).order_by(col(Track.weeks), col(Track.key))).all()
    rows = session.exec(
        select(TrackModule, Module)
        .join(Module, col(Module.id) == TrackModule.module_id)
        .order_by(col(TrackModule.track_id), col(TrackModule.position))
    ).all()
    items: dict[int, list[TrackItem]] = {}
    for track_module, module in rows:
        items.setdefault(track_module.track_id, []).append(
            TrackItem(
                module.key,
                module.title,
                module.hours,
                track_module.start_week,
                track_module.end_week,
            )
        )
    return [
        TrackView(
            key=t.key,
            name=t.name,
            weeks=t.weeks,
            mentoring_weeks=t.mentoring_weeks,
            audience=t.audience,
            modules=items.get(t.id or 0, []),
        )
        for t in tracks
    ]
