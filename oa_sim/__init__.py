"""oa-sim: rehearse a progressive, four-level coding assessment in the terminal."""

__version__ = "0.1.0"
