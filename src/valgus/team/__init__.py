"""Squad screening: many clips, one roster."""
