"""Search index (leads): status, update, full rebuild, consistency check, measured quality,
and synchronising a folder of markdown notes."""

import pandas as pd
import streamlit as st

from dashboard import resources
from dashboard.components import folder_sync_form, index_progress
from dashboard.components.loading import load
from dashboard.components.plain_text import plain
from search.evaluation import evaluate_saved_questions
from search.indexing import ModelChanged
from search.registry import SOURCE_LABELS
from search.retrieval import BACKEND_LABELS, Backend
from storage import formats

viewer = resources.viewer()
builder = resources.search_builder()
st.title("Search index")
if not viewer.is_lead:
    st.info("The search index is looked after by the team lead.")
    st.stop()

status = load(builder.index.status)
if builder.building:
    st.info("An index build is running in the background.", icon=":material/hourglass_top:")
    index_progress.show_running(builder)
if builder.error:
    st.error(builder.error)
if status.needs_full_rebuild:
    st.warning(
        f"The index was built with **{status.index_model_id}** but the settings name "
        f"**{status.model_id}**. Vectors of two models cannot be mixed: run a full rebuild."
    )
cols = st.columns(4)
cols[0].metric("Chunks", status.chunks)
cols[1].metric("FAISS vectors", status.faiss_vectors, help=f"Index type: {status.faiss_kind}")
cols[2].metric("Chroma vectors", status.chroma_vectors)
cols[3].metric("BM25 rows", status.bm25_rows)
sources = ", ".join(
    f"{count} {SOURCE_LABELS.get(kind, kind).lower()}" + ("s" if kind != "session" else "")
    for kind, count in status.sources_by_type.items()
)
st.caption(
    f"Sources: {sources or 'none yet'} · model {status.model_id} · FAISS {status.faiss_kind}"
    + (
        f" · last change indexed {formats.moment(status.last_indexed_at)} UTC"
        if status.last_indexed_at
        else ""
    )
)

update_col, rebuild_col, check_col = st.columns(3)
if update_col.button("Update", key="index-update", icon=":material/sync:", type="primary"):
    try:
        report = builder.update(on_progress=index_progress.bar())
    except ModelChanged as error:
        st.error(str(error))
    else:
        st.success(
            f"Updated: {report.embedded} chunk(s) embedded, {report.removed} removed, "
            f"{report.kept} unchanged, {report.repaired} repaired ({report.seconds:.1f} s)."
        )
if rebuild_col.button("Full rebuild", key="index-rebuild", icon=":material/restart_alt:"):
    report = builder.update(full=True, on_progress=index_progress.bar())
    st.success(f"Rebuilt: {report.embedded} chunks embedded in {report.seconds:.1f} s.")
if check_col.button("Consistency check", key="index-check", icon=":material/rule:"):
    check = load(builder.index.check)
    counts = (
        f"registry {check.registry} · FAISS {check.faiss} · Chroma {check.chroma} · "
        f"BM25 {check.bm25}"
    )
    if check.ok:
        st.success(f"Consistent: the same chunk ids everywhere ({counts}).")
    else:
        problems = [
            f"- {store}: {len(check.missing[store])} missing, {len(check.extra[store])} unknown"
            for store in check.missing
            if check.missing[store] or check.extra[store]
        ]
        st.error(f"Not consistent ({counts}). **Update** repairs it.\n\n" + "\n".join(problems))

st.subheader("Quality on the team's saved questions", divider="gray")
st.caption(
    "Each saved question is asked as the person who saved it; the hits marked relevant (on "
    "Knowledge search) are the answers expected. Recall@10: share of them in the top 10; "
    "MRR@10: 1 / rank of the first; nDCG@10: rewards finding them high up."
)
if st.button("Measure quality", key="index-quality", icon=":material/query_stats:"):
    quality = load(
        lambda s: evaluate_saved_questions(
            s,
            resources.retriever(),
            viewer.team_id,
            list(Backend),
            on_progress=index_progress.bar(),
        )
    )
    if not quality.questions:
        st.info("No saved question has a hit marked relevant yet.")
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Backend": BACKEND_LABELS[Backend(name)],
                        "Recall@10": round(m.recall_at_10, 3),
                        "MRR@10": round(m.mrr_at_10, 3),
                        "nDCG@10": round(m.ndcg_at_10, 3),
                        "Questions": m.queries,
                    }
                    for name, m in quality.metrics.items()
                ]
            ),
            hide_index=True,
            key="index-quality-table",
        )
        misses = [q for q in quality.questions if q.first_relevant_rank is None]
        for miss in misses:
            backend_name = BACKEND_LABELS[Backend(miss.backend)]
            st.warning(f"{backend_name} finds nothing expected for “{plain(miss.question)}”.")

st.subheader("Synchronise a folder of notes", divider="gray")
folder_sync_form.show(viewer, builder, key="index-sync")
