"""A note's or a 1:1's markdown as a reader sees it: its headings under the page's own, and no
image loaded from anywhere.

An image in markdown is fetched by every reader's browser when the text is shown: a read
receipt for whoever runs that server, and a request to any address inside the network the
writer chooses. So each image is shown as a link instead ("image: <alt> (<url>)"), which
fetches nothing until someone clicks it. What was written is kept as written; only the display
changes.
"""

from __future__ import annotations

import re

import streamlit as st

from dashboard.components.plain_text import plain

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?([^\s>]+)>?")


def _label(text: str) -> str:
    """A reference label as markdown matches it: case and runs of spaces ignored."""
    return " ".join(text.split()).casefold()


def _closing_bracket(line: str, start: int) -> int:
    """The index of the `]` that closes the `[` at `start`, or -1."""
    depth = 0
    i = start
    while i < len(line):
        ch = line[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _inline_destination(line: str, start: int) -> tuple[str, int] | None:
    """The URL of `(url "title")` opening at `start`, and the index after its `)`."""
    i = start + 1
    while i < len(line) and line[i] in " \t":
        i += 1
    if line.startswith("<", i):
        end = line.find(">", i)
        if end < 0:
            return None
        url, i = line[i + 1 : end], end + 1
    else:
        depth, begin = 0, i
        while i < len(line) and not line[i].isspace():
            if line[i] == "\\":
                i += 2
                continue
            if line[i] == "(":
                depth += 1
            elif line[i] == ")":
                if depth == 0:
                    break
                depth -= 1
            i += 1
        url = line[begin:i]
    close = line.find(")", i)  # past an optional title
    if close < 0:
        return None
    return url, close + 1


def _as_link(alt: str, url: str) -> str:
    text = f"image: {without_images(alt)} ({url})" if url else f"image: {without_images(alt)}"
    shown = plain(text.replace("\n", " "))
    if not url or any(ch in url for ch in "<>\n"):
        return shown
    return f"[{shown}](<{url}>)"


def _line_without_images(line: str, definitions: dict[str, str]) -> str:
    out: list[str] = []
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "\\":
            out.append(line[i : i + 2])
            i += 2
            continue
        if ch == "`":  # a code span shows its text as it is
            run = len(line) - len(line[i:].lstrip("`"))
            ticks = line[i : i + run]
            end = line.find(ticks, i + run)
            if end >= 0:
                out.append(line[i : end + run])
                i = end + run
                continue
            out.append(ticks)
            i += run
            continue
        if ch == "!" and line.startswith("[", i + 1):
            close = _closing_bracket(line, i + 1)
            if close >= 0:
                alt = line[i + 2 : close]
                after = close + 1
                if line.startswith("(", after):
                    found = _inline_destination(line, after)
                    if found is not None:
                        out.append(_as_link(alt, found[0]))
                        i = found[1]
                        continue
                elif line.startswith("[", after):
                    end = line.find("]", after)
                    if end >= 0:
                        label = _label(line[after + 1 : end] or alt)
                        out.append(_as_link(alt, definitions.get(label, "")))
                        i = end + 1
                        continue
                elif _label(alt) in definitions:
                    out.append(_as_link(alt, definitions[_label(alt)]))
                    i = after
                    continue
            # Not an image we could read: a "!" that cannot start one, whatever follows.
            out.append("\\!")
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def without_images(markdown: str) -> str:
    """The markdown with every image (inline, by reference, nested in a link) shown as a
    link "image: <alt> (<url>)"; fenced code and code spans are left as written."""
    lines = markdown.split("\n")
    fence: str | None = None
    definitions: dict[str, str] = {}
    for line in lines:
        match = _DEFINITION.match(line)
        if match:
            definitions.setdefault(_label(match.group(1)), match.group(2))
    out = []
    for line in lines:
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            out.append(line)
        elif opened:
            fence = opened.group(1)
            out.append(line)
        else:
            out.append(_line_without_images(line, definitions))
    return "\n".join(out)


def demoted(markdown: str, levels: int = 2) -> str:
    """Headings two levels smaller, so a note's own "#" does not outshout the page."""
    lines, in_fence = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        elif not in_fence and line.startswith("#"):
            line = "#" * levels + line
        lines.append(line)
    return "\n".join(lines)


def show(markdown: str) -> None:
    """Draw a note's (or a 1:1's, or feedback's) markdown for reading: no image is loaded."""
    st.markdown(demoted(without_images(markdown)))
