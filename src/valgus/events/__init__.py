"""Event detection: repetitions (reps), landings (landings) and quiet standing (standing) from
conditioned signals; their types (types) and settings (settings).

Import from the submodules: this package imports nothing itself, so light imports (settings, types)
do not load SciPy.
"""
