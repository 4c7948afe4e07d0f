"""Page run times under AppTest at demo scale, as a ratio to an empty page in the same process.

    python -m bench.pages [--repeat N]

Seeds the demo into a temporary data folder, then runs each page for a lead and a learner
`--repeat` times and prints the median, p95 and the ratio to an empty Streamlit page.
"""

from __future__ import annotations

import argparse
import statistics

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from bench.harness import APP, empty_page, quiet_streamlit, samples_s, seeded_demo
from storage.models import Person

# label → (viewer, page to switch to after the landing page, or None for the landing page)
PAGES = {
    "home (lead landing)": ("Priya Raman", None),
    "home (mentor landing)": ("Grace Okafor", None),
    "home (learner landing)": ("Aisha Khan", None),
    "training impact (lead)": ("Priya Raman", "pages/impact_page.py"),
    "matrix (lead)": ("Priya Raman", "pages/matrix_page.py"),
    "my learning (learner)": ("Aisha Khan", "pages/my_learning_page.py"),
    "people (lead)": ("Priya Raman", "pages/people_page.py"),
    "assessments (learner)": ("Aisha Khan", "pages/assessments_page.py"),
    "curriculum": ("Aisha Khan", "pages/curriculum_page.py"),
    "framework (lead)": ("Priya Raman", "pages/framework_page.py"),
    "reviews (learner)": ("Aisha Khan", "pages/reviews_page.py"),
    "review settings (lead)": ("Priya Raman", "pages/review_settings_page.py"),
    "mentees (lead)": ("Priya Raman", "pages/mentees_page.py"),
    "mentoring plan (mentor)": ("Grace Okafor", "pages/plan_page.py"),
    "1:1 session (mentor)": ("Grace Okafor", "pages/session_page.py"),
    "capstones (mentor)": ("Grace Okafor", "pages/capstones_page.py"),
    "pairing (lead)": ("Priya Raman", "pages/pairing_page.py"),
    "my mentoring (learner)": ("Aisha Khan", "pages/my_mentoring_page.py"),
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    _, engine = seeded_demo("proficio-bench-pages-")
    with Session(engine) as session:
        ids = {p.name: p.id for p in session.exec(select(Person))}

    empty_page()
    quiet_streamlit()
    baseline = statistics.median(samples_s(empty_page, args.repeat))
    print(f"{'page':<24}{'median ms':>10}{'p95 ms':>9}{'x empty':>9}")
    print(f"{'empty page':<24}{baseline * 1000:>10.1f}{'':>9}{1.0:>9.1f}")
    for label, (viewer, page) in PAGES.items():

        def run(viewer: str = viewer, page: str | None = page) -> object:
            at = AppTest.from_file(APP, default_timeout=60)
            at.session_state["viewer_id"] = ids[viewer]
            at.run()
            if page:
                at.switch_page(page).run()
            assert not at.exception, at.exception
            return at

        samples = sorted(samples_s(run, args.repeat))
        median = statistics.median(samples)
        p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
        print(f"{label:<24}{median * 1000:>10.1f}{p95 * 1000:>9.1f}{median / baseline:>9.1f}")
    print("(pages reached by switching include the landing page's run: two script runs)")


if __name__ == "__main__":
    main()
