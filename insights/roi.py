"""The first-year ROI of the knowledge-search product a team builds, on the seed's templates
(module "Business value and use cases"): what its users save and the support it deflects,
against building and running it, the team's training hours counted as a cost. This is the
product's value, not the training's own return (see `insights.impact.TrainingReturn`).

ROI = (benefits - costs) / costs, where
  benefits = time saved + quality gains + support cost reduction
  time saved = users x searches per user per day x minutes saved per search / 60
               x working days per year x loaded hourly cost
  support cost reduction = tickets deflected per month x 12 x cost per ticket
  costs = implementation cost + running and upkeep cost per year
          + training hours x loaded hourly cost
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from storage.errors import InvalidInput

MONTHS_PER_YEAR = 12
MINUTES_PER_HOUR = 60


@dataclass(frozen=True)
class RoiInputs:
    """Every input with its unit in the name; the defaults are the seed's worked examples."""

    # Time saved per search: the module's example (200 people, 2 searches a day, 3 minutes
    # saved each, 220 working days, $60 an hour loaded cost).
    users: int = 200
    searches_per_user_per_day: float = 2.0
    minutes_saved_per_search: float = 3.0
    working_days_per_year: int = 220
    hourly_cost_usd: float = 60.0
    # Quality gains (fewer duplicate tickets, fewer wrong answers): only what was measured.
    quality_gains_per_year_usd: float = 0.0
    # Support cost reduction: the team's support-deflection estimate (240 tickets a month at
    # $18 each handled).
    tickets_deflected_per_month: float = 240.0
    cost_per_ticket_usd: float = 18.0
    # Implementation: build (one engineer, six weeks), then running plus upkeep each year.
    implementation_cost_usd: float = 30_000.0
    running_cost_per_year_usd: float = 26_000.0
    # The training itself: hours the team spent learning, at the same hourly cost.
    training_hours: float = 0.0


INPUT_LABELS: dict[str, tuple[str, str]] = {
    "users": ("Users who search", "people"),
    "searches_per_user_per_day": ("Searches per user per day", "searches"),
    "minutes_saved_per_search": ("Time saved per search", "minutes"),
    "working_days_per_year": ("Working days per year", "days"),
    "hourly_cost_usd": ("Loaded cost of an hour of work", "USD"),
    "quality_gains_per_year_usd": ("Quality gains per year", "USD"),
    "tickets_deflected_per_month": ("Support tickets deflected per month", "tickets"),
    "cost_per_ticket_usd": ("Cost of handling one ticket", "USD"),
    "implementation_cost_usd": ("Implementation cost (one-off)", "USD"),
    "running_cost_per_year_usd": ("Running and upkeep per year", "USD"),
    "training_hours": ("Training hours invested", "hours"),
}


@dataclass(frozen=True)
class RoiResult:
    time_saved_hours: float
    time_saved_usd: float
    quality_gains_usd: float
    support_reduction_usd: float
    benefits_usd: float
    training_cost_usd: float
    costs_usd: float
    roi: float  # 1.2 means 120 %

    @property
    def roi_percent(self) -> float:
        return round(100 * self.roi, 1)


def validate(inputs: RoiInputs) -> RoiInputs:
    """Refuse negative inputs and a year with no cost (ROI would divide by zero)."""
    for f in fields(inputs):
        if getattr(inputs, f.name) < 0:
            raise InvalidInput(f"{INPUT_LABELS[f.name][0]} cannot be negative.")
    if inputs.working_days_per_year > 366:
        raise InvalidInput("A year has at most 366 working days.")
    return inputs


def roi(inputs: RoiInputs) -> RoiResult:
    """First-year benefits, costs and ROI = (benefits - costs) / costs."""
    validate(inputs)
    hours = (
        inputs.users
        * inputs.searches_per_user_per_day
        * inputs.minutes_saved_per_search
        / MINUTES_PER_HOUR
        * inputs.working_days_per_year
    )
    time_usd = hours * inputs.hourly_cost_usd
    support = inputs.tickets_deflected_per_month * MONTHS_PER_YEAR * inputs.cost_per_ticket_usd
    benefits = time_usd + inputs.quality_gains_per_year_usd + support
    training = inputs.training_hours * inputs.hourly_cost_usd
    costs = inputs.implementation_cost_usd + inputs.running_cost_per_year_usd + training
    if costs <= 0:
        raise InvalidInput("Enter at least one cost: ROI divides by the costs.")
    return RoiResult(
        time_saved_hours=round(hours, 1),
        time_saved_usd=round(time_usd, 2),
        quality_gains_usd=round(inputs.quality_gains_per_year_usd, 2),
        support_reduction_usd=round(support, 2),
        benefits_usd=round(benefits, 2),
        training_cost_usd=round(training, 2),
        costs_usd=round(costs, 2),
        roi=round((benefits - costs) / costs, 4),
    )


def formula_text(inputs: RoiInputs, result: RoiResult) -> str:
    """The formula with this estimate's numbers filled in, for showing beside the result."""
    return (
        f"time saved = {inputs.users:g} × {inputs.searches_per_user_per_day:g} × "
        f"{inputs.minutes_saved_per_search:g} min ÷ 60 × {inputs.working_days_per_year:g} days"
        f" = {result.time_saved_hours:,.0f} h × ${inputs.hourly_cost_usd:,.0f}"
        f" = ${result.time_saved_usd:,.0f}\n"
        f"support reduction = {inputs.tickets_deflected_per_month:g} tickets × 12 × "
        f"${inputs.cost_per_ticket_usd:,.2f} = ${result.support_reduction_usd:,.0f}\n"
        f"benefits = ${result.time_saved_usd:,.0f} + ${result.quality_gains_usd:,.0f} quality"
        f" + ${result.support_reduction_usd:,.0f} = ${result.benefits_usd:,.0f}\n"
        f"costs = ${inputs.implementation_cost_usd:,.0f} implementation + "
        f"${inputs.running_cost_per_year_usd:,.0f} running + {inputs.training_hours:g} training h"
        f" × ${inputs.hourly_cost_usd:,.0f} = ${result.costs_usd:,.0f}\n"
        f"ROI = (benefits − costs) ÷ costs = (${result.benefits_usd:,.0f} − "
        f"${result.costs_usd:,.0f}) ÷ ${result.costs_usd:,.0f} = {result.roi_percent:g} %"
    )
