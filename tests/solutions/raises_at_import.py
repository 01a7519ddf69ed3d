"""Fails while being imported."""

DEFAULT_STEP = "one"
STEP = int(DEFAULT_STEP)
