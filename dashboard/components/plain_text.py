"""Text a person typed (a name, a title, a question), escaped so Streamlit's Markdown shows
it as written.

Every `st.success`, `st.info`, `st.toast`, `st.caption`, `st.markdown` and widget label parses
Markdown: a title holding `**` would change the sentence around it, and one holding
`![x](https://…)` would make every reader's browser fetch that address. So text that came
from a person goes through `plain` wherever it is drawn inside such a call; a confirmation of
a save is plain text as a whole (`saving.flash`).
"""

from __future__ import annotations

import re

# Inline Markdown anywhere in a line: emphasis, code, links and images, HTML, tables, maths,
# strikethrough, entities. Streamlit also reads `:red[…]` and `:material/…:`; the bracket is
# escaped, and a shortcode without one only turns into an emoji.
_INLINE = re.compile(r"([\\`*_\[\]<>!|$~&])")
# What makes a block of a line's start: a heading, a quote, a list item, a setext underline.
_LINE_START = re.compile(r"^( {0,3})([#>+\-=]|\d{1,9}(?=[.)]))", re.MULTILINE)


def _escaped_start(match: re.Match[str]) -> str:
    indent, opener = match.group(1), match.group(2)
    if opener.isdigit():  # "1." or "1)": escape the punctuation after the number
        return f"{indent}{opener}\\"
    return f"{indent}\\{opener}"


def plain(text: str) -> str:
    """`text` escaped so Streamlit's Markdown shows it as written (no image loaded, no
    emphasis, link or heading made of it)."""
    return _LINE_START.sub(_escaped_start, _INLINE.sub(r"\\\1", text))
