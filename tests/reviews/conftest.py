"""Fixtures shared by the review tests (reviews, review policy, review statistics)."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from tests.factories import ReviewDeck, make_review_deck


@pytest.fixture
def deck_setup(session: Session) -> ReviewDeck:
    return make_review_deck(session=session)
