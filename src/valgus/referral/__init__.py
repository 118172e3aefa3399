"""Red flags and "see a professional": :func:`valgus.referral.triage.triage`."""
