"""The problem format: find problem folders, load and check them, hand out plain data."""
