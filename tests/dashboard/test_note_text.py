"""Notes and 1:1 notes are shown without loading any image: each becomes a link to it."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.components.note_text import demoted, without_images


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        (
            "Look: ![the team](https://tracker.example/p.png) here",
            "Look: [image: the team (https://tracker.example/p.png)]"
            "(<https://tracker.example/p.png>) here",
        ),
        (
            '![chart](http://10.0.0.5/admin/reset "title")',
            r"[image: chart (http://10.0.0.5/admin/reset)](<http://10.0.0.5/admin/reset>)",
        ),
        (
            "![a](<https://x.example/a b.png>)",
            r"[image: a (https://x.example/a b.png)](<https://x.example/a b.png>)",
        ),
        (
            "![logo][l]\n\n[l]: https://x.example/logo.png",
            "[image: logo (https://x.example/logo.png)](<https://x.example/logo.png>)\n\n"
            "[l]: https://x.example/logo.png",
        ),
        (
            "![Logo]\n\n[logo]: https://x.example/logo.png",
            "[image: Logo (https://x.example/logo.png)](<https://x.example/logo.png>)\n\n"
            "[logo]: https://x.example/logo.png",
        ),
        (
            "[![badge](https://x.example/b.svg)](https://x.example)",
            r"[[image: badge (https://x.example/b.svg)](<https://x.example/b.svg>)](https://x.example)",
        ),
        # An image in the alt text of another is text too.
        (
            "![![x](https://a.example/x.png)](https://b.example/y.png)",
            r"[image: \[image: x (https://a.example/x.png)\](\<https://a.example/x.png\>)"
            r" (https://b.example/y.png)](<https://b.example/y.png>)",
        ),
        # An image that cannot be read whole still loads nothing.
        ("![half](https://x.example/a.png", r"\![half](https://x.example/a.png"),
        ("![unknown][nowhere]", r"image: unknown"),
        # Code shows what was written.
        ("`![x](https://x.example/a.png)`", "`![x](https://x.example/a.png)`"),
        ("```\n![x](https://x.example/a.png)\n```", "```\n![x](https://x.example/a.png)\n```"),
        # Text without images is untouched, an escaped "!" too.
        ("Plain **bold** [link](https://x.example) and \\![not](an image)", None),
    ],
)
def test_a_notes_images_are_shown_as_links_that_load_nothing(
    written: str, shown: str | None
) -> None:
    assert without_images(written) == (written if shown is None else shown)


def _rendered_images(markdown: str) -> int:
    """Images a markdown renderer would load: every "![" not escaped and not in code."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(markdown)
    found = 0
    for token in tokens:
        for child in token.children or ():
            found += child.type == "image"
    return found


@pytest.mark.parametrize(
    "written",
    [
        "![a](https://x.example/a.png)",
        "text ![a](https://x.example/a.png 'title') more ![b](/media/b.png)",
        "![r][ref]\n\n[ref]: https://x.example/r.png",
        "![ref]\n\n[ref]: https://x.example/r.png",
        "[![badge](https://x.example/b.svg)](https://x.example)",
        "![![x](https://a.example/x.png)](https://b.example/y.png)",
        "![multi\nline](https://x.example/m.png)",
        "![a] (https://x.example/a.png)",
        "- ![in a list](https://x.example/l.png)\n> ![quoted](https://x.example/q.png)",
        "| a | b |\n|---|---|\n| ![cell](https://x.example/c.png) | x |",
    ],
)
def test_no_image_is_left_for_a_markdown_renderer_to_load(written: str) -> None:
    assert _rendered_images(written) > 0 or "multi" in written or "] (" in written
    assert _rendered_images(demoted(without_images(written))) == 0


def _show_note() -> None:
    from dashboard.components import note_text

    note_text.show("# Our cluster\n\n![the diagram](https://images.example/diagram.png)")


def test_a_note_is_drawn_with_its_image_as_a_link() -> None:
    at = AppTest.from_function(_show_note).run()
    assert not at.exception
    shown = "\n".join(m.value for m in at.markdown)
    assert "image: the diagram (https://images.example/diagram.png)" in shown
    assert "![" not in shown
    assert shown.startswith("### Our cluster")  # headings under the page's own
