"""Chunking: headings kept as a path, a size limit, overlap between neighbours."""

from __future__ import annotations

import itertools

from search.chunking import approximate_pieces, chunk_markdown, split_sections


def _words(n: int, stem: str = "word") -> str:
    return " ".join(f"{stem}{i}" for i in range(n))


def test_headings_become_a_path_and_sections_split_there() -> None:
    text = (
        "Intro line.\n\n# IVF\nLists.\n\n## Choosing nprobe\nStart at 8.\n\n"
        "### Recall\nMeasure it.\n\n## Training\nSample well.\n\n# HNSW\nGraphs."
    )
    chunks = chunk_markdown(text)
    assert [(c.heading_path, c.text) for c in chunks] == [
        ((), "Intro line."),
        (("IVF",), "Lists."),
        (("IVF", "Choosing nprobe"), "Start at 8."),
        (("IVF", "Choosing nprobe", "Recall"), "Measure it."),
        (("IVF", "Training"), "Sample well."),
        (("HNSW",), "Graphs."),
    ]
    assert chunks[3].heading_label == "IVF › Choosing nprobe › Recall"
    assert [c.position for c in chunks] == list(range(6))


def test_a_hash_inside_a_code_block_is_not_a_heading_and_empty_sections_vanish() -> None:
    text = "# Setup\n\n# Build\n```sh\n# not a heading\nmake\n```\n"
    sections = split_sections(text)
    assert len(sections) == 1
    assert sections[0].heading_path == ("Build",)
    assert "# not a heading" in sections[0].body


def test_long_sections_are_cut_within_the_limit() -> None:
    paragraphs = "\n\n".join(_words(60, f"p{i}w") for i in range(10))  # 600 words, 960 pieces
    chunks = chunk_markdown("# Long\n" + paragraphs, max_pieces=200)
    assert len(chunks) >= 4
    assert all(approximate_pieces(c.text) <= 200 for c in chunks)
    assert all(c.heading_path == ("Long",) for c in chunks)
    # Every word of the section is in some chunk.
    joined = " ".join(c.text for c in chunks).split()
    assert set(paragraphs.split()) <= set(joined)


def test_a_single_overlong_sentence_is_cut_by_words() -> None:
    chunks = chunk_markdown(_words(500), max_pieces=100)
    assert all(approximate_pieces(c.text) <= 100 for c in chunks)
    assert chunks[0].text.split()[0] == "word0"
    assert chunks[-1].text.split()[-1] == "word499"


def test_neighbouring_chunks_overlap_by_about_fifteen_percent() -> None:
    chunks = chunk_markdown(_words(400), max_pieces=130)  # 81 words per chunk at 1.6 / word
    assert len(chunks) >= 4
    for before, after in itertools.pairwise(chunks):
        tail = before.text.split()
        head = after.text.split()
        shared = 0
        while shared < len(head) and head[shared] in tail[-len(head) :]:
            shared += 1
        # 15 % of 130 pieces is 19 pieces: 11 words make ceil(11 × 1.6) = 18, 12 make 20.
        assert shared == 11
        assert head[:shared] == tail[-shared:]


def test_short_documents_are_one_chunk_without_overlap() -> None:
    chunks = chunk_markdown("Just one paragraph about HNSW efSearch.")
    assert len(chunks) == 1
    assert chunks[0].text == "Just one paragraph about HNSW efSearch."


def test_a_custom_piece_counter_is_used() -> None:
    chunks = chunk_markdown(_words(50), max_pieces=20, count_pieces=lambda t: len(t.split()))
    assert all(len(c.text.split()) <= 20 for c in chunks)
