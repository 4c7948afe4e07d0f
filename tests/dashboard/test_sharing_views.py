"""People's text and the curriculum's briefs: a sharing session's title and description, a
practical assignment's brief, drawn with no image loaded."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _show_session() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from dashboard.components import sharing_views
    from mentoring.sharing import SessionView
    from storage.enums import SharingKind

    view = SessionView(
        id=1,
        title="Tuning ![t](https://example.com/t.png) HNSW",
        kind=SharingKind.TALK,
        starts_at=datetime(2026, 12, 10, 15, 0, tzinfo=ZoneInfo("Europe/Berlin")),
        minutes=60,
        zone="Europe/Berlin",
        team_id=1,
        community_id=None,
        community_name=None,
        series_id=None,
        description="What we learned. ![x](https://example.com/a.png)",
        module_key=None,
        module_title=None,
        competency_keys=(),
        competency_names=(),
        note_id=None,
        note_title=None,
        link=None,
        proposed_by_name="Grace",
        presenters=(),
        signed_up=(),
        attended=(),
        attendance_recorded=False,
        cancelled=False,
    )
    sharing_views._facts(view)


def test_a_session_description_shows_its_image_as_a_link_and_loads_none() -> None:
    at = AppTest.from_function(_show_session).run()
    assert not at.exception
    [description] = [c.value for c in at.caption]
    assert description.startswith("What we learned. [image: x (https://example.com/a.png)]")
    assert "![" not in description
    title = at.markdown[0].value
    assert "\\!\\[t\\]" in title  # shown as typed, not drawn as an image


def _show_brief() -> None:
    from assessments.practical import AssignmentView, Criterion
    from dashboard.components import hand_in_view

    assignment = AssignmentView(
        id=1,
        key="tune-hnsw",
        title="Tune HNSW",
        brief="# Task\nMeasure recall. ![plot](https://example.com/plot.png)",
        evidence_level=2,
        criteria=(Criterion("recall", "Recall measured", {1: "No", 4: "Yes"}),),
        module_key="hnsw",
        module_title="HNSW in practice",
        level_number=None,
    )
    hand_in_view.brief_and_rubric(assignment, expanded=True)


def test_a_practical_assignments_brief_shows_its_image_as_a_link_and_loads_none() -> None:
    at = AppTest.from_function(_show_brief).run()
    assert not at.exception
    [brief] = [m.value for m in at.markdown if "Measure recall" in m.value]
    assert "[image: plot (https://example.com/plot.png)](<https://example.com/plot.png>)" in brief
    assert "![" not in brief
    assert brief.startswith("### Task")  # its heading under the page's own, as a note's
