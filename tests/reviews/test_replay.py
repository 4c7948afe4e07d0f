"""Replaying a review log: predictions, metrics computed by hand, the CSV and the CLI."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from reviews.__main__ import main
from reviews.replay import (
    FSRS_DEFAULT,
    FSRS_FITTED,
    LADDER,
    Prediction,
    fit_and_compare,
    log_loss,
    predict,
    read_review_log,
    replay_log,
    rmse_bins,
)
from reviews.scheduling import DEFAULT_FSRS_PARAMETERS, LadderScheduler, LoggedReview, ReviewGrade
from storage.engine import make_engine
from storage.enums import PersonRole
from storage.errors import InvalidInput
from storage.settings import get_settings
from tests.factories import make_person, make_team

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)

# Card 1: Good day 0, Good day 1 (ladder: 1-day rung, 1 day later → 0.9, recalled),
#         Again day 4 (3-day rung, 3 days later → 0.9, forgotten).
# Card 2: Good day 0, Good an hour later (same day: not scored),
#         Good day 8 (3-day rung after two successes, 8 days later → 0.9^(8/3), recalled).
TINY_LOG = """card_id,review_rating,review_time,review_duration
a,3,2024-03-01T09:00:00+00:00,4000
b,3,2024-03-01T09:05:00+00:00,3000
b,3,2024-03-01T10:05:00+00:00,3000
a,3,2024-03-02T09:00:00+00:00,5000
a,1,2024-03-05T09:00:00+00:00,9000
b,3,2024-03-09T10:05:00+00:00,2000
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "log.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_ladder_predictions_on_a_tiny_log(tmp_path: Path) -> None:
    reviews = read_review_log(_write(tmp_path, TINY_LOG))
    assert len(reviews) == 6 and {r.card_id for r in reviews} == {1, 2}
    predictions = predict(LadderScheduler(), reviews)
    assert [(round(p.probability, 4), p.recalled) for p in predictions] == [
        (0.9, True),
        (0.9, False),
        (round(0.9 ** (8 / 3), 4), True),
    ]
    # Only the last review falls in the later part when scoring starts at position 5.
    assert len(predict(LadderScheduler(), reviews, score_from=5)) == 1


def test_log_loss_and_binned_rmse_by_hand() -> None:
    predictions = [Prediction(0.9, True), Prediction(0.9, False), Prediction(0.3, True)]
    expected = -(math.log(0.9) + math.log(0.1) + math.log(0.3)) / 3
    assert log_loss(predictions) == pytest.approx(expected)
    # Bins: [0.90, 0.95) holds 0.9, 0.9 with one recalled (error 0.4); [0.30, 0.35) holds 0.3,
    # recalled (error 0.7). RMSE = sqrt((2 · 0.4² + 1 · 0.7²) / 3).
    assert rmse_bins(predictions) == pytest.approx(math.sqrt((2 * 0.16 + 0.49) / 3))


def test_certain_misses_are_clipped_not_infinite() -> None:
    assert log_loss([Prediction(0.0, True)]) == pytest.approx(-math.log(1e-4))


def test_replay_scores_the_three_schedulers_on_the_later_part(tmp_path: Path) -> None:
    reviews = read_review_log(_write(tmp_path, TINY_LOG))
    report = replay_log(reviews, train_share=0.5, fitter=lambda _r: list(DEFAULT_FSRS_PARAMETERS))
    assert [s.scheduler for s in report.scores] == [FSRS_DEFAULT, FSRS_FITTED, LADDER]
    # Positions 3.. are scored: a on day 1 and day 4, b on day 8.
    assert all(s.predictions == 3 for s in report.scores)
    ladder = report.scores[2]
    expected = -(math.log(0.9) + math.log(0.1) + math.log(0.9 ** (8 / 3))) / 3
    assert ladder.log_loss == pytest.approx(expected)
    # Fitted with the defaults, the two FSRS rows agree.
    assert report.scores[0].log_loss == pytest.approx(report.scores[1].log_loss)


def test_fit_and_compare_scores_current_and_fitted_on_the_later_part() -> None:
    reviews = [
        LoggedReview(card, rating, T0 + day * DAY)
        for card in (1, 2)
        for day, rating in (
            (0, ReviewGrade.GOOD),
            (2, ReviewGrade.GOOD),
            (13, ReviewGrade.AGAIN),
            (15, ReviewGrade.GOOD),
        )
    ]
    seen: list[Sequence[LoggedReview]] = []

    def fitter(train: Sequence[LoggedReview]) -> list[float]:
        seen.append(train)
        better = list(DEFAULT_FSRS_PARAMETERS)
        better[2] = 1.0  # less confident after a first Good
        return better

    result = fit_and_compare(reviews, fitter=fitter, train_share=0.5)
    assert len(seen[0]) == 4 and result.train_reviews == 4
    assert result.scored_reviews == 4
    assert result.parameters[2] == 1.0
    assert result.loss_before != result.loss_after


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("card,rating\n1,3\n", "lacks the column"),
        ("card_id,review_rating,review_time\n1,9,2024-03-01T09:00:00+00:00\n", "line 2"),
        ("card_id,review_rating,review_time\n1,3,2024-03-01T09:00:00\n", "time zone"),
        ("card_id,review_rating,review_time\n", "no reviews"),
    ],
)
def test_bad_logs_get_a_clear_message(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        read_review_log(_write(tmp_path, text))


def test_cli_replay_prints_json_and_reports_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, TINY_LOG)
    assert main(["replay", "--log", str(path), "--json", "--no-fit"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [s["scheduler"] for s in report["scores"]] == [FSRS_DEFAULT, LADDER]
    assert main(["replay", "--log", str(tmp_path / "missing.csv")]) == 2
    assert "Cannot read" in capsys.readouterr().err


def test_cli_fit_says_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PROFICIO_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    try:
        assert main(["fit"]) == 2
        assert "No team yet." in capsys.readouterr().err
        engine = make_engine(get_settings().resolved_database_url)
        with Session(engine) as session:
            team = make_team(session=session, name="Search")
            make_person(session=session, team=team, role=PersonRole.LEAD)
            session.commit()
        engine.dispose()
        assert main(["fit", "--team", "Search"]) == 2
        assert "Not enough history to fit yet" in capsys.readouterr().err
        assert main(["fit", "--team", "Nope"]) == 2
        assert "No team named 'Nope'" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()
