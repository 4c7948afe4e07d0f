"""`python -m search …`: index, status, check, query, evaluate and import a folder of notes.

Errors a person can cause (unknown person, empty query, missing BEIR file, model change
without --full) print one line and exit with code 2. `index` and `evaluate` show their progress
on stderr (a bar on a terminal, a line per tenth in a log; none with --quiet); Ctrl+C stops
them, says what was kept, and exits with code 130.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlmodel import Session, select

from search.embedding import EmbeddingError, make_embedder
from search.evaluation import Metrics, evaluate_beir, evaluate_saved_questions, read_beir
from search.folder_sync import SyncReport, sync_folder
from search.hits import relevance_label, source_line
from search.indexing import PHASE_SAVING, ModelChanged, SearchIndex, open_index
from search.notes import ImportRefused
from search.registry import SOURCE_LABELS
from search.retrieval import Backend, Retriever, SearchResponse, relevance_shares
from search.snippets import Snippet, make_snippet
from storage.engine import make_engine, session_scope
from storage.enums import PersonRole, Visibility
from storage.errors import ProficioError
from storage.migrate import upgrade
from storage.models import Person, utc_now
from storage.people import PersonRef, get_person, list_people
from storage.progress import TerminalProgress
from storage.settings import get_settings

EXIT_USER_ERROR = 2
RELEVANCE_BAR_CHARS = 10
BOLD, PLAIN = "\033[1m", "\033[0m"  # the terminal's bold on and off
EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl+C (128 + SIGINT)


def _person(session: Session, email: str | None) -> PersonRef:
    """The person named by email, or the team lead when none is given."""
    query = select(Person)
    query = (
        query.where(Person.email == email)
        if email
        else query.where(Person.role == PersonRole.LEAD).order_by(Person.id)  # type: ignore[arg-type]
    )
    person = session.exec(query).first()
    if person is None or person.id is None:
        raise ProficioError(f"No person with email {email}." if email else "No team lead yet.")
    return get_person(session, person.id)


def _metrics_table(metrics: dict[str, Metrics]) -> str:
    lines = ["| backend | nDCG@10 | Recall@10 | Recall@100 | MRR@10 |", "|---|---|---|---|---|"]
    for name, m in metrics.items():
        lines.append(
            f"| {name} | {m.ndcg_at_10:.4f} | {m.recall_at_10:.4f} | "
            f"{m.recall_at_100:.4f} | {m.mrr_at_10:.4f} |"
        )
    return "\n".join(lines)


def _query_json(query: str, viewer: PersonRef, response: SearchResponse) -> dict[str, object]:
    """The hits for scripts: the page's relevance (a share of the best hit's) and the raw
    score beside it."""
    shares = relevance_shares(response.results)
    return {
        "query": query,
        "as": viewer.email,
        "backend": response.backend.value,
        "latency_ms": round(response.latency_ms, 1),
        "results": [
            {
                "rank": rank,
                "title": r.title,
                "source": r.source_type,
                "source_id": r.source_id,
                "heading": r.best.heading_path,
                "relevance": round(share, 3),
                "score": round(r.score, 4),
                "snippet": make_snippet(r.best.text, query).text,
            }
            for rank, (r, share) in enumerate(zip(response.results, shares, strict=True), 1)
        ],
    }


def _highlighted(snippet: Snippet, *, bold: bool) -> str:
    """The snippet with the query words in bold on a terminal (plain text otherwise)."""
    if not bold:
        return snippet.text
    parts, last = [], 0
    for start, end in snippet.spans:
        parts += [snippet.text[last:start], BOLD, snippet.text[start:end], PLAIN]
        last = end
    return "".join([*parts, snippet.text[last:]])


def _query_text(query: str, response: SearchResponse, names: dict[int, str], *, bold: bool) -> str:
    """The hits as the Knowledge search page shows them: rank, title and section, where it
    comes from, relevance beside the best hit, and the passage that matched best."""
    if not response.results:
        return "No results."
    blocks = []
    shares = relevance_shares(response.results)
    for rank, (r, share) in enumerate(zip(response.results, shares, strict=True), start=1):
        heading = f" › {r.best.heading_path}" if r.best.heading_path else ""
        filled = round(share * RELEVANCE_BAR_CHARS)
        bar = "█" * filled + "░" * (RELEVANCE_BAR_CHARS - filled)
        blocks.append(
            f"{rank:>2}. {r.title}{heading}\n"
            f"    {source_line(r, names)}\n"
            f"    {bar} {relevance_label(rank, share)}\n"
            f"    {_highlighted(make_snippet(r.best.text, query), bold=bold)}"
        )
    return "\n\n".join(blocks)


def _import_folder(
    session: Session, args: argparse.Namespace, index: SearchIndex, progress: TerminalProgress
) -> str:
    """Synchronise the folder, commit, bring search up to date, and say what happened."""
    actor = _person(session, args.email)
    visibility = Visibility(args.visibility)
    remove: list[int] = []
    if args.delete_missing:
        preview = sync_folder(
            session,
            actor=actor,
            root=args.folder,
            now=utc_now(),
            visibility=visibility,
            apply=False,
        )
        remove = [m.note_id for m in preview.missing if m.note_id is not None]
    report = sync_folder(
        session,
        actor=actor,
        root=args.folder,
        now=utc_now(),
        visibility=visibility,
        remove=remove,
    )
    session.commit()
    lines = [_sync_summary(report, actor.name)]
    if report.writes:
        update = index.update(session, on_progress=progress)
        progress.close()
        lines.append(
            f"Search index updated: {update.embedded} chunk(s) embedded, {update.removed} removed."
        )
    return "\n".join(lines)


def _sync_summary(report: SyncReport, name: str) -> str:
    """What a folder sync did, one line per note it touched, and what it left for a person."""
    lines = [
        f"Synchronised {report.folder} as {name}: {len(report.added)} added, "
        f"{len(report.changed)} updated, {report.unchanged} unchanged, "
        f"{len(report.removed)} removed."
    ]
    lines += [f"  + {n.source_path} — {n.title}" for n in report.added]
    lines += [f"  ~ {n.source_path} — {n.title}" for n in report.changed]
    lines += [f"  - {n.source_path} — {n.title}" for n in report.removed]
    if report.missing:
        lines.append(
            f"{len(report.missing)} note(s) have no file any more and were kept "
            "(run again with --delete-missing to delete them):"
        )
        lines += [f"  ? {n.source_path} — {n.title}" for n in report.missing]
    if report.skipped:
        lines.append(
            f"Skipped {len(report.skipped)} file(s) that are not .md, .markdown, .txt or .pdf."
        )
    return "\n".join(lines)


def _backends(choice: str) -> list[Backend]:
    return list(Backend) if choice == "all" else [Backend(choice)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m search", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    index_cmd = commands.add_parser("index", help="update the index (only changed chunks)")
    index_cmd.add_argument("--full", action="store_true", help="drop everything and rebuild")
    index_cmd.add_argument("--quiet", action="store_true", help="no progress on stderr")
    commands.add_parser("status", help="what the index holds")
    commands.add_parser("check", help="compare ids across registry, FAISS, Chroma and BM25")
    query_cmd = commands.add_parser("query", help="search as a person")
    query_cmd.add_argument("text")
    query_cmd.add_argument("--backend", choices=[b.value for b in Backend], default="hybrid")
    query_cmd.add_argument("--k", type=int, default=10)
    query_cmd.add_argument("--as", dest="email", help="search as this person (default: the lead)")
    query_cmd.add_argument("--json", action="store_true")
    evaluate_cmd = commands.add_parser(
        "evaluate", help="quality on a BEIR folder, or on the team's saved questions"
    )
    evaluate_cmd.add_argument("--beir", type=Path, help="BEIR folder (else: saved questions)")
    evaluate_cmd.add_argument("--split", default="test")
    evaluate_cmd.add_argument(
        "--backend", choices=[*(b.value for b in Backend), "all"], default="all"
    )
    evaluate_cmd.add_argument("--rrf-k", type=int, default=60, help="RRF constant k")
    evaluate_cmd.add_argument("--json", action="store_true")
    evaluate_cmd.add_argument("--quiet", action="store_true", help="no progress on stderr")
    import_cmd = commands.add_parser(
        "import",
        help="synchronise a folder of markdown notes: add new files, update changed ones",
        description="Each file's note is found by its path inside the folder: new files become "
        "notes, changed files update theirs, unchanged ones are left alone. Notes whose file "
        "is gone are listed and kept, unless --delete-missing is given.",
    )
    import_cmd.add_argument("folder", type=Path)
    import_cmd.add_argument("--as", dest="email", help="import as this person (default: the lead)")
    import_cmd.add_argument(
        "--visibility",
        choices=[Visibility.TEAM.value, Visibility.PRIVATE.value],
        default=Visibility.TEAM.value,
        help="who may read new notes whose front matter does not say (default: team)",
    )
    import_cmd.add_argument(
        "--delete-missing", action="store_true", help="delete the notes whose file is gone"
    )
    import_cmd.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    progress = TerminalProgress(quiet=getattr(args, "quiet", False))
    try:
        with progress:
            return _run(args, progress)
    except KeyboardInterrupt:
        print(f"\n{_interrupted(args, progress.last_phase)}", file=sys.stderr)
        return EXIT_INTERRUPTED


def _interrupted(args: argparse.Namespace, phase: str) -> str:
    """What a person needs to know after Ctrl+C: what was kept."""
    if args.command in ("index", "import"):
        if phase == PHASE_SAVING:
            return (
                "interrupted while saving: the index may lack the newest chunks "
                "(searches skip them); run python -m search index again to finish."
            )
        return "interrupted; the index is unchanged."
    if args.command == "evaluate" and args.beir is not None:
        return (
            "interrupted; the embeddings finished so far are kept in "
            f"{_beir_cache()} and the next run starts from them."
        )
    return "interrupted; nothing was changed."


def _beir_cache() -> Path:
    return get_settings().data_dir / "beir-cache"


def _run(args: argparse.Namespace, progress: TerminalProgress) -> int:
    try:
        if args.command == "evaluate" and args.beir is not None:
            dataset = read_beir(args.beir, args.split)
            embedder = make_embedder(get_settings().embedding_model)
            report = evaluate_beir(
                dataset,
                embedder,
                _backends(args.backend),
                rrf_k=args.rrf_k,
                on_progress=progress,
                cache_dir=_beir_cache(),
            )
            progress.close()
            if args.json:
                print(
                    json.dumps(
                        {
                            "dataset": str(args.beir),
                            "split": args.split,
                            "model": embedder.model_id,
                            "documents": report.documents,
                            "chunks": report.chunks,
                            "queries": report.queries,
                            "metrics": {k: m.as_dict() for k, m in report.metrics.items()},
                            "search_ms_per_query": report.search_ms_per_query,
                        },
                        indent=2,
                    )
                )
            else:
                print(
                    f"{args.beir} ({args.split}): {report.documents} documents, "
                    f"{report.chunks} chunks, {report.queries} queries, model "
                    f"{embedder.model_id}, embedded in {report.embed_seconds:.0f} s"
                )
                print(_metrics_table(report.metrics))
            return 0

        engine = make_engine(get_settings().resolved_database_url)
        upgrade(engine)  # as the app does on start: the registry table may be new
        index = open_index(get_settings())
        with session_scope(engine) as session:
            if args.command == "index":
                update = index.update(session, full=args.full, on_progress=progress)
                progress.close()
                print(
                    f"Indexed {update.sources} sources: {update.embedded} chunk(s) embedded, "
                    f"{update.removed} removed, {update.kept} unchanged "
                    f"({update.metadata_refreshed} with new tags or visibility), "
                    f"{update.repaired} repaired, in {update.seconds:.1f} s."
                )
            elif args.command == "import":
                print(_import_folder(session, args, index, progress))
            elif args.command == "status":
                status = index.status(session)
                print(f"chunks in registry: {status.chunks}")
                for source_type, count in status.sources_by_type.items():
                    print(f"  {SOURCE_LABELS.get(source_type, source_type)}: {count} sources")
                print(f"FAISS: {status.faiss_vectors} vectors ({status.faiss_kind})")
                print(f"Chroma: {status.chroma_vectors} vectors")
                print(f"BM25: {status.bm25_rows} rows")
                print(f"model: {status.model_id} (index built with {status.index_model_id})")
                if status.needs_full_rebuild:
                    print("The model changed: run python -m search index --full")
            elif args.command == "check":
                check = index.check(session)
                print(
                    f"registry {check.registry}, FAISS {check.faiss}, "
                    f"Chroma {check.chroma}, BM25 {check.bm25}"
                )
                for store in check.missing:
                    if check.missing[store] or check.extra[store]:
                        print(
                            f"{store}: {len(check.missing[store])} missing, "
                            f"{len(check.extra[store])} not in the registry"
                        )
                for store in check.behind:
                    print(
                        f"{store}: generation {check.generations[store]}, the registry's is "
                        f"{check.generation} (an update did not finish)"
                    )
                print("consistent" if check.ok else "NOT consistent: run python -m search index")
                return 0 if check.ok else 1
            elif args.command == "query":
                viewer = _person(session, args.email)
                with index.lock:
                    behind = not index.in_step(session)
                if behind:
                    print(
                        "The index is behind (an update did not finish): repairing it first.",
                        file=sys.stderr,
                    )
                    index.update(session, on_progress=progress)
                    progress.close()
                response = Retriever(index).search(
                    session, actor=viewer, query=args.text, backend=Backend(args.backend), k=args.k
                )
                if args.json:
                    print(
                        json.dumps(
                            _query_json(args.text, viewer, response), indent=2, ensure_ascii=False
                        )
                    )
                else:
                    names = {p.id or 0: p.name for p in list_people(session, viewer.team_id)}
                    print(_query_text(args.text, response, names, bold=sys.stdout.isatty()))
            elif args.command == "evaluate":
                lead = _person(session, None)
                saved = evaluate_saved_questions(
                    session,
                    Retriever(index),
                    lead.team_id,
                    _backends(args.backend),
                    on_progress=progress,
                )
                progress.close()
                if args.json:
                    print(json.dumps({k: m.as_dict() for k, m in saved.metrics.items()}))
                else:
                    print(_metrics_table(saved.metrics))
    except ImportRefused as refused:
        print(f"error: {refused}", file=sys.stderr)
        for problem in refused.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_USER_ERROR
    except (ProficioError, ModelChanged, EmbeddingError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    return 0


if __name__ == "__main__":
    sys.exit(main())
