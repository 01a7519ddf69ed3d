"""Fails while being imported: line 4 cannot convert its text to a number."""

DEFAULT_STEP = "one"
STEP = int(DEFAULT_STEP)
