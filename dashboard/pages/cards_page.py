"""My cards (everyone): every card of one's deck with its state, due day and predicted recall;
search, filter, edit, suspend, bury, reset, delete; a card's history; statistics (the year's
reviews, streaks, time spent, true retention); import and export. Mentors and leads can look
at a mentee's cards and statistics."""

import streamlit as st

from curriculum.catalog import learning_path
from dashboard import resources
from dashboard.components import card_actions, card_browser, card_transfer, review_stats, saving
from dashboard.components.loading import load
from dashboard.components.report_downloads import file_stem
from reviews.deck import browse_cards, card_history, filter_cards
from reviews.stats import review_statistics
from storage.enums import PersonRole
from storage.people import list_people

viewer = resources.viewer()
now = resources.now()
KEY = "my-cards"

st.title("My cards")
saving.flash(key=KEY)
people = {viewer.id: "You"}
if viewer.role != PersonRole.LEARNER:
    team = load(lambda session: list_people(session, viewer.team_id))
    people |= {
        p.id: p.name
        for p in team
        if p.id != viewer.id and (viewer.is_lead or p.mentor_id == viewer.id)
    }
person_id = viewer.id
if len(people) > 1:
    person_id = st.columns([2, 3])[0].selectbox(
        "Whose cards",
        list(people),
        format_func=people.__getitem__,
        key=f"{KEY}-person",
        help="Mentors see their mentees' cards; the lead sees the team's. Only you change yours.",
    )
mine = person_id == viewer.id
cards, modules = load(
    lambda session: (
        browse_cards(session, actor=viewer, person_id=person_id, now=now),
        {m.key: m.title for level in learning_path(session) for m in level.modules},
    )
)

browse_tab, stats_tab, transfer_tab = st.tabs(
    ["Browse", "Statistics", "Import and export"], key=f"{KEY}-tabs", on_change="rerun"
)
with browse_tab:
    if not cards:
        st.info(
            "No cards yet: cards come from the modules started on My learning, from cards "
            "written on Reviews, and from decks imported here."
            if mine
            else f"{people[person_id]} has no cards yet."
        )
    else:
        in_deck = {c.module_key: c.module_title or "" for c in cards if c.module_key}
        shown = filter_cards(cards, card_browser.filters(in_deck, key=KEY))
        st.caption(f"{len(shown)} of {len(cards)} cards.")
        card_browser.table(shown)
        card = card_browser.pick(shown, key=KEY)
        if card is not None:
            st.subheader("History", divider="gray")
            entries = load(
                lambda session: card_history(
                    session, actor=viewer, person_id=person_id, card_id=card.id
                )
            )
            card_actions.history(entries)
            if mine:
                card_actions.show(viewer, card, modules, key=f"{KEY}-{card.id}")

with stats_tab:
    stats = load(
        lambda session: review_statistics(session, actor=viewer, person_id=person_id, now=now)
    )
    review_stats.show(stats, name="you" if mine else people[person_id], key=f"{KEY}-stats")

with transfer_tab:
    if mine:
        st.subheader("Import", divider="gray")
        card_transfer.upload(viewer, modules, key=f"{KEY}-import")
    st.subheader("Export", divider="gray")
    st.caption("Every card of the deck above, for Anki or a spreadsheet.")
    name = "my-cards" if mine else f"cards-{file_stem(people[person_id])}"
    card_transfer.downloads(viewer, person_id, stem=name, key=f"{KEY}-export")
