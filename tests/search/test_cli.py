"""`python -m search` as a script uses it: query as someone, check, evaluate, clear errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from search.__main__ import main
from search.embedding import HashEmbedder
from storage.engine import make_engine, session_scope
from storage.enums import PersonRole
from storage.migrate import upgrade
from storage.settings import get_settings
from tests.factories import (
    demo_index,  # noqa: F401 (fixture)
    make_index,
    make_person,
    make_team,
)

BEIR = Path(__file__).parent / "fixtures" / "beir"


@pytest.fixture
def demo_cli(demo_index: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:  # noqa: F811
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(demo_index))
    monkeypatch.delenv("PROFICIO_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield demo_index
    get_settings.cache_clear()


def test_query_as_json_for_scripts(demo_cli: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "query",
            "how do I pick nprobe",
            "--backend",
            "bm25",
            "--k",
            "3",
            "--json",
            "--as",
            "aisha.khan@lumen.example",
        ]
    )
    assert code == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["as"] == "aisha.khan@lumen.example"
    assert answer["backend"] == "bm25"
    assert [r["rank"] for r in answer["results"]] == [1, 2, 3]
    assert "nprobe" in answer["results"][0]["title"].lower()
    assert "nprobe" in answer["results"][0]["snippet"].lower()
    assert answer["results"][0]["relevance"] == 1.0  # the page's relevance, beside the score


def test_a_query_reads_as_the_search_page_shows_it_not_as_raw_scores(
    demo_cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["query", "how do I pick nprobe", "--backend", "bm25", "--k", "3"])
    assert code == 0
    blocks = capsys.readouterr().out.strip().split("\n\n")
    assert len(blocks) == 3
    title, where, relevance, snippet = blocks[0].splitlines()
    assert title.lstrip().startswith("1. ") and "nprobe" in title.lower()
    assert where.strip().startswith("Note · by ")  # where it comes from, as on the page
    assert relevance.strip() == "██████████ Best match"
    assert "nprobe" in snippet.lower()  # the passage that matched, with the query's word
    second = blocks[1].splitlines()[2].strip()
    assert second.endswith("% as relevant")
    assert "[0." not in blocks[0]  # no raw score


def test_private_notes_stay_private_in_the_cli_too(
    demo_cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = ["query", "study notes cosine dot product L2", "--json", "--backend", "faiss"]
    main([*query, "--as", "aisha.khan@lumen.example"])
    own = [r["title"] for r in json.loads(capsys.readouterr().out)["results"]]
    main([*query, "--as", "ben.carter@lumen.example"])
    other = [r["title"] for r in json.loads(capsys.readouterr().out)["results"]]
    assert "Study notes — cosine, dot product, L2" in own
    assert "Study notes — cosine, dot product, L2" not in other


def test_check_reports_a_consistent_index(
    demo_cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check"]) == 0
    assert "consistent" in capsys.readouterr().out


def test_mistakes_are_one_line_and_exit_code_2(
    demo_cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["query", "   "]) == 2
    assert capsys.readouterr().err.strip() == "error: Type a question or some words to search for."
    assert main(["query", "nprobe", "--as", "nobody@lumen.example"]) == 2
    assert "No person with email nobody@lumen.example" in capsys.readouterr().err
    assert main(["evaluate", "--beir", str(demo_cli / "nothing-here"), "--split", "test"]) == 2
    assert "corpus.jsonl is missing" in capsys.readouterr().err


def test_beir_evaluation_prints_metrics_per_backend(
    demo_cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["evaluate", "--beir", str(BEIR), "--split", "test", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] == 4 and report["queries"] == 1
    assert set(report["metrics"]) == {"faiss", "chroma", "bm25", "hybrid"}
    assert set(report["metrics"]["hybrid"]) == {
        "nDCG@10",
        "Recall@10",
        "Recall@100",
        "MRR@10",
        "queries",
    }


def test_index_shows_its_progress_on_stderr(
    demo_cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["index"]) == 0
    captured = capsys.readouterr()
    assert "reading sources: " in captured.err and "(100 %)" in captured.err
    assert "saving the index: 1/1 (100 %)" in captured.err
    assert captured.out.startswith("Indexed ")
    assert main(["index", "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_ctrl_c_during_an_index_update_says_the_index_is_unchanged(
    demo_cli: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from search.indexing import PHASE_EMBEDDING, SearchIndex

    def interrupted(self: SearchIndex, session: object, **options: Any) -> None:
        options["on_progress"](PHASE_EMBEDDING, 64, 492)
        raise KeyboardInterrupt

    monkeypatch.setattr(SearchIndex, "update", interrupted)
    assert main(["index"]) == 130
    assert capsys.readouterr().err.endswith("interrupted; the index is unchanged.\n")


@pytest.fixture
def empty_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh data folder with one team lead, and an index that embeds by hashing."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(data))
    monkeypatch.delenv("PROFICIO_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    engine = make_engine(get_settings().resolved_database_url)
    upgrade(engine)
    with session_scope(engine) as session:
        team = make_team(session=session, name="Search")
        make_person(session=session, team=team, name="Grace Lead", role=PersonRole.LEAD)
    engine.dispose()
    embedder = HashEmbedder()
    monkeypatch.setattr(
        "search.__main__.open_index", lambda settings: make_index(tmp_path, embedder)
    )
    yield tmp_path
    get_settings.cache_clear()


def test_importing_a_folder_twice_changes_nothing_and_a_gone_file_needs_delete_missing(
    empty_cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = empty_cli / "runbooks"
    folder.mkdir()
    (folder / "rebuild.md").write_text("# Rebuild the index\n\nRun it with --full.")
    (folder / "restore.md").write_text("# Restore Chroma\n\nCopy the folder back.")

    assert main(["import", str(folder), "--quiet"]) == 0
    first = capsys.readouterr().out
    assert "2 added, 0 updated, 0 unchanged, 0 removed" in first
    assert "+ runbooks/rebuild.md — Rebuild the index" in first
    assert "Search index updated: 2 chunk(s) embedded" in first

    assert main(["import", str(folder), "--quiet"]) == 0
    second = capsys.readouterr().out
    assert "0 added, 0 updated, 2 unchanged, 0 removed" in second
    assert "Search index" not in second  # nothing changed, nothing to index

    (folder / "restore.md").unlink()
    assert main(["import", str(folder), "--quiet"]) == 0
    kept = capsys.readouterr().out
    assert "1 note(s) have no file any more and were kept" in kept
    assert "? runbooks/restore.md — Restore Chroma" in kept

    assert main(["import", str(folder), "--delete-missing", "--quiet"]) == 0
    deleted = capsys.readouterr().out
    assert "1 removed" in deleted and "- runbooks/restore.md — Restore Chroma" in deleted
    assert "Search index updated: 0 chunk(s) embedded, 1 removed." in deleted


def test_a_bad_file_in_a_folder_is_named_and_nothing_is_imported(
    empty_cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = empty_cli / "notes"
    folder.mkdir()
    (folder / "good.md").write_text("# Good\n\nFine.")
    (folder / "bad.md").write_text("---\ncategory: gossip\n---\nText.")
    assert main(["import", str(folder), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "Nothing was imported: 1 file(s) have problems." in err
    assert "bad.md: front matter `category` 'gossip' is none of" in err and "line 2" in err
    assert main(["import", str(empty_cli / "nowhere")]) == 2
    assert "There is no folder at" in capsys.readouterr().err
