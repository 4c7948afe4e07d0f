"""A sharing session's title and description are people's text: drawn with no image loaded."""

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
