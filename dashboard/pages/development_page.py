"""Development plan: a person's goals with progress, agreement, milestones, 1:1 reviews and
history. The person keeps their own; their mentor and the team's leads pick them."""

import streamlit as st

from assessments.framework import list_competencies
from dashboard import resources
from dashboard.components import goal_form, goal_view, mentee_picker, saving
from dashboard.components.loading import load
from mentoring.goal_rules import GoalStatus
from mentoring.goals import (
    GoalInput,
    GoalView,
    add_goal,
    add_milestone,
    agree_goal,
    development_plan,
    mark_goal_done,
    plan_people,
    tick_milestone,
    update_goal,
)
from storage import formats

KEY = "development"
viewer = resources.viewer()
today = resources.today(viewer)
st.title("Development plan")
people, competencies = load(
    lambda s: (
        plan_people(s, actor=viewer),
        {c.key: c.name for c in list_competencies(s, viewer.team_id)},
    )
)
person_id = viewer.id
if len(people) > 1:
    with st.columns([2, 3])[0]:
        current = st.session_state.get(mentee_picker.CURRENT_MENTEE_KEY)
        ids = list(people)
        person_id = st.selectbox(
            "Whose plan",
            ids,
            # A mentor or lead comes here for a mentee's plan; their own is one pick away.
            index=ids.index(current) if current in people else 1,
            format_func=people.__getitem__,
            key=f"{KEY}-person",
        )
        if person_id != viewer.id:
            mentee_picker.remember(person_id)
saving.flash(key=KEY)
plan = load(lambda s: development_plan(s, actor=viewer, person_id=person_id, today=today))
name = plan.person.name
goals = plan.goals
if goals:
    counts = {status: sum(1 for g in goals if g.status == status) for status in GoalStatus}
    waiting = sum(1 for g in goals if not g.agreed)
    st.caption(
        f"{len(goals)} goal{'s' if len(goals) != 1 else ''}: "
        + ", ".join(f"{n} {status.value}" for status, n in counts.items() if n)
        + (f"; {waiting} waiting for agreement" if waiting else "; all agreed")
        + ". Goals due within two weeks or off track are reviewed in the next 1:1."
    )
else:
    st.info(
        f"{'You have' if plan.person.id == viewer.id else name + ' has'} no development goals "
        "yet. Propose one below: what, why, by when and how you will know; the person and their "
        "mentor both agree to it."
    )


def _agree_and_tick(goal: GoalView) -> None:
    """The viewer's buttons on one goal: agree, tick by hand."""
    mine = goal.learner_agreed_at if plan.agrees_as == "learner" else goal.mentor_agreed_at
    if (
        plan.agrees_as
        and mine is None
        and st.button("Agree to this goal", key=f"{KEY}-agree-{goal.id}")
    ):
        saving.save(
            lambda s: agree_goal(s, actor=viewer, goal_id=goal.id, now=resources.now()),
            key=KEY,
            message=lambda both: (
                f"Agreed to '{goal.title}'"
                + ("; both sides have now agreed." if both else "; waiting for the other side.")
            ),
        )
    by_hand = goal.competency_key is None and not goal.milestones
    if by_hand and st.button(
        "Reopen" if goal.done_by_hand else "Mark done", key=f"{KEY}-done-{goal.id}"
    ):
        saving.save(
            lambda s: mark_goal_done(
                s, actor=viewer, goal_id=goal.id, done=not goal.done_by_hand, now=resources.now()
            ),
            key=KEY,
            message=f"'{goal.title}' is {'open again' if goal.done_by_hand else 'done'}.",
        )


def _milestone_forms(goal: GoalView) -> None:
    open_steps = {m.id: m.title for m in goal.milestones if m.done_on is None}
    if open_steps:
        with st.form(f"{KEY}-tick-{goal.id}"):
            left, right = st.columns([3, 2])
            step = left.selectbox(
                "Milestone reached", list(open_steps), format_func=open_steps.__getitem__
            )
            on = right.date_input("On", value=today, max_value=today, format="DD.MM.YYYY")
            if st.form_submit_button("Tick milestone"):
                saving.save(
                    lambda s: tick_milestone(
                        s, actor=viewer, milestone_id=step, done_on=on, now=resources.now()
                    ),
                    key=KEY,
                    message=f"Ticked '{open_steps[step]}' as reached on {formats.day(on)}.",
                )
    form = saving.form_key(f"{KEY}-step-{goal.id}")
    with st.form(form):
        title = st.text_input("New milestone", key=f"{form}-title")
        if st.form_submit_button("Add milestone"):
            saving.save(
                lambda s: add_milestone(
                    s, actor=viewer, goal_id=goal.id, title=title, now=resources.now()
                ),
                key=KEY,
                message=f"Added the milestone '{title.strip()}' to '{goal.title}'.",
                reset=[f"{KEY}-step-{goal.id}"],
            )


for goal in goals:
    with st.container(border=True):
        goal_view.summary(goal, name)
        goal_view.milestones(goal)
        if plan.can_edit:
            _agree_and_tick(goal)
        goal_view.reviews_and_history(goal)
        if plan.can_edit:
            with st.expander("Milestones and changes"):
                _milestone_forms(goal)
                initial = GoalInput(
                    goal.title,
                    goal.why,
                    goal.due_on,
                    goal.success_measure,
                    goal.competency_key,
                    goal.target_level,
                )
                entry = goal_form.show(
                    competencies=competencies,
                    key=f"{KEY}-edit-{goal.id}",
                    today=today,
                    initial=initial,
                    submit="Save changes",
                )
                if entry is not None:
                    saving.save(
                        lambda s, e=entry, g=goal.id: update_goal(
                            s, actor=viewer, goal_id=g, goal=e.goal, now=resources.now()
                        ),
                        key=KEY,
                        message=lambda changed: (
                            f"Saved: {', '.join(changed)} changed; to be agreed again."
                            if changed
                            else "Nothing changed, so nothing was saved."
                        ),
                    )

if plan.can_edit:
    st.subheader(f"Propose a goal for {'yourself' if plan.person.id == viewer.id else name}")
    form = saving.form_key(f"{KEY}-new")
    entry = goal_form.show(competencies=competencies, key=form, today=today)
    if entry is not None:
        saving.save(
            lambda s: add_goal(
                s,
                actor=viewer,
                person_id=person_id,
                goal=entry.goal,
                milestones=entry.milestones,
                now=resources.now(),
            ),
            key=KEY,
            message=f"Proposed '{entry.goal.title.strip()}', due {formats.day(entry.goal.due_on)}; "
            "the other side agrees to it on this page.",
            reset=[f"{KEY}-new"],
        )
