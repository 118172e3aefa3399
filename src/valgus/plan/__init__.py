"""The plan layer: assembles screening, referral, risks and programme above them, and checks every
suggestion against the person's state (safety rules)."""
