"""Knowledge search: chunking, embedding, FAISS / Chroma / BM25 indexes, fusion, evaluation.

Imports only `storage`. Notes live in the `Note` table already; the indexing pipeline and the
search page come with the search issue.
"""
