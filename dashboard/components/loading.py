"""Reading for a page: one read-only unit of work that returns a read model, or shows the
refusal and stops the page there."""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn, TypeVar

import streamlit as st
from sqlmodel import Session

from dashboard import resources
from storage.errors import ProficioError

Read = TypeVar("Read")


def load(read: Callable[[Session], Read]) -> Read:
    """Run `read` in a read-only unit of work and return what it read.

    A refusal (any `ProficioError`: not allowed, not found, ...) is shown as the page's
    message and the page stops there; a database that does not answer is reported by
    `resources.session`, which stops the page too. Read models are plain values, so they
    stay valid once the unit has closed.
    """
    try:
        with resources.session(writes=False) as session:
            return read(session)
    except ProficioError as error:
        refuse(str(error))


def refuse(message: str) -> NoReturn:
    """Show why this page has nothing to show, and stop it."""
    st.error(message)
    st.stop()
    raise AssertionError("st.stop() returned")  # pragma: no cover - st.stop raises


def load_if_allowed(read: Callable[[Session], Read]) -> Read | None:
    """Like `load`, for a part of the page whose subject may have gone since it was chosen (a
    search result deleted or no longer shared): the refusal is shown as a warning, None is
    returned and the rest of the page is drawn as usual."""
    try:
        with resources.session(writes=False) as session:
            return read(session)
    except ProficioError as error:
        st.warning(str(error))
        return None
