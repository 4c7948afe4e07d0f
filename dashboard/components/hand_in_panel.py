"""One opened hand-in on the Practical work page, as the person reading it may act on it:
the learner hands in and assesses their own work, their mentor or a lead grades it, a peer
asked to review it reviews it. Every write goes through `saving.save(key="practical")`."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import streamlit as st

from assessments.practical import (
    AssignmentView,
    Graded,
    HandInView,
    grade_hand_in,
    peer_review,
    request_peer_review,
    self_assess,
    submit_hand_in,
)
from assessments.rubrics import HandInStatus
from assessments.rules import LEVEL_NAMES
from dashboard import resources
from dashboard.components import hand_in_form, hand_in_view, rubric_form, saving
from storage.audit import listed
from storage.people import PersonRef

SAVED = "practical"  # the page's flash key


def own(
    viewer: PersonRef,
    assignment: AssignmentView,
    view: HandInView | None,
    teammates: list[PersonRef],
    zone: ZoneInfo,
) -> None:
    """The learner's own work: the hand-in form (until it passed), every version with its
    readings, their self-assessment and asking a teammate to review it."""
    status = view.status if view else HandInStatus.NOT_STARTED
    if view is not None:
        hand_in_view.versions(view, viewer, zone, key=f"practical-versions-{view.id}")
    if status == HandInStatus.PASSED:
        st.success("Passed: this work is closed; every version stays here.")
    elif view is None:
        _hand_in(viewer, assignment, again=False)
    else:
        again = status == HandInStatus.RETURNED
        with st.expander("Hand in a new version", expanded=again, icon=":material/upload:"):
            _hand_in(viewer, assignment, again=True)
        with st.expander("Assess it yourself", icon=":material/self_improvement:"):
            st.caption(
                f"Your reading of version {view.latest.number}, kept beside your mentor's "
                "grade; it changes no level. Score the criteria you can."
            )
            _reading(viewer, view, kind="self")
    if view is not None:
        ask_for_review(viewer, view, teammates)


def _hand_in(viewer: PersonRef, assignment: AssignmentView, *, again: bool) -> None:
    form = f"practical-hand-in-{assignment.id}"
    entry = hand_in_form.show(key=form, again=again)
    if entry is None:
        return
    saving.save(
        lambda s: submit_hand_in(
            s,
            actor=viewer,
            assignment_id=assignment.id,
            text=entry.text,
            link=entry.link,
            files=entry.files,
            at=resources.now(),
        ),
        key=SAVED,
        reset=[form],
        message=lambda done: (
            f"Handed in version {done.version_number} of '{done.assignment_title}'"
            + (f" with {done.files} file(s)" if done.files else "")
            + ". It waits for a grade from your mentor or a lead."
        ),
    )


def grade(viewer: PersonRef, view: HandInView, teammates: list[PersonRef], zone: ZoneInfo) -> None:
    """A mentee's (or, for a lead, a teammate's) work: the versions and the grading form."""
    hand_in_view.versions(view, viewer, zone, key=f"practical-versions-{view.id}")
    if view.status == HandInStatus.PASSED:
        st.success(f"Passed: {view.person_name}'s work is closed.")
    else:
        st.markdown(f"#### Grade version {view.latest.number}")
        form = f"practical-grade-{view.id}"
        entry = rubric_form.show(
            view.assignment.criteria, key=form, grading=True, complete=True, submit="Save grade"
        )
        if entry is not None and entry.result is not None:
            result = entry.result
            saving.save(
                lambda s: grade_hand_in(
                    s,
                    actor=viewer,
                    hand_in_id=view.id,
                    scores=entry.scores,
                    result=result,
                    comment=entry.comment,
                    at=resources.now(),
                ),
                key=SAVED,
                reset=[form],
                message=lambda graded: graded_message(graded, view),
            )
    ask_for_review(viewer, view, teammates)


def graded_message(graded: Graded, view: HandInView) -> str:
    """What a grade saved: "Graded Ada's 'X': pass; intermediate practical evidence in A and B"."""
    said = f"Graded {view.person_name}'s '{view.assignment.title}': {graded.result.label.lower()}"
    if graded.evidence_for and graded.evidence_level is not None:
        level = LEVEL_NAMES[graded.evidence_level]
        said += f"; {level} practical evidence in {listed(list(graded.evidence_for))}"
    return said + "."


def review(viewer: PersonRef, view: HandInView, zone: ZoneInfo) -> None:
    """A peer asked to review: the work and the review form."""
    hand_in_view.versions(view, viewer, zone, key=f"practical-versions-{view.id}")
    st.markdown(f"#### Your review of version {view.latest.number}")
    st.caption("Kept beside the mentor's grade, never averaged into it.")
    _reading(viewer, view, kind="peer")


def _reading(viewer: PersonRef, view: HandInView, *, kind: str) -> None:
    """A self-assessment or a peer review on the rubric, saved."""
    form = f"practical-{kind}-{view.id}"
    peer = kind == "peer"
    entry = rubric_form.show(
        view.assignment.criteria,
        key=form,
        grading=False,
        complete=peer,
        submit="Save my review" if peer else "Save my self-assessment",
    )
    if entry is None:
        return
    write = peer_review if peer else self_assess
    saving.save(
        lambda s: write(
            s,
            actor=viewer,
            hand_in_id=view.id,
            scores=entry.scores,
            comment=entry.comment,
            at=resources.now(),
        ),
        key=SAVED,
        reset=[form],
        message=(
            f"Saved your review of {view.person_name}'s '{view.assignment.title}'."
            if peer
            else f"Saved your self-assessment of '{view.assignment.title}'."
        ),
    )


def ask_for_review(viewer: PersonRef, view: HandInView, teammates: list[PersonRef]) -> None:
    """Ask an active teammate (not the author, not one asked already) to review the work."""
    choices = {
        p.id: p.name
        for p in teammates
        if p.active and p.id not in (view.person_id, *view.reviewer_ids)
    }
    if view.status == HandInStatus.PASSED or not choices:
        return
    with st.expander("Ask a teammate to review it", icon=":material/group_add:"):
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        reviewer = left.selectbox(
            "Teammate",
            list(choices),
            index=None,
            format_func=choices.__getitem__,
            placeholder="Choose a teammate",
            key=f"practical-reviewer-{view.id}",
        )
        asked = right.button("Ask", key=f"practical-ask-{view.id}", disabled=reviewer is None)
        if asked and reviewer is not None:
            saving.save(
                lambda s: request_peer_review(
                    s, actor=viewer, hand_in_id=view.id, reviewer_id=reviewer, at=resources.now()
                ),
                key=SAVED,
                message=lambda name: (
                    f"Asked {name} to review '{view.assignment.title}'; it is on their "
                    "Practical work page under Waiting for you."
                ),
            )
