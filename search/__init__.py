"""Knowledge search: notes, chunking, embedding, FAISS / Chroma / BM25 indexes kept in step
with a chunk registry, hybrid retrieval with visibility inside every query, and evaluation.

Imports only `storage`; `python -m search` is its command line.
"""
