"""Reviews and Review settings under AppTest over the seeded demo, as a person sees them."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from reviews.deck import deck_cards
from reviews.policy import keep_person_fit, person_review_settings
from reviews.queue import record_review
from reviews.replay import FitResult
from reviews.scheduling import DEFAULT_FSRS_PARAMETERS, ReviewGrade
from reviews.stats import module_suggestions
from storage.engine import make_engine
from storage.models import CardSchedule, utc_now
from storage.people import get_person
from storage.settings import get_settings
from tests.dashboard.apptest import app_as, person_id, texts

REVIEWS = "pages/reviews_page.py"
SETTINGS = "pages/review_settings_page.py"
MAX_CARDS_IN_A_TEST = 60
# Fitting the demo team takes ~6 s of CPU; a busy machine may stretch that a lot.
FIT_TIMEOUT_S = 180
INTERVAL = re.compile(r"[\d.]+ ((day|week|month|year)s?|min|h)")


@pytest.fixture
def own_demo(
    demo_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A private copy of the seeded demo, for tests that save reviews or change settings."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    for file in demo_data_dir.glob("proficio.db*"):
        shutil.copy(file, data_dir / file.name)
    monkeypatch.setenv("PROFICIO_DATA_DIR", str(data_dir))
    monkeypatch.delenv("PROFICIO_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield data_dir
    get_settings.cache_clear()


def _reviews_as(data_dir: Path, name: str) -> AppTest:
    return app_as(data_dir, name).switch_page(REVIEWS).run()


def _table_with(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _buttons(at: AppTest) -> dict[str, str]:
    return {b.key: b.label for b in at.button if b.key}


def test_a_learner_reviews_every_due_card_and_sees_a_summary(own_demo: Path) -> None:
    at = _reviews_as(own_demo, "Mei Chen")
    assert not at.exception
    assert at.title[0].value == "Reviews"
    sitting = f"reviews-sitting-{person_id(own_demo, 'Mei Chen')}"
    first = next(c.value for c in at.caption if c.value.startswith("Card 1 of "))
    total = int(first.split(" of ")[1].split(" ")[0])
    assert 0 < total <= MAX_CARDS_IN_A_TEST
    reviewed, forgotten = 0, 0
    while f"{sitting}-reveal" in _buttons(at):
        prompt = at.markdown[0].value
        caption = next(c.value for c in at.caption if c.value.startswith("Card "))
        at.button(key=f"{sitting}-reveal").click().run()
        labels = _buttons(at)
        # Revealed: the answer under the prompt, and four answers with their intervals.
        assert f"{sitting}-reveal" not in labels
        assert [labels[f"{sitting}-rate-{n}"].split(" · ")[0] for n in range(1, 5)] == [
            "Again",
            "Hard",
            "Good",
            "Easy",
        ]
        assert all(
            INTERVAL.fullmatch(labels[f"{sitting}-rate-{n}"].split(" · ")[1]) for n in range(1, 5)
        )
        # Forget every fourth learned card (it comes back in ten minutes, after this test);
        # Easy on new ones, so none comes back from a one-minute step while the test runs.
        learned = not caption.endswith((" · new", " · learning"))
        rating = 1 if learned and reviewed % 4 == 0 else 3 if learned else 4
        forgotten += rating == 1
        at.button(key=f"{sitting}-rate-{rating}").click().run()
        assert not at.exception
        reviewed += 1
        if f"{sitting}-reveal" in _buttons(at):
            assert any(c.value.startswith(f"Card {reviewed + 1} of ") for c in at.caption)
            assert at.markdown[0].value != prompt  # the next card, not the same one again
        assert reviewed <= MAX_CARDS_IN_A_TEST
    assert reviewed >= total
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Reviewed"] == str(reviewed)
    assert metrics["Recalled"] == f"{reviewed - forgotten} of {reviewed}"
    assert metrics["Next due"] != "nothing"


def test_reviews_are_kept_so_a_fresh_sitting_has_nothing_left(own_demo: Path) -> None:
    at = _reviews_as(own_demo, "Sofia Rossi")
    sitting = f"reviews-sitting-{person_id(own_demo, 'Sofia Rossi')}"
    while f"{sitting}-reveal" in _buttons(at):
        at.button(key=f"{sitting}-reveal").click().run()
        at.button(key=f"{sitting}-rate-3").click().run()
    at.button(key=f"{sitting}-again").click().run()
    assert not at.exception
    # The new cards answered Good are in their 10-minute step: the page says to come back.
    assert any("come back in" in i.value or "Nothing is due" in i.value for i in at.info)
    assert not at.metric  # a fresh sitting: nothing reviewed in it yet


def test_someone_without_started_modules_is_told_why_the_deck_is_empty(app_env: Path) -> None:
    at = _reviews_as(app_env, "Priya Raman")
    assert not at.exception
    assert any("Your deck is empty" in i.value for i in at.info)


def test_a_stalled_learner_has_a_backlog(app_env: Path) -> None:
    at = _reviews_as(app_env, "Ben Carter")
    first = next(c.value for c in at.caption if c.value.startswith("Card 1 of "))
    assert int(first.split(" of ")[1].split(" ")[0]) >= 15
    assert "were due before today; the oldest since" in at.warning[0].value


def test_a_mentor_sees_a_mentees_suggestions_and_charts(app_env: Path) -> None:
    at = _reviews_as(app_env, "Grace Okafor")
    picker = at.selectbox(key="reviews-person")
    # Herself and her three mentees, nobody else.
    assert picker.options == ["You", "Aisha Khan", "Jonas Weber", "Sofia Rossi"]
    picker.set_value(person_id(app_env, "Aisha Khan")).run()
    assert not at.exception
    table = _table_with(at, "Module")
    # The last 30 days of her reviews, as the service counts them now: a module reviewed about
    # 30 days ago leaves the window during the day, so no module is named here.
    grace_id, aisha_id = person_id(app_env, "Grace Okafor"), person_id(app_env, "Aisha Khan")
    engine = make_engine(f"sqlite:///{app_env / 'proficio.db'}")
    with Session(engine) as session:
        grace = get_person(session, grace_id)
        expected = module_suggestions(session, actor=grace, person_id=aisha_id, now=utc_now())
    engine.dispose()
    assert expected and set(table["Module"]) == {m.module_title for m in expected}
    assert set(table["Suggestion"]) <= {
        "Recalled reliably: move on, or write harder cards for this module.",
        "On track: keep reviewing as scheduled.",
        "Often forgotten: revisit the prerequisites and the module text.",
    }
    assert "Reviews due, next 30 days" in texts(at)
    assert "Measured retention by week" in texts(at)


def test_a_learner_cannot_pick_someone_else(app_env: Path) -> None:
    at = _reviews_as(app_env, "Aisha Khan")
    assert not [s for s in at.selectbox if s.key == "reviews-person"]


def test_writing_a_card_needs_both_sides_and_then_joins_the_deck(own_demo: Path) -> None:
    at = _reviews_as(own_demo, "Diego Fernández")
    at.text_area(key="reviews-card-0-front").set_value("Why does RRF ignore raw scores?")
    at.button(key="FormSubmitter:reviews-card-0-Add card").click().run()
    assert "both the prompt and the answer" in at.error[0].value
    # The refused card keeps its prompt: only the answer is left to type.
    assert at.text_area(key="reviews-card-0-front").value == "Why does RRF ignore raw scores?"
    back = "Scores of BM25 and cosine are not comparable."
    at.text_area(key="reviews-card-0-back").set_value(back)
    at.button(key="FormSubmitter:reviews-card-0-Add card").click().run()
    assert not at.exception
    assert at.success[0].value == "Card added."
    assert at.text_area(key="reviews-card-1-front").value == ""  # the next card starts afresh


def test_the_lead_sees_policy_workload_and_team_charts(app_env: Path) -> None:
    at = app_as(app_env, "Priya Raman").switch_page(SETTINGS).run()
    assert not at.exception
    assert at.title[0].value == "Review settings"
    assert at.radio(key="review-policy").value == "fsrs"
    workload = _table_with(at, "Desired retention")
    assert list(workload["Desired retention"]) == ["75 %", "80 %", "85 %", "90 %", "95 %"]
    per_day = list(workload["Reviews per day"])
    assert per_day == sorted(per_day) and per_day[0] < per_day[-1]  # more retention, more work
    assert "Team reviews due, next 30 days" in texts(at)
    assert "In use: FSRS's published default parameters." in texts(at)


def test_switching_to_the_ladder_reschedules_and_shows_ladder_intervals(own_demo: Path) -> None:
    at = app_as(own_demo, "Priya Raman").switch_page(SETTINGS).run()
    at.radio(key="review-policy").set_value("ladder").run()
    at.button(key="review-policy-save").click().run()
    assert not at.exception
    assert "Policy set to Fixed ladder" in at.success[0].value
    at = _reviews_as(own_demo, "Aisha Khan")
    assert "Fixed ladder" in texts(at)
    sitting = f"reviews-sitting-{person_id(own_demo, 'Aisha Khan')}"
    at.button(key=f"{sitting}-reveal").click().run()
    assert _buttons(at)[f"{sitting}-rate-1"].startswith("Again · 1 day")


def test_review_settings_are_only_in_the_leads_navigation(app_env: Path) -> None:
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app_as(app_env, "Grace Okafor").switch_page(SETTINGS)


def test_the_matrix_flags_a_fading_skill(app_env: Path) -> None:
    at = app_as(app_env, "Priya Raman").switch_page("pages/matrix_page.py").run()
    fading = [w.value for w in at.warning if "fading" in w.value]
    assert any("Hannah Schmidt" in w and "Vector database expertise" in w for w in fading)


def test_the_lead_fits_fsrs_compares_and_accepts(own_demo: Path) -> None:
    at = app_as(own_demo, "Priya Raman").switch_page(SETTINGS).run()
    at.button(key="review-fit").click().run(timeout=FIT_TIMEOUT_S)
    assert not at.exception
    assert at.success[0].value.startswith("Fitted in ")
    losses = {m.label: float(m.value) for m in at.metric}
    assert set(losses) == {"Log loss, parameters in use", "Log loss, fitted"}
    assert all(0 < v < 1 for v in losses.values())
    # Still on the defaults until accepted.
    assert "In use: FSRS's published default parameters." in texts(at)
    at.button(key="review-accept").click().run()
    assert "Fitted parameters in use" in at.success[0].value
    assert "In use: parameters fitted to this team." in texts(at)
    assert not at.metric  # the proposal is gone once accepted


def test_again_shows_its_same_day_step_and_undo_takes_the_answer_back(own_demo: Path) -> None:
    at = _reviews_as(own_demo, "Sofia Rossi")
    sitting = f"reviews-sitting-{person_id(own_demo, 'Sofia Rossi')}"
    prompt = at.markdown[0].value
    new = next(c.value for c in at.caption if c.value.startswith("Card ")).endswith(" · new")
    at.button(key=f"{sitting}-reveal").click().run()
    # A new card's first step is a minute; a learned card forgotten relearns in ten.
    again = _buttons(at)[f"{sitting}-rate-1"]
    assert again == "Again · 1 min" if new else again in ("Again · 1 min", "Again · 10 min")
    at.button(key=f"{sitting}-rate-1").click().run()
    assert at.markdown[0].value != prompt
    at.button(key=f"{sitting}-undo").click().run()
    assert not at.exception
    assert any("Undone: your answer Again" in i.value for i in at.info)
    assert at.markdown[0].value == prompt  # the same card again, as it was
    assert f"{sitting}-undo" not in _buttons(at)  # nothing answered in this sitting now


def _forgotten_seven_times(data_dir: Path, name: str) -> tuple[int, str]:
    """One of `name`'s new cards, learned long ago and then forgotten seven times (relearned
    after each) through the review service, so it is the most overdue card of their queue and
    one more "Again" is the lapse that makes it a leech. Returns its id and prompt."""
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    with Session(engine) as session:
        person = get_person(session, person_id(data_dir, name))
        assert person_review_settings(session, person.id).leech_lapses == 8
        seen = set(
            session.exec(
                select(CardSchedule.card_id).where(CardSchedule.person_id == person.id)
            ).all()
        )
        card = next(c for c, _, _ in deck_cards(session, person) if c.id not in seen)
        card_id, front = card.id or 0, card.front
        moment = utc_now() - timedelta(days=400)  # before any of the demo's reviews fall due

        def answer(rating: ReviewGrade, at: datetime) -> None:
            record_review(session, actor=person, card_id=card.id, rating=rating, now=at, fuzz=False)

        answer(ReviewGrade.EASY, moment)  # learned: an "Again" from now on is a lapse
        for _ in range(7):
            moment = session.exec(
                select(CardSchedule.due_at).where(
                    CardSchedule.person_id == person.id, CardSchedule.card_id == card_id
                )
            ).one()
            answer(ReviewGrade.AGAIN, moment)
            answer(ReviewGrade.GOOD, moment + timedelta(minutes=10))
        session.commit()
    engine.dispose()
    return card_id, front


def test_the_eighth_lapse_suspends_the_card_as_a_leech_and_the_learner_is_told(
    own_demo: Path,
) -> None:
    card_id, front = _forgotten_seven_times(own_demo, "Ben Carter")
    at = _reviews_as(own_demo, "Ben Carter")
    sitting = f"reviews-sitting-{person_id(own_demo, 'Ben Carter')}"
    assert front in at.markdown[0].value  # the most overdue card comes first
    at.button(key=f"{sitting}-reveal").click().run()
    at.button(key=f"{sitting}-rate-1").click().run()
    assert not at.exception
    [told] = [w.value for w in at.warning if "leech" in w.value]
    assert told.startswith(
        "You have forgotten that card 8 times, so it is now tagged a leech and suspended: "
        "it will not come up again until it is unsuspended."
    )
    assert "your mentor sees it in your next 1:1 agenda" in told
    assert front not in at.markdown[0].value  # on to another card
    engine = make_engine(f"sqlite:///{own_demo / 'proficio.db'}")
    with Session(engine) as session:
        schedule = session.exec(select(CardSchedule).where(CardSchedule.card_id == card_id)).all()
    engine.dispose()
    [mine] = [s for s in schedule if s.person_id == person_id(own_demo, "Ben Carter")]
    assert (mine.lapses, mine.leech) == (8, True) and mine.suspended_at is not None


def test_the_lead_sets_steps_and_limits_and_a_bad_step_keeps_what_was_typed(
    own_demo: Path,
) -> None:
    at = app_as(own_demo, "Priya Raman").switch_page(SETTINGS).run()
    fields = {t.label: t for t in at.text_input}
    fields["Learning steps (minutes)"].set_value("1, ten")
    at.button(key="FormSubmitter:review-limits-Save steps and limits").click().run()
    assert "minutes separated by spaces or commas" in at.error[0].value
    fields = {t.label: t for t in at.text_input}
    assert fields["Learning steps (minutes)"].value == "1, ten"
    fields["Learning steps (minutes)"].set_value("2 15")
    at.number_input[0].set_value(4)
    at.button(key="FormSubmitter:review-limits-Save steps and limits").click().run()
    assert not at.exception
    assert "Saved: learning steps 2 min, 15 min; relearning steps 10 min; 4 new cards per day" in (
        at.success[0].value
    )
    at = _reviews_as(own_demo, "Aisha Khan")
    assert "learning steps 2 min, 15 min" in texts(at)


def test_a_learner_sets_their_own_new_cards_per_day(own_demo: Path) -> None:
    at = _reviews_as(own_demo, "Aisha Khan")
    at.checkbox[0].uncheck()
    at.number_input[0].set_value(3)
    form = f"reviews-limit-{person_id(own_demo, 'Aisha Khan')}"
    at.button(key=f"FormSubmitter:{form}-Save new cards per day").click().run()
    assert not at.exception
    assert at.success[0].value == "New cards per day for you: 3."


def _give_own_parameters(data_dir: Path, name: str) -> None:
    """`name` has kept a fit of their own (parameters FSRS accepts, a better RMSE)."""
    engine = make_engine(f"sqlite:///{data_dir / 'proficio.db'}")
    with Session(engine) as session:
        person = get_person(session, person_id(data_dir, name))
        own = [1.0 if i == 2 else p for i, p in enumerate(DEFAULT_FSRS_PARAMETERS)]
        result = FitResult(own, 0.42, 0.41, 700, 300, 5.0, rmse_before=0.05, rmse_after=0.04)
        keep_person_fit(session, actor=person, person_id=person.id, result=result, now=utc_now())
        session.commit()
    engine.dispose()


def test_a_learner_without_enough_history_is_told_what_a_fit_of_their_own_needs(
    app_env: Path,
) -> None:
    at = _reviews_as(app_env, "Aisha Khan")
    shown = texts(at)
    assert "Your own FSRS parameters" in shown
    assert "In use: **the team's parameters** for you." in shown
    [needs] = [i.value for i in at.info if "not enough to fit yet" in i.value]
    assert "the optimizer needs 512" in needs
    fit = at.button(key=f"reviews-fit-{person_id(app_env, 'Aisha Khan')}-fit")
    assert fit.disabled


def test_a_learner_with_own_parameters_goes_back_to_the_teams(own_demo: Path) -> None:
    _give_own_parameters(own_demo, "Aisha Khan")
    at = _reviews_as(own_demo, "Aisha Khan")
    assert "In use: **your own parameters**" in texts(at)
    # Which measure kept the fit, and how the other moved, under what is in use.
    assert (
        "Kept: RMSE 0.0500 → 0.0400 better; log loss 0.4200 → 0.4100 better, on the later 300 "
        "predictions. RMSE decides: a fit is kept only when its RMSE is lower, whatever log "
        "loss does."
    ) in [c.value for c in at.caption]
    at.button(key=f"reviews-fit-{person_id(own_demo, 'Aisha Khan')}-team").click().run()
    assert not at.exception
    [saved] = [s.value for s in at.success]
    assert re.fullmatch(
        r"You schedule with the team's parameters again; \d+ card schedules recomputed\.", saved
    )
    assert "In use: **the team's parameters** for you." in texts(at)


def test_the_lead_sees_a_persons_own_parameters_on_review_settings(own_demo: Path) -> None:
    _give_own_parameters(own_demo, "Aisha Khan")
    at = app_as(own_demo, "Priya Raman").switch_page(SETTINGS).run()
    aisha = person_id(own_demo, "Aisha Khan")
    at = at.selectbox(key="review-own-person").set_value(aisha).run()
    assert not at.exception
    assert "In use: **Aisha Khan's own parameters**" in texts(at)
    assert at.button(key=f"review-own-{aisha}-team").label == "Use the team's parameters"
