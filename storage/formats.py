"""How numbers and dates are written for people: hours, percentages, days and moments.

One module for every page, report and audit sentence, so the same figure reads the same
everywhere and the parts shown beside a total add up to it:

- a day is "4 Dec 2026" (a 1:1's day "Fri 4 Dec 2026"), a moment "4 Dec 2026, 14:05",
  a month "Dec 2026": the year is always there and the month is never a number, so
  04/12 and 12/04 cannot be mistaken for each other;
- hours are written as they were logged, in quarters ("5.5 h", "6.25 h", "6 h": two
  decimals at most, never rounded to 6.2 or 6.3), and a total is the sum of the parts as
  shown (`hours_total`), so 5.5 + 6.25 + 6 is shown as 17.75 h, never 17.8;
- a percentage is whole ("63 %"), rounded half up as a person does (5 of 8 is 63 %, not
  Python's round-half-to-even 62 %), with a space before the sign as the app always wrote it.

CSV exports and file names keep ISO dates ("2026-12-04") and plain numbers: they are read
by spreadsheets and scripts, not by people, and are written where they are made.

Only plain values in, strings out: no Streamlit here (storage is the lowest layer, and
insights' HTML reports and the audit log write dates too).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

# Hours are logged in quarters (the activity form steps by 0.25): two decimals show
# every logged figure as it was typed, so sums of them add up exactly.
HOURS_DECIMALS = 2
PERCENT_SIGN = " %"  # a space before the sign, as in every sentence of the app

# The same forms for Streamlit widgets and Vega-Lite charts, whose format languages differ.
DATE_INPUT_FORMAT = "DD/MM/YYYY"  # st.date_input knows only numeric forms; day first
DAY_COLUMN_FORMAT = "D MMM YYYY"  # st.column_config.DateColumn: "4 Dec 2026"
MOMENT_COLUMN_FORMAT = "D MMM YYYY, HH:mm"  # st.column_config.DatetimeColumn
CHART_DAY_FORMAT = "%-d %b %Y"  # Vega-Lite (d3-time-format) axes and tooltips
PERCENT_COLUMN_FORMAT = "%d %%"  # st.column_config number/progress columns, 0..100


def round_half_up(value: float | Decimal, decimals: int = 0) -> float:
    """`value` rounded as a person rounds it (halves away from zero, on the decimal figure
    written): round_half_up(0.625, 2) == 0.63 where Python's round gives 0.62."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(value))
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _number(value: float) -> str:
    """A rounded number without a trailing ".0" (and never in exponent form)."""
    return f"{value + 0.0:f}".rstrip("0").rstrip(".")  # + 0.0 turns -0.0 into 0


def day(d: date) -> str:
    """A day: "4 Dec 2026"."""
    return f"{d.day} {d:%b %Y}"


def weekday_day(d: date) -> str:
    """A day with its weekday, for 1:1s and reviews whose weekday matters: "Fri 4 Dec 2026"."""
    return f"{d:%a} {day(d)}"


def moment(dt: datetime, *, weekday: bool = False) -> str:
    """A day and time of day: "4 Dec 2026, 14:05" ("Fri 4 Dec 2026, 14:05" with `weekday`)."""
    return f"{weekday_day(dt) if weekday else day(dt)}, {dt:%H:%M}"


def month(d: date) -> str:
    """The month a day falls in: "Dec 2026"."""
    return f"{d:%b %Y}"


def round_hours(h: float) -> float:
    """Hours as they are shown: two decimals at most, halves up (6.25 stays 6.25, 1/3 → 0.33)."""
    return round_half_up(h, HOURS_DECIMALS)


def hours(h: float) -> str:
    """Hours for people: "5.5 h", "6.25 h", "6 h"."""
    return f"{_number(round_hours(h))} h"


def hours_total(values: Iterable[float]) -> tuple[list[float], float]:
    """Each value rounded as shown, and their total as the sum of those rounded parts, so
    the parts on screen add up to the total beside them."""
    parts = [round_hours(v) for v in values]
    # Summing the rounded parts adds float noise (0.1 + 0.2); rounding again only drops it.
    return parts, round_hours(sum(parts))


def percent(ratio: float) -> str:
    """A ratio (0.625) as a whole percentage, halves up: "63 %"."""
    return f"{_number(round_half_up(100 * Decimal(repr(ratio))))}{PERCENT_SIGN}"


def whole_percent(part: float, whole: float) -> int:
    """`part` of `whole` in whole percent, halves up (5 of 8 → 63); 0 for an empty whole."""
    if not whole:
        return 0
    exact = Fraction(repr(part)) * 100 / Fraction(repr(whole))
    return (
        math.floor(exact + Fraction(1, 2)) if exact >= 0 else -math.floor(-exact + Fraction(1, 2))
    )


def percent_of(part: float, whole: float) -> str:
    """`part` of `whole` as a whole percentage, halves up: percent_of(5, 8) == "63 %"."""
    return f"{whole_percent(part, whole)}{PERCENT_SIGN}"


def share(part: int, whole: int) -> str:
    """How many of how many, with the percentage: "5 of 8 (63 %)"."""
    if not whole:
        return f"{part} of {whole}"
    return f"{part} of {whole} ({percent_of(part, whole)})"
