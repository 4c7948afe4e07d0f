"""The Peer review tab: review a colleague, read the reviews you received, who helps whom."""

from __future__ import annotations

import streamlit as st

from assessments.evaluations import knowledge_network, peer_reviews, record_peer_review
from dashboard import resources
from dashboard.components import assessment_forms, assessment_views, saving
from storage.people import PersonRef


def show(viewer: PersonRef, people: list[PersonRef], *, key: str) -> None:
    """The peer-review form over `people`, then the viewer's received reviews and the network."""
    saving.flash(key=key)
    review = assessment_forms.peer_review(people, viewer.id, key=key)
    if review is not None:
        saving.save(
            lambda s: record_peer_review(
                s,
                actor=viewer,
                person_id=review.person_id,
                scores=review.scores,
                note=review.note,
                at=resources.now(),
            ),
            key=key,
            reset=[f"{key}-form"],
            message=lambda saved: f"Peer review of {saved.person_name} saved. Thank you.",
        )
    with resources.session() as session:
        reviews = peer_reviews(session, actor=viewer, team_id=viewer.team_id)
        network = knowledge_network(session, actor=viewer, team_id=viewer.team_id)
    st.subheader("Reviews you received", divider="gray")
    assessment_views.received_reviews(
        [r for r in reviews if r.person_id == viewer.id], key=f"{key}-received"
    )
    st.subheader("Who helps whom", divider="gray")
    assessment_views.knowledge_network(network, people, key=f"{key}-network")
