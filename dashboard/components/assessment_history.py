"""Read-only views of the Assessments page: levels, intake, assessment results, history,
peer reviews and the knowledge-sharing network."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd
import streamlit as st

from assessments.evaluations import AssessmentView, HelpEdge, IntakeView, PeerReviewView
from assessments.framework import CompetencyView
from assessments.rules import (
    DIMENSION_LABELS,
    DIMENSIONS,
    LEVEL_NAMES,
    LEVEL_THRESHOLDS,
    PEER_CRITERIA,
    PEER_CRITERIA_LABELS,
    ResolvedLevel,
)
from dashboard.components import progress_view
from dashboard.components.quiz_form import plain
from storage import formats
from storage.enums import CompetencyGroup, RaterKind
from storage.people import PersonRef

GROUP_LABELS = {
    CompetencyGroup.TECHNICAL: "Technical",
    CompetencyGroup.BUSINESS: "Business",
    CompetencyGroup.LEADERSHIP: "Leadership",
}
SOURCE_LABELS = {
    RaterKind.MENTOR: "Mentor rating",
    RaterKind.LEAD: "Lead rating",
    RaterKind.QUIZ: "Quiz evidence",
    RaterKind.SELF: "Self-rating",
    RaterKind.PEER: "Peer rating",
}
ROLE_LABELS = {"lead": "Team lead", "mentor": "Mentor", "learner": "Learner"}
ML_LABELS = {"none": "None yet", "some": "Some", "solid": "Solid"}
STYLE_LABELS = {"hands-on": "Hands-on", "reading": "Reading first", "discussion": "Discussion"}
GOAL_LABELS = {
    "build": "Build search features",
    "lead": "Lead adoption in the team",
    "evaluate": "Evaluate it for the business",
}
ROLE_COLOURS = {"Team lead": "#54a24b", "Mentor": "#f58518", "Learner": "#4c78a8"}
NETWORK_SIZE_PX = 520
NETWORK_LABEL_RADIUS = 1.14  # labels sit just outside the circle of people (radius 1)


def level_label(level: int | None) -> str:
    """'Intermediate (2)', or a plain word when there is no evidence yet."""
    if level is None:
        return "No evidence yet"
    return f"{LEVEL_NAMES[level].capitalize()} ({level})"


def levels_table(
    competencies: list[CompetencyView],
    resolved: dict[str, ResolvedLevel],
    targets: dict[str, int],
    *,
    key: str,
) -> None:
    """Official level, where it comes from, the self-rating beside it, and the role target."""
    rows = []
    for c in competencies:
        level = resolved.get(c.key)
        rows.append(
            {
                "Competency": c.name,
                "Group": GROUP_LABELS[c.group],
                "Official level": level_label(level.level if level else None),
                "From": SOURCE_LABELS[level.source] if level and level.source else "—",
                "Your self-rating": level_label(level.self_level)
                if level and level.self_level is not None
                else "Not rated",
                "Role target": level_label(targets[c.key]) if targets.get(c.key) else "—",
            }
        )
    table = pd.DataFrame(rows)
    st.dataframe(table, hide_index=True, key=key, height=progress_view.table_height(len(table)))


def intake_summary(intake: IntakeView) -> None:
    """The suggested track, why, and the answers it came from."""
    answers = intake.answers
    st.markdown(
        f":material/route: Suggested: **{intake.track_name}** "
        f"· intake of {formats.day(intake.created_at)}"
    )
    st.markdown("\n".join(f"- {reason}" for reason in intake.reasons))
    st.caption(
        f"Answers: {answers.programming_years} year(s) programming · ML experience "
        f"{ML_LABELS[answers.ml_experience].lower()} · "
        f"{'has' if answers.search_experience else 'has not'} built search · "
        f"{answers.hours_per_week} h a week · learns by "
        f"{STYLE_LABELS[answers.learning_style].lower()} · goal: "
        f"{GOAL_LABELS[answers.goal].lower()}"
    )


def assessment_result(view: AssessmentView, *, title: str, competency: str | None) -> None:
    """What one assessment shows: overall, level, when to reassess, next steps."""
    with st.container(border=True):
        by = f" by {view.assessor_name}" if view.assessor_name else ""
        st.markdown(f"**{title}**, {formats.day(view.created_at)}{by}")
        cols = st.columns(3)
        cols[0].metric("Overall", f"{view.overall:.1f} / 10")
        cols[1].metric("Level it shows", level_label(view.level))
        cols[2].metric(
            "Next assessment", formats.day(view.next_due_on) if view.next_due_on else "—"
        )
        if competency:
            st.caption(f"Also recorded as the official rating of {competency}.")
        if view.note:
            st.caption(f"Note: {plain(view.note)}")
        if view.priorities:
            st.markdown("**Next steps**, where the overall loses most:")
            st.markdown(
                "\n".join(
                    f"1. **{p.label}** ({p.score:g}/10, costs {p.points_lost:g} "
                    f"point{'' if p.points_lost == 1 else 's'}): "
                    f"{p.next_step}"
                    for p in view.priorities
                )
            )
        else:
            st.markdown("Full marks in every dimension: nothing to prioritise.")


def history(
    assessments: list[AssessmentView], competency_names: dict[str, str], *, key: str
) -> None:
    """Multi-dimensional assessments as a table and the overall score over time."""
    if not assessments:
        st.info("No assessments yet. A mentor or team lead records them on the Assess tab.")
        return
    table = pd.DataFrame(
        [
            {
                "Date": a.created_at.date(),
                "Overall": a.overall,
                "Level": level_label(a.level),
                **{DIMENSION_LABELS[d]: a.scores[d] for d in DIMENSIONS},
                "Assessor": a.assessor_name or "—",
                "Competency": competency_names.get(a.competency_key or "", "General"),
                "Note": a.note,
            }
            for a in assessments
        ]
    )
    st.dataframe(
        table,
        hide_index=True,
        key=f"{key}-table",
        height=progress_view.table_height(len(table)),
        column_config={
            "Date": st.column_config.DateColumn(format=formats.DAY_COLUMN_FORMAT),
            "Overall": st.column_config.NumberColumn(format="%.1f"),
            **{DIMENSION_LABELS[d]: st.column_config.NumberColumn(format="%g") for d in DIMENSIONS},
        },
    )
    points = pd.DataFrame(
        [
            {
                "Date": a.created_at.date().isoformat(),
                "Overall": a.overall,
                "Level": level_label(a.level),
                "Assessor": a.assessor_name or "—",
            }
            for a in assessments
        ]
    )
    thresholds = pd.DataFrame(
        [{"Score": score, "Level": LEVEL_NAMES[level]} for score, level in LEVEL_THRESHOLDS]
    )
    y = alt.Y("Overall:Q", title="Overall (0–10)", scale=alt.Scale(domain=[0, 10]))
    line = (
        alt.Chart(points)
        .mark_line(point=alt.OverlayMarkDef(size=70))
        .encode(
            x=alt.X("Date:T", title=None, axis=alt.Axis(format=formats.CHART_DAY_FORMAT)),
            y=y,
            tooltip=[
                alt.Tooltip("Date:T", format=formats.CHART_DAY_FORMAT),
                "Overall:Q",
                "Level:N",
                "Assessor:N",
            ],
        )
    )
    rules = alt.Chart(thresholds).mark_rule(strokeDash=[4, 4], opacity=0.4).encode(y="Score:Q")
    labels = (
        alt.Chart(thresholds)
        .mark_text(align="left", dx=4, dy=-6, opacity=0.6, fontSize=11)
        .encode(y="Score:Q", x=alt.value(0), text="Level:N")
    )
    st.altair_chart((rules + labels + line).properties(height=260), key=f"{key}-chart")


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


def knowledge_network(edges: list[HelpEdge], people: list[PersonRef], *, key: str) -> None:
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
