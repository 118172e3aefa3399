"""valgus: find, explain and correct dynamic knee valgus.

The package is laid out along one loop, measure -> explain -> correct -> refer -> track:

    io/        readers (video frames, TRC, C3D, MediaPipe CSV, OpenPose JSON) and writers
    pose/      pose-estimation backends and the pinned model registry
    signals/   gating, gap filling, left/right swap repair, zero-lag filtering
    events/    reps, landings and quiet standing
    metrics/   FPPA, knee-over-foot, KASR, MKD, hip adduction, pelvic drop, trunk lean
    assess/    norms, verdicts, measurement error, camera view checks
    screen/    likely causes (rules are data)
    program/   exercise library (data) and the program builder
    referral/  red flags and "see a professional"
    store/     SQLAlchemy models and Alembic migrations
    progress/  change against measurement error
    report/    HTML / PDF reports
    web/       FastAPI app
    cli/       Typer commands (thin)
"""

__version__ = "0.1.0"
