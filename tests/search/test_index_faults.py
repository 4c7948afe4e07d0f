"""An index update killed at any point never shows a teammate a note made private.

The update commits the registry first, then changes Chroma, then saves FAISS (and its
generation), BM25, the chunk facts and the manifest, each by write-and-rename. Each test
kills it at one of those points (a `Killed` raised where the next step would start, as a
crash, a kill or a full disk would stop it), opens the index again as a fresh process
would, and searches as a teammate in every backend; then the next update must leave
`check` clean and the note still hidden from the teammate, findable by its author.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import Session

from search import faiss_store, indexing
from search.chroma_store import ChromaStore
from search.faiss_store import FaissStore
from search.indexing import IndexBehind, SearchIndex
from search.keyword import KeywordIndex
from search.registry import SearchFilters, chroma_where
from search.retrieval import Backend, Retriever
from search.visibility import ChunkFacts
from storage.enums import Visibility
from storage.models import Note
from storage.people import PersonRef
from tests.factories import ChromaServer, make_index, make_note, make_person, make_ref, make_team

TEAM_TEXT = "Quokka budget for the offsite: the team votes on venues in March."
PRIVATE_TEXT = "Zeppelin appraisal: my salary talk with Priya went badly, keep this to me."
FILLER = [
    ("IVF nprobe", "Raise nprobe to search more inverted lists; recall goes up, speed down."),
    ("HNSW efSearch", "A wider beam at query time finds more true neighbours."),
    ("Chroma filters", "Metadata filters go into the where clause of a query."),
]


class Killed(BaseException):
    """The process stopped here (not an Exception: nothing in the update may catch it)."""


@dataclass
class Scene:
    session: Session
    folder: Path
    chroma: ChromaServer | None
    note: Note
    author: PersonRef
    teammate: PersonRef

    def reopen(self) -> SearchIndex:
        """The index as a process starting now would open it."""
        return make_index(self.folder, chroma=self.chroma)


def _raise_when(
    monkeypatch: pytest.MonkeyPatch, owner: object, name: str, when: Callable[..., bool]
) -> None:
    original = getattr(owner, name)

    def killed(*args: object, **kwargs: object) -> object:
        if when(*args, **kwargs):
            raise Killed(name)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, killed)


def _always(*_: object, **__: object) -> bool:
    return True


def _renames_to(suffix: str) -> Callable[..., bool]:
    return lambda _source, target, *_, **__: str(target).endswith(suffix)


# Where the update dies: name → how to arm the kill.
KILL_POINTS: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "after the registry commit": lambda mp: (
        _raise_when(mp, ChromaStore, "remove", _always),
        _raise_when(mp, ChromaStore, "reset", _always),
    ),
    "after Chroma, before any file": lambda mp: _raise_when(mp, FaissStore, "save", _always),
    "between the FAISS file and its generation": lambda mp: _raise_when(
        mp, faiss_store.os, "replace", _renames_to(".generation")
    ),
    "after FAISS, before BM25": lambda mp: _raise_when(mp, KeywordIndex, "save", _always),
    "after BM25, before the chunk facts": lambda mp: _raise_when(mp, ChunkFacts, "save", _always),
    "at the manifest's rename": lambda mp: _raise_when(
        mp, Path, "replace", _renames_to(indexing.MANIFEST_FILE)
    ),
}


@pytest.fixture
def scene(session: Session, tmp_path: Path, chroma: ChromaServer | None) -> Iterator[Scene]:
    team = make_team(session=session)
    grace = make_person(session=session, team=team, name="Grace Okafor")
    omar = make_person(session=session, team=team, name="Omar Haddad")
    for title, body in FILLER:
        make_note(session=session, author=grace, title=title, body=body)
    # Written last, so its chunks hold the highest ids: the ones SQLite used to hand out again.
    note = make_note(session=session, author=grace, title="Offsite planning", body=TEAM_TEXT)
    index = make_index(tmp_path, chroma=chroma)
    index.update(session)
    yield Scene(
        session,
        tmp_path,
        chroma,
        note,
        make_ref(session=session, person=grace),
        make_ref(session=session, person=omar),
    )


def _shown_to(scene: Scene, index: SearchIndex, viewer: PersonRef, query: str) -> list[str]:
    """Every title and passage `viewer` is shown for `query`, in every backend: through
    `search` (which may refuse while the index is behind) and through the stores as they
    stand, with only the read-time check between them and the page."""
    retriever = Retriever(index)
    shown: list[str] = []
    for backend in Backend:
        try:
            response = retriever.search(scene.session, actor=viewer, query=query, backend=backend)
        except IndexBehind:
            pass  # refusing to search stores behind the registry shows nothing: allowed
        else:
            shown += [f"{r.title}: {c.text}" for r in response.results for c in r.chunks]
        with index.lock:
            index.refresh()
            allowed = index.allowed_ids(scene.session, viewer, SearchFilters())
            lists = retriever.chunk_rankings(
                backend, query, 10, allowed, chroma_where(viewer, SearchFilters())
            )
        found = retriever.results(scene.session, backend, lists, 10, visible_to=viewer)
        shown += [f"{r.title}: {c.text}" for r in found for c in r.chunks]
    return shown


def _make_private(scene: Scene, *, rewrite: bool) -> None:
    """The author makes the note private (and, with `rewrite`, replaces its text), committed
    as any writer (the app, an import) would, before the update that indexes it."""
    scene.note.visibility = Visibility.PRIVATE
    if rewrite:
        scene.note.body = PRIVATE_TEXT
    scene.session.add(scene.note)
    scene.session.commit()


@pytest.mark.parametrize("full", [False, True], ids=["update", "full rebuild"])
@pytest.mark.parametrize("rewrite", [False, True], ids=["made private", "rewritten as private"])
@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_a_killed_update_never_shows_a_teammate_the_note_made_private(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, point: str, rewrite: bool, full: bool
) -> None:
    _make_private(scene, rewrite=rewrite)
    text = PRIVATE_TEXT if rewrite else TEAM_TEXT
    query = text.split(":")[0]  # the note's own first words

    with monkeypatch.context() as armed:
        KILL_POINTS[point](armed)
        with pytest.raises(Killed):
            scene.reopen().update(scene.session, full=full)
    scene.session.rollback()

    after_crash = scene.reopen()
    assert not after_crash.check(scene.session).ok, "check must see the unfinished update"
    shown = _shown_to(scene, after_crash, scene.teammate, query)
    assert not [s for s in shown if text in s or "Offsite planning" in s], point

    after_crash.update(scene.session)
    assert after_crash.check(scene.session).ok
    repaired = scene.reopen()
    assert repaired.check(scene.session).ok
    shown = _shown_to(scene, repaired, scene.teammate, query)
    assert not [s for s in shown if text in s or "Offsite planning" in s]
    mine = Retriever(repaired).search(
        scene.session, actor=scene.author, query=query, backend=Backend.HYBRID
    )
    assert mine.results[0].title == "Offsite planning"


def test_chunk_ids_are_never_handed_out_again(scene: Scene) -> None:
    index = scene.reopen()
    before = index.faiss.ids()
    _make_private(scene, rewrite=True)  # the highest ids go, new ones come
    index.update(scene.session)
    after = index.faiss.ids()
    assert min(after - before) > max(before)


def test_check_reports_a_store_behind_the_registry(scene: Scene) -> None:
    index = scene.reopen()
    _make_private(scene, rewrite=False)
    with pytest.MonkeyPatch.context() as armed:
        KILL_POINTS["after BM25, before the chunk facts"](armed)
        with pytest.raises(Killed):
            index.update(scene.session)
    scene.session.rollback()
    check = scene.reopen().check(scene.session)
    assert not check.ok
    assert set(check.behind) == {"chunk facts", "manifest"}
    assert not any(check.missing.values()) and not any(check.extra.values())


def test_a_search_while_the_index_is_behind_is_refused_with_a_clear_message(
    scene: Scene,
) -> None:
    _make_private(scene, rewrite=False)
    with pytest.MonkeyPatch.context() as armed:
        KILL_POINTS["after the registry commit"](armed)
        with pytest.raises(Killed):
            scene.reopen().update(scene.session)
    scene.session.rollback()
    with pytest.raises(IndexBehind, match="being repaired"):
        Retriever(scene.reopen()).search(scene.session, actor=scene.author, query="quokka budget")


def test_the_faiss_generation_is_written_only_after_its_file(scene: Scene) -> None:
    """A crash between the two leaves the older generation, never the newer one."""
    written: list[str] = []
    original = os.replace

    def spy(source: str | Path, target: str | Path) -> None:
        written.append(Path(target).name)
        original(source, target)

    with pytest.MonkeyPatch.context() as spying:
        spying.setattr(faiss_store.os, "replace", spy)
        _make_private(scene, rewrite=True)
        scene.reopen().update(scene.session)
    assert written.index("chunks.faiss") < written.index("chunks.faiss.generation")
