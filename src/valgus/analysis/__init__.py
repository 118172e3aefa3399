"""The measurement pipeline: recording -> conditioned signals -> events -> metrics -> verdicts."""
