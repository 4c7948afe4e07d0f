"""The ROI formula on hand-computed inputs."""

from __future__ import annotations

import pytest

from insights.roi import RoiInputs, formula_text, roi
from storage.errors import InvalidInput

NOTHING = dict(
    users=0,
    tickets_deflected_per_month=0.0,
    implementation_cost_usd=0.0,
    running_cost_per_year_usd=0.0,
)


def test_the_modules_worked_example_gives_120_percent() -> None:
    # 200 people save 3 minutes on each of 2 searches a day over 220 days: 4,400 hours,
    # $264,000 at $60; building and running cost $120,000 → (264,000 − 120,000) / 120,000.
    inputs = RoiInputs(**{**NOTHING, "users": 200, "implementation_cost_usd": 120_000.0})
    result = roi(inputs)
    assert result.time_saved_hours == 4_400
    assert result.time_saved_usd == 264_000
    assert result.benefits_usd == 264_000
    assert result.costs_usd == 120_000
    assert result.roi == 1.2
    assert result.roi_percent == 120


def test_support_deflection_first_year_is_minus_seven_percent() -> None:
    # 240 tickets a month at $18: $51,840 a year; costs 30,000 build + 26,000 running.
    inputs = RoiInputs(
        users=0,
        tickets_deflected_per_month=240.0,
        cost_per_ticket_usd=18.0,
        implementation_cost_usd=30_000.0,
        running_cost_per_year_usd=26_000.0,
    )
    result = roi(inputs)
    assert result.support_reduction_usd == 51_840
    assert result.costs_usd == 56_000
    assert result.roi == pytest.approx((51_840 - 56_000) / 56_000, abs=1e-4)  # −0.0743


def test_defaults_add_all_benefits_and_training_time_to_costs() -> None:
    result = roi(RoiInputs(quality_gains_per_year_usd=10_000.0, training_hours=400.0))
    # 264,000 time + 10,000 quality + 51,840 support; 30,000 + 26,000 + 400 h × $60.
    assert result.benefits_usd == 325_840
    assert result.training_cost_usd == 24_000
    assert result.costs_usd == 80_000
    assert result.roi == pytest.approx((325_840 - 80_000) / 80_000, abs=1e-4)  # 3.073


def test_formula_shows_the_numbers_used() -> None:
    inputs = RoiInputs(training_hours=400.0)
    text = formula_text(inputs, roi(inputs))
    assert "200 × 2 × 3 min ÷ 60 × 220 days = 4,400 h × $60 = $264,000" in text
    assert "240 tickets × 12 × $18.00 = $51,840" in text
    assert "ROI = (benefits − costs) ÷ costs = ($315,840 − $80,000) ÷ $80,000 = 294.8 %" in text


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(InvalidInput, match="cannot be negative"):
        roi(RoiInputs(users=-1))
    with pytest.raises(InvalidInput, match="at least one cost"):
        roi(RoiInputs(**NOTHING))
