"""Durations as people write them: 90m, 45s, 1h30m, 0.4s, or a bare number of seconds."""

from __future__ import annotations

import re

_PART = re.compile(r"(\d+(?:\.\d+)?)(h|ms|m|s)")
_FACTORS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}


def parse_duration(text: str | int | float) -> float:
    """Return seconds for a duration such as ``"1h30m"``; raise ``ValueError`` when unreadable."""
    if isinstance(text, bool):
        raise ValueError(f"not a duration: {text!r}")
    if isinstance(text, (int, float)):
        if text <= 0:
            raise ValueError(f"a duration must be positive, got {text!r}")
        return float(text)
    cleaned = text.strip().lower().replace(" ", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
        seconds = float(cleaned)
    else:
        position, seconds = 0, 0.0
        for match in _PART.finditer(cleaned):
            if match.start() != position:
                break
            seconds += float(match.group(1)) * _FACTORS[match.group(2)]
            position = match.end()
        if position != len(cleaned) or not cleaned:
            raise ValueError(f"not a duration: {text!r} (try 90m, 45s or 1h30m)")
    if seconds <= 0:
        raise ValueError(f"a duration must be positive, got {text!r}")
    return seconds


def format_clock(seconds: float) -> str:
    """Format seconds as ``H:MM:SS`` or ``MM:SS`` for a countdown."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def format_duration(seconds: float) -> str:
    """Format seconds for prose: ``1h 05m``, ``12m 30s``, ``45s``."""
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m {secs:02d}s" if secs else f"{minutes}m"
    return f"{secs}s"
