"""The Peer review tab of the Assessments page: review a colleague, read the reviews you
received, and who helps whom."""

from __future__ import annotations

import math
from dataclasses import dataclass

import altair as alt
import pandas as pd
import streamlit as st

from assessments.evaluations import (
    HelpEdge,
    PeerReviewView,
    knowledge_network,
    peer_reviews,
    record_peer_review,
)
from assessments.rules import PEER_CRITERIA, PEER_CRITERIA_LABELS, PEER_SCALE
from dashboard import resources
from dashboard.components import progress_view, saving
from dashboard.components.loading import load
from storage import formats
from storage.enums import PersonRole
from storage.people import PersonRef

NOTE_MAX_CHARS = 2_000
PEER_SCALE_LABELS = {1: "rarely", 2: "sometimes", 3: "often", 4: "usually", 5: "always"}
PEER_HELP = {
    "technical_explanation": "Explains technical ideas so that you understand them.",
    "collaborative_problem_solving": "Works a problem out together with you.",
    "knowledge_sharing": "Shares what they know: notes, links, demos, answers.",
    "constructive_feedback": "Gives feedback that is specific, kind and useful.",
    "learning_support": "Makes time to help you learn.",
}
ROLE_LABELS = {
    PersonRole.LEAD: "Team lead",
    PersonRole.MENTOR: "Mentor",
    PersonRole.LEARNER: "Learner",
}
ROLE_COLOURS = {"Team lead": "#54a24b", "Mentor": "#f58518", "Learner": "#4c78a8"}
NETWORK_SIZE_PX = 520
NETWORK_LABEL_RADIUS = 1.14  # labels sit just outside the circle of people (radius 1)


@dataclass(frozen=True)
class PeerReviewInput:
    person_id: int
    scores: dict[str, int]
    note: str


def show(viewer: PersonRef, people: list[PersonRef], *, key: str) -> None:
    """The peer-review form over `people`, then the viewer's received reviews and the network."""
    saving.flash(key=key)
    review = peer_review(people, viewer.id, key=key)
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
    reviews, network = load(
        lambda s: (
            peer_reviews(s, actor=viewer, team_id=viewer.team_id),
            knowledge_network(s, actor=viewer, team_id=viewer.team_id),
        )
    )
    st.subheader("Reviews you received", divider="gray")
    received_reviews([r for r in reviews if r.person_id == viewer.id], key=f"{key}-received")
    st.subheader("Who helps whom", divider="gray")
    network_chart(network, people, key=f"{key}-network")


def peer_review(people: list[PersonRef], viewer_id: int, *, key: str) -> PeerReviewInput | None:
    """Review one teammate on the five criteria, 1 (rarely) to 5 (always)."""
    teammates = {p.id: p for p in people if p.id != viewer_id}
    if not teammates:
        st.info("There is nobody else in your team to review yet.")
        return None
    low, high = PEER_SCALE
    # Outside the form, so the button can wait for a choice and a refusal keeps the scores.
    person_id = st.selectbox(
        "Teammate",
        list(teammates),
        index=None,
        format_func=lambda pid: teammates[pid].name,
        placeholder="Choose whom you are reviewing",
        key=f"{key}-person",
    )
    # A refused review keeps its scores and note; a saved one (`saving.save(..., reset=
    # [f"{key}-form"])`) starts the next afresh.
    form = saving.form_key(f"{key}-form")
    with st.form(form):
        scores = {
            c: int(
                st.select_slider(
                    PEER_CRITERIA_LABELS[c],
                    options=list(range(low, high + 1)),
                    value=3,
                    format_func=lambda n: f"{n} · {PEER_SCALE_LABELS[n]}",
                    help=PEER_HELP[c],
                    key=f"{form}-{c}",
                )
            )
            for c in PEER_CRITERIA
        }
        note = st.text_area(
            "Note (optional)",
            max_chars=NOTE_MAX_CHARS,
            placeholder="One example makes the review useful: what they did, when.",
            height=80,
            key=f"{form}-note",
        )
        submitted = st.form_submit_button(
            "Save peer review", type="primary", disabled=person_id is None
        )
    if not submitted or person_id is None:
        return None
    return PeerReviewInput(int(person_id), scores, note or "")


def received_reviews(reviews: list[PeerReviewView], *, key: str) -> None:
    if not reviews:
        st.caption("Nobody has reviewed you yet. Reviews your teammates write show here.")
        return
    table = pd.DataFrame(
        [
            {
                "Date": r.created_at.date(),
                "From": r.assessor_name,
                "Note": r.note,
                **{PEER_CRITERIA_LABELS[c]: r.scores.get(c) for c in PEER_CRITERIA},
            }
            for r in reviews
        ]
    )
    st.dataframe(
        table,
        hide_index=True,
        key=key,
        height=progress_view.table_height(len(table)),
        column_config={
            "Date": st.column_config.DateColumn(format=formats.DAY_COLUMN_FORMAT),
            "Note": st.column_config.TextColumn(width="large"),
        },
    )
    means = {PEER_CRITERIA_LABELS[c]: table[PEER_CRITERIA_LABELS[c]].mean() for c in PEER_CRITERIA}
    st.caption(
        "Your average per criterion (1–5): "
        + " · ".join(f"{label} {mean:.1f}" for label, mean in means.items())
    )


def network_layout(names: list[str]) -> dict[str, tuple[float, float]]:
    """Each person on a unit circle, the first at the top, going clockwise."""
    count = max(len(names), 1)
    return {
        name: (
            math.cos(math.pi / 2 - 2 * math.pi * i / count),
            math.sin(math.pi / 2 - 2 * math.pi * i / count),
        )
        for i, name in enumerate(names)
    }


def network_chart(edges: list[HelpEdge], people: list[PersonRef], *, key: str) -> None:
    """Who helps whom: people on a circle, a line per helping pair, thicker when stronger."""
    if not edges:
        st.info(
            "No peer reviews yet, so there is no network to draw. Review a teammate above "
            "to start it."
        )
        return
    names = [p.name for p in people]
    names += sorted({n for e in edges for n in (e.helper, e.helped)} - set(names))
    role = {p.name: ROLE_LABELS[p.role] for p in people}
    where = network_layout(names)
    helps = {n: sum(1 for e in edges if e.helper == n) for n in names}
    helped_by = {n: sum(1 for e in edges if e.helped == n) for n in names}
    lines = pd.DataFrame(
        [
            {
                "x": where[e.helper][0],
                "y": where[e.helper][1],
                "x2": where[e.helped][0],
                "y2": where[e.helped][1],
                "Helper": e.helper,
                "Helped": e.helped,
                "Strength": e.strength,
                "Reviews": e.reviews,
            }
            for e in edges
        ]
    )
    nodes = pd.DataFrame(
        [
            {
                "x": x,
                "y": y,
                "lx": x * NETWORK_LABEL_RADIUS,
                "ly": y * NETWORK_LABEL_RADIUS,
                "Side": "left" if x < -0.1 else "right" if x > 0.1 else "center",
                "Name": name,
                "Role": role.get(name, "Former member"),
                "Helps": helps[name],
                "Helped by": helped_by[name],
            }
            for name, (x, y) in where.items()
        ]
    )
    axis = alt.Axis(title=None, labels=False, ticks=False, domain=False, grid=False)
    # Wider than tall, so the names left and right of the circle have room.
    x_scale = alt.Scale(domain=[-1.9, 1.9])
    y_scale = alt.Scale(domain=[-1.3, 1.3])
    x = alt.X("x:Q", scale=x_scale, axis=axis)
    y = alt.Y("y:Q", scale=y_scale, axis=axis)
    edge_layer = (
        alt.Chart(lines)
        .mark_rule(color="#8fa8c8", opacity=0.7, strokeCap="round")
        .encode(
            x=x,
            y=y,
            x2="x2:Q",
            y2="y2:Q",
            strokeWidth=alt.StrokeWidth(
                "Strength:Q",
                scale=alt.Scale(domain=[1, 5], range=[0.5, 9]),
                legend=alt.Legend(title="Strength (1–5)", orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("Helper:N", title="Helper"),
                alt.Tooltip("Helped:N", title="Helps"),
                alt.Tooltip("Strength:Q", title="Strength (1–5)", format=".2f"),
                alt.Tooltip("Reviews:Q", title="Peer reviews"),
            ],
        )
    )
    node_layer = (
        alt.Chart(nodes)
        .mark_circle(opacity=1, stroke="white", strokeWidth=1.5)
        .encode(
            x=x,
            y=y,
            size=alt.Size(
                "Helps:Q",
                scale=alt.Scale(domain=[0, max(helps.values()) or 1], range=[120, 700]),
                legend=None,
            ),
            color=alt.Color(
                "Role:N",
                scale=alt.Scale(domain=list(ROLE_COLOURS), range=list(ROLE_COLOURS.values())),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=["Name:N", "Role:N", "Helps:Q", "Helped by:Q"],
        )
    )
    label_layers = [
        alt.Chart(nodes)
        .transform_filter(alt.datum.Side == side)
        .mark_text(align=align, baseline="middle", fontSize=12)
        .encode(
            x=alt.X("lx:Q", scale=x_scale, axis=axis),
            y=alt.Y("ly:Q", scale=y_scale, axis=axis),
            text="Name:N",
        )
        for side, align in (("left", "right"), ("right", "left"), ("center", "center"))
    ]
    chart = alt.layer(edge_layer, node_layer, *label_layers).properties(
        width=int(NETWORK_SIZE_PX * 1.45), height=NETWORK_SIZE_PX
    )
    st.altair_chart(chart, width="content", key=key)
    top = max(names, key=lambda n: (helps[n], -names.index(n)))
    alone = [n for n in names if not helps[n] and not helped_by[n]]
    st.caption(
        "A line joins a helper and someone they help, as that person said in their peer "
        "reviews (knowledge sharing and learning support); thicker is stronger, bigger dots "
        f"help more people. {top} helps the most people ({helps[top]})."
        + (f" Not in any review yet: {', '.join(alone)}." if alone else "")
    )
