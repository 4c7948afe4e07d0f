"""Two people saving at the same moment against one SQLite file: nothing lost, nothing locked."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from sqlmodel import Session, func, select

from curriculum.progress import log_activity
from storage.engine import session_scope
from storage.enums import ActivityKind, LearningStage
from storage.models import ActivityLog, ModuleProgress, utc_now
from tests.factories import make_migrated_engine, make_module, make_person, make_ref, make_team

WRITERS = 4
SAVES_PER_WRITER = 15


def test_concurrent_activity_logs_all_land_without_a_locked_database(tmp_path: Path) -> None:
    engine = make_migrated_engine(url=f"sqlite:///{tmp_path / 'proficio.db'}")
    with Session(engine) as session:
        team = make_team(session=session)
        learner = make_ref(session=session, person=make_person(session=session, team=team))
        for n in range(SAVES_PER_WRITER):
            make_module(session=session, key=f"m{n}", title=f"Module {n}", hours=4)
        session.commit()

    failures: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        start.wait()
        for n in range(SAVES_PER_WRITER):
            try:
                # Every writer logs time on the same modules in the same order, so they race
                # to create the same progress rows.
                with session_scope(engine) as session:
                    log_activity(
                        session,
                        actor=learner,
                        person_id=learner.id,
                        module_key=f"m{n}",
                        occurred_on=date(2026, 11, 2),
                        hours=0.5,
                        kind=ActivityKind.READING,
                        stage=LearningStage.REFLECTIVE_OBSERVATION,
                        note=f"writer {number}",
                        percent=10 * number,
                        today=date(2026, 11, 21),
                        now=utc_now(),
                    )
            except BaseException as error:
                failures.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    with Session(engine) as session:
        logged = session.exec(select(func.count()).select_from(ActivityLog)).one()
        progress_rows = session.exec(select(func.count()).select_from(ModuleProgress)).one()
    assert logged == WRITERS * SAVES_PER_WRITER
    assert progress_rows == SAVES_PER_WRITER  # one per module, however many raced to create it
    engine.dispose()
