"""Round trips, idempotence, atomicity, cascade delete and refusals, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, inspect, select, text

from valgus.errors import StoreError
from valgus.store import (
    Store,
    add_athlete,
    delete_athlete,
    get_athlete,
    list_athletes,
    load_history,
    log_adherence,
    open_store,
    save_analysis,
    save_plan,
    save_screening,
)
from valgus.store.migrate import head_revision
from valgus.store.models import Base, RepMetric, Trial
from valgus.store.sample import SAMPLE_PLAN, sample_analysis
from valgus.store.trials import ArtifactIn


def _count(store: Store, model: type) -> int:
    with store.unit_of_work() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_migration_from_empty_creates_every_table(store: Store) -> None:
    names = set(inspect(store.engine).get_table_names())
    assert set(Base.metadata.tables) <= names
    assert "alembic_version" in names
    assert store.revision == head_revision()


def test_athlete_round_trip_and_duplicate_code(store: Store) -> None:
    add_athlete(
        store,
        "A01",
        sex="Female",
        birth_year=2005,
        dominant_leg="right",
        sport="football",
        team="U19",
    )
    got = get_athlete(store, "A01")
    assert (got.sex, got.birth_year, got.dominant_leg, got.team) == ("female", 2005, "right", "U19")
    with pytest.raises(StoreError, match="already exists"):
        add_athlete(store, "A01")
    with pytest.raises(StoreError, match="no athlete with code ZZ"):
        get_athlete(store, "ZZ")
    with pytest.raises(StoreError, match="sex must be"):
        add_athlete(store, "A02", sex="x")
    assert [a.code for a in list_athletes(store, team="U19")] == ["A01"]


def test_analysis_round_trip(store: Store) -> None:
    add_athlete(store, "A01", sex="female")
    analysis = sample_analysis((10.0, 12.0, None, 16.0), side="right")
    trial_id = save_analysis(store, "A01", analysis, date=dt.date(2024, 3, 1))
    history = load_history(store, "A01")
    assert [s.date for s in history.sessions] == [dt.date(2024, 3, 1)]
    trial = history.sessions[0].trials[0]
    assert trial.id == trial_id
    assert trial.analysis == analysis
    assert trial.task == "single-leg-squat" and trial.side == "right"
    assert [r["fppa_deg"] for r in trial.reps] == [10.0, 12.0, None, 16.0]
    assert [r["verdict"] for r in trial.reps] == ["normal", "normal", "no_reading", "borderline"]
    assert trial.reps[3]["kasr"] == pytest.approx(0.84)
    assert trial.reps[3]["hip_adduction_deg"] == pytest.approx(8.0)
    assert trial.reps[2]["reason"] == "thigh foreshortened"
    assert history.sessions[0].tasks == ["single-leg-squat"]


def test_reanalysis_replaces_instead_of_duplicating(store: Store) -> None:
    add_athlete(store, "A01")
    first = save_analysis(store, "A01", sample_analysis((10.0, 12.0), source_sha256="a" * 64))
    again = save_analysis(store, "A01", sample_analysis((20.0, 22.0, 24.0), source_sha256="a" * 64))
    assert again == first
    assert _count(store, Trial) == 1
    assert _count(store, RepMetric) == 3
    newer = save_analysis(
        store, "A01", sample_analysis((5.0,), source_sha256="a" * 64, version="0.2.0")
    )
    assert newer != first and _count(store, Trial) == 2


def test_crash_mid_analysis_leaves_nothing(store: Store) -> None:
    add_athlete(store, "A01")
    analysis = sample_analysis((10.0, 12.0))
    analysis["reps"].append({"side": "left"})  # no index: fails after the trial row was added
    with pytest.raises(StoreError, match="integer 'index'"):
        save_analysis(store, "A01", analysis)
    with pytest.raises(RuntimeError), store.unit_of_work() as session:
        from valgus.store import trials

        trials.save(session, "A01", sample_analysis((10.0, 12.0)))
        session.flush()
        raise RuntimeError("power cut")
    assert _count(store, Trial) == 0 and _count(store, RepMetric) == 0
    assert load_history(store, "A01").sessions == []


def test_adherence_plan_screening(store: Store) -> None:
    add_athlete(store, "A01")
    log_adherence(store, "A01", dt.date(2024, 3, 2), 1, 2)
    log_adherence(store, "A01", dt.date(2024, 3, 2), 2, 3)  # same day replaces
    with pytest.raises(StoreError, match="0-10"):
        log_adherence(store, "A01", dt.date(2024, 3, 3), 1, 11)
    save_plan(store, "A01", SAMPLE_PLAN)
    save_screening(store, "A01", {"pain_now": 0})
    history = load_history(store, "A01")
    assert [(a.sessions_done, a.pain_after) for a in history.adherence] == [(2, 3)]
    assert history.latest_plan == SAMPLE_PLAN
    assert history.screenings[0]["answers"] == {"pain_now": 0}


def test_delete_leaves_no_rows(store: Store, tmp_path) -> None:
    add_athlete(store, "A01")
    add_athlete(store, "B02")
    still = tmp_path / "still.png"
    still.write_bytes(b"\x89PNG fake")
    save_analysis(
        store,
        "A01",
        sample_analysis(),
        artifacts=[ArtifactIn("worst_rep_still", still, embed=True)],
    )
    save_analysis(store, "B02", sample_analysis((3.0,)))
    log_adherence(store, "A01", dt.date(2024, 3, 2), 1, 0)
    save_plan(store, "A01", SAMPLE_PLAN)
    save_screening(store, "A01", {"pain_now": 0})
    removed = delete_athlete(store, "A01")
    assert removed == {"sessions": 1, "trials": 1, "programs": 1, "adherence_days": 1}
    with store.engine.connect() as conn:
        counts = {
            name: conn.execute(text(f"SELECT COUNT(*) FROM {name}")).scalar_one()
            for name in Base.metadata.tables
        }
    # only B02's rows remain: 1 athlete, 1 session, 1 trial, 1 rep
    assert counts == {
        "athletes": 1,
        "assessment_sessions": 1,
        "trials": 1,
        "rep_metrics": 1,
        "artifacts": 0,
        "screening_answers": 0,
        "programs": 0,
        "adherence_log": 0,
        "users": 0,
        "audit_log": 0,
    }
    with pytest.raises(StoreError):
        delete_athlete(store, "A01")


def test_newer_schema_is_refused_without_writes(db_url: str) -> None:
    store = open_store(db_url)
    add_athlete(store, "A01")
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    store.close()
    with pytest.raises(StoreError, match="newer than this valgus knows"):
        open_store(db_url)
    from sqlalchemy import create_engine

    engine = create_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == (
            "9999_future"
        )
        assert conn.execute(text("SELECT COUNT(*) FROM athletes")).scalar_one() == 1
    engine.dispose()


def test_invalid_analysis_is_refused(store: Store) -> None:
    add_athlete(store, "A01")
    bad = sample_analysis()
    del bad["task"]
    with pytest.raises(StoreError, match="no task"):
        save_analysis(store, "A01", bad)
    with pytest.raises(StoreError, match="no athlete"):
        save_analysis(store, "NOPE", sample_analysis())


def test_rep_rows_keep_the_headline_the_verdict_rests_on() -> None:
    """The stored rep row carries the measure and number its verdict rests on (JSON 1.2), and a
    1.1 file without a headline gets the one its verdict basis implies."""
    from valgus.store.rows import rep_row

    rep = {
        "index": 1,
        "side": "left",
        "verdict": "excessive",
        "verdict_basis": "knee_over_foot_descent",
        "fppa_deg": None,
        "metrics": {"knee_over_foot_descent": {"value": 0.095, "event": "descent_45_60"}},
    }
    row = rep_row(rep, "both")
    assert (row["headline_metric"], row["headline_value"]) == ("knee_over_foot_descent", 0.095)
    headline = {
        "metric": "knee_over_foot_descent_change",
        "label": "Knee over foot in the descent, change from quiet standing",
        "value": -0.02,
        "unit": "leg_length",
        "event": "descent_45_60",
        "text": "2.0% lateral",
    }
    judged = {**rep, "headline": headline}
    assert rep_row(judged, "both")["headline_value"] == -0.02
