"""Chart colours and marks a reader tells apart: drawn offline with vl-convert, as Vega draws
them in the browser."""

from __future__ import annotations

import re
from datetime import date, timedelta

import vl_convert

from assessments.ratings import PersonComparison
from curriculum.progress import WeeklyHours
from dashboard.components import person_profile, progress_view, review_charts
from reviews.stats import ForecastDay
from storage.enums import LearningStage

MONDAY = date(2026, 11, 2)


def _bar_fills(chart: object) -> dict[str, str]:
    """The fill of each bar, by the text its tooltip starts with (the aria-label)."""
    svg = vl_convert.vegalite_to_svg(chart.to_dict())  # type: ignore[attr-defined]
    bars = re.findall(
        r'<path aria-label="([^"]*)"[^>]*aria-roledescription="bar"[^>]*fill="([^"]+)"', svg
    )
    return {label: fill for label, fill in bars}


def _stage_fills(weeks: list[WeeklyHours]) -> dict[str, str]:
    fills = _bar_fills(progress_view.hours_chart(weeks))
    out = {}
    for label, fill in fills.items():
        stage = re.search(r"Stage: ([^;]+)", label)
        assert stage is not None
        out[stage.group(1)] = fill
    return out


def test_a_learning_stage_keeps_its_colour_whoever_logged_it() -> None:
    one = [
        WeeklyHours(MONDAY, LearningStage.REFLECTIVE_OBSERVATION, 2.0),
        WeeklyHours(MONDAY, LearningStage.ACTIVE_EXPERIMENTATION, 1.0),
    ]
    other = [
        WeeklyHours(MONDAY, LearningStage.CONCRETE_EXPERIENCE, 1.5),
        WeeklyHours(MONDAY + timedelta(days=7), LearningStage.REFLECTIVE_OBSERVATION, 3.0),
    ]
    first, second = _stage_fills(one), _stage_fills(other)
    # With a scale over only the stages logged, the second learner's reflective observation
    # took the colour the first one's took for it only by chance of position.
    assert first["Reflective observation"] == second["Reflective observation"]
    assert (
        first["Reflective observation"]
        == progress_view.STAGE_COLOURS[LearningStage.REFLECTIVE_OBSERVATION]
    )
    assert len(set(progress_view.STAGE_COLOURS.values())) == len(LearningStage)


def test_every_person_in_the_team_forecast_has_a_colour_of_their_own() -> None:
    names = [f"Person {n:02d}" for n in range(1, 15)]  # more than a ten-colour scheme holds
    days = [ForecastDay(MONDAY, name, 3) for name in names]
    chart = review_charts.forecast_chart(days, people=review_charts.person_scale(names))
    fills = _bar_fills(chart)
    by_person = {re.search(r"Person: ([^;]+)", label).group(1): f for label, f in fills.items()}  # type: ignore[union-attr]
    assert sorted(by_person) == names
    assert len(set(by_person.values())) == len(names)


def test_a_person_keeps_their_colour_in_the_forecast_and_the_retention_chart() -> None:
    scale = review_charts.person_scale(["Ben Carter", "Aisha Khan", "Ben Carter"])
    assert scale.domain == ["Aisha Khan", "Ben Carter"]
    assert len(set(scale.range)) == 2  # type: ignore[arg-type]
    assert len(set(review_charts.series_colours(40))) == 40


def test_the_persons_dot_is_drawn_over_the_team_average_and_shaped_apart() -> None:
    rows = [PersonComparison("vector-database-expertise", "Vector database expertise", 2, 2.0, 3)]
    spec = person_profile.comparison_chart(rows).to_dict()
    drawn = [layer["transform"][0]["filter"] for layer in spec["layer"]]
    # Vega draws layers in order: the person's level last, over the ring and the target.
    assert "Level" in drawn[-1] and "Team average" in drawn[1]
    shape = spec["layer"][-1]["encoding"]["shape"]["scale"]
    shapes = dict(zip(shape["domain"], shape["range"], strict=True))
    assert shapes["Level"] == "circle" and shapes["Team average"] == person_profile.RING
    svg = vl_convert.vegalite_to_svg(spec)
    assert svg.count('aria-roledescription="legend"') == 1  # one legend names all three marks
    labels = re.findall(r"role-legend-label.*?>([^<>]+)</text>", svg)
    assert labels == ["Level", "Team average", "Role target"]
