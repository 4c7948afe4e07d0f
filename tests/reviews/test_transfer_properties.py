"""Card imports under hostile input: a refusal names its problems and adds nothing; what is
accepted is stored as plain text the deck can hold, each card once."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime

import genanki
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, func, select

from reviews.deck import MAX_CARD_CHARS
from reviews.transfer import import_cards
from storage.errors import InvalidInput
from storage.models import ReviewCard
from storage.text_rules import body_problem
from tests.factories import ReviewDeck
from tests.hostile import hostile_scalars

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(ReviewCard)).one()


def _all_or_nothing(s: ReviewDeck, name: str, data: bytes) -> None:
    before = _count(s.session)
    try:
        with s.session.begin_nested():
            result = import_cards(s.session, actor=s.bo, file_name=name, data=data, now=T0)
    except InvalidInput as refused:
        assert str(refused).startswith(f"{name} was not imported:\n")
        assert _count(s.session) == before
        return
    assert _count(s.session) == before + result.added
    for card in s.session.exec(select(ReviewCard).where(ReviewCard.author_id == s.bo.id)):
        for text in (card.front, card.back):
            assert text and len(text) <= MAX_CARD_CHARS and body_problem(text, "x") is None
    again = import_cards(s.session, actor=s.bo, file_name=name, data=data, now=T0)
    assert again.added == 0  # each card once


cells = hostile_scalars.map(lambda v: "" if v is None else str(v))


@HYPOTHESIS
@given(
    rows=st.lists(st.lists(cells, min_size=0, max_size=5), max_size=6),
    header=st.sampled_from(["front,back,module,kind", "kind,front,back,module", "front,back"]),
)
def test_a_hostile_csv_is_refused_whole_or_imported_clean(
    deck_setup: ReviewDeck, rows: list[list[str]], header: str
) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header.split(","))
    writer.writerows(rows)
    try:
        data = out.getvalue().encode("utf-8")
    except UnicodeEncodeError:
        data = out.getvalue().encode("utf-8", "surrogatepass")
    _all_or_nothing(deck_setup, "hostile.csv", data)


fields = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        ["{{c1::x}}", "{{c2::a::b}} {{c1::c}}", "<img src=a.png>", "<script>x</script>"]
    ),
    st.text(max_size=5).map(lambda t: "<b>" + t + "</i>&amp;&#0;"),
)


@HYPOTHESIS
@given(
    notes=st.lists(
        st.tuples(st.booleans(), fields, fields, st.text("abc", min_size=1, max_size=3)),
        max_size=6,
    )
)
def test_a_hostile_anki_deck_is_refused_whole_or_imported_clean(
    deck_setup: ReviewDeck, notes: list[tuple[bool, str, str, str]]
) -> None:
    deck = genanki.Deck(2_059_400_112, "Hostile")
    for is_cloze, first, second, guid in notes:
        model = genanki.CLOZE_MODEL if is_cloze else genanki.BASIC_MODEL
        deck.add_note(genanki.Note(model, [first, second], guid=guid))
    out = io.BytesIO()
    try:
        genanki.Package(deck).write_to_file(out, timestamp=1.7e9)
    except (ValueError, UnicodeEncodeError):
        return  # genanki refuses to write it: no deck to import
    _all_or_nothing(deck_setup, "hostile.apkg", out.getvalue())


@HYPOTHESIS
@given(
    entries=st.dictionaries(
        st.sampled_from(["collection.anki2", "collection.anki21", "media", "0", "x/../y"]),
        st.binary(max_size=300),
        max_size=4,
    )
)
def test_a_hostile_zip_is_refused_and_adds_nothing(
    deck_setup: ReviewDeck, entries: dict[str, bytes]
) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    _all_or_nothing(deck_setup, "hostile.apkg", out.getvalue())
