"""Saving from a page: one unit of work, a refusal shown as a message, and a confirmation
kept across the rerun that shows the saved state."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

import streamlit as st
from sqlmodel import Session

from dashboard import resources
from dashboard.components.plain_text import plain
from storage.errors import ProficioError

Saved = TypeVar("Saved")


def save(
    action: Callable[[Session], Saved],
    *,
    key: str,
    message: str | Callable[[Saved], str],
    reset: Iterable[str] = (),
) -> None:
    """Run `action` in one unit of work; show its refusal, or rerun and confirm with `message`
    (a text, or a function of what `action` returned).

    `reset`: forms (named as in `form_key`) to start empty once the save committed, for the
    next entry; on a refusal they keep what was typed.
    """
    try:
        with resources.session() as session:
            saved = action(session)
    except ProficioError as error:
        st.error(str(error))
        return
    start_afresh(*reset)
    st.session_state[f"{key}-flash"] = message if isinstance(message, str) else message(saved)
    st.rerun()


def start_afresh(*names: str) -> None:
    """Draw the forms `names` (as in `form_key`) empty from the next run on."""
    for name in names:
        generation = f"{name}-generation"
        st.session_state[generation] = st.session_state.get(generation, 0) + 1


def form_key(name: str) -> str:
    """The key prefix of a form's widgets: it changes once a `save(..., reset=[name])`
    succeeds, so the form is drawn anew and empty. (Removing the widgets' keys from the
    session state is not enough: the browser sends the values it shows back on the rerun.)"""
    return f"{name}-{st.session_state.get(f'{name}-generation', 0)}"


def flash(*, key: str) -> None:
    """Show, once, the confirmation a `save(..., key=key)` left for this run, as plain text:
    the names and titles in it were typed by people, and are shown as they typed them."""
    text = st.session_state.pop(f"{key}-flash", None)
    if text:
        st.success(plain(text))


def write(
    action: Callable[[Session], Saved], *, refused: Callable[[str], object] = st.error
) -> Saved | None:
    """Run `action` in one unit of work and return what it returned, or hand its refusal to
    `refused` (shown as an error by default) and return None; no confirmation, no rerun. For a
    write whose outcome the page draws itself in this run (a graded quiz, an assessment's
    result, a toast, a review card's next state from a button's callback, which cannot draw
    and so keeps the refusal to show); otherwise use `save`."""
    try:
        with resources.session() as session:
            return action(session)
    except ProficioError as error:
        refused(str(error))
        return None
