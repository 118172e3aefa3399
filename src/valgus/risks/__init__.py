"""Risk education linked to valgus (data/risks.yaml): :func:`valgus.risks.assess.assess_risks`."""
