"""Run the benchmark suite, or the named benchmarks, and print one table of figures.

    python -m bench [NAME ...] [--quick] [--json FILE] [--quiet]

Each benchmark is a module in this package with `run(quick: bool) -> list[Figure]`. `--quick`
uses small sizes and few repeats (a smoke run for CI, under two minutes in all); without it the
sizes are the ones BENCHMARKS.md reports. Figures are medians of repeated runs unless their
name says otherwise; ratios are taken against a reference measured side by side in the same
process.

The figures go to stdout; what is running, and the progress of generating the benchmarks' data
(a bar with counts and the time left on a terminal, a line per tenth otherwise), goes to
stderr. `--quiet` leaves out the progress.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.harness import Figure, showing_data_progress
from storage.progress import TerminalProgress

# name → module; the order is the order of the table.
BENCHMARKS = {
    "start": "bench.start",
    "scheduler": "bench.scheduler",
    "pages": "bench.pages",
    "clicks": "bench.clicks",
    "indexing": "bench.indexing",
    "query": "bench.query",
    "recall": "bench.recall",
    "incremental": "bench.incremental",
    "memory": "bench.memory",
}


def _format(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    magnitude = abs(value)
    text = (
        f"{value:,.0f}" if magnitude >= 100 else f"{value:.3g}" if magnitude < 1 else f"{value:.1f}"
    )
    return f"{text} {unit}".strip()


def table(figures: list[Figure]) -> str:
    """A markdown table: figure, value, reference, ratio, target, met."""
    lines = [
        "| benchmark | figure | value | reference | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for figure in figures:
        reference = (
            f"{figure.reference} ({_format(figure.reference_value, figure.unit)})"
            if figure.reference
            else "–"
        )
        met = {True: "yes", False: "NO", None: "–"}[figure.met]
        ratio = "–" if figure.ratio is None else f"{figure.ratio:.2f}"
        lines.append(
            f"| {figure.benchmark} | {figure.name} | {_format(figure.value, figure.unit)} "
            f"| {reference} | {ratio} | {figure.target or '–'} | {met} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--quick", action="store_true", help="small sizes, few repeats")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    parser.add_argument(
        "--quiet", action="store_true", help="no progress of the data generation on stderr"
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    figures: list[Figure] = []
    timings: dict[str, float] = {}
    with TerminalProgress(quiet=args.quiet) as progress, showing_data_progress(progress):
        for name in args.names or list(BENCHMARKS):
            print(f"running {name} …", file=sys.stderr, flush=True)
            started = time.perf_counter()
            module = importlib.import_module(BENCHMARKS[name])
            figures.extend(module.run(quick=args.quick))
            progress.close()  # the next benchmark's lines start below this one's bar
            timings[name] = time.perf_counter() - started
            print(f"  {name} took {timings[name]:.0f} s", file=sys.stderr, flush=True)
    print(table(figures))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "ran_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "quick": args.quick,
                    "machine": {
                        "python": platform.python_version(),
                        "platform": platform.platform(),
                    },
                    "seconds": timings,
                    "figures": [
                        {
                            "benchmark": f.benchmark,
                            "name": f.name,
                            "value": f.value,
                            "unit": f.unit,
                            "reference": f.reference,
                            "reference_value": f.reference_value,
                            "ratio": f.ratio,
                            "target": f.target,
                            "met": f.met,
                            "note": f.note,
                        }
                        for f in figures
                    ],
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
