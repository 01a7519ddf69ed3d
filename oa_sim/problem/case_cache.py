"""Parsed case files kept as JSON in oa-sim's cache folder, keyed by the checksum of their bytes.

Parsing a level's YAML and playing out its repeated steps takes a tenth of a second for a scale
case of 30,000 steps, on every submit; reading the same cases back as JSON takes a few
milliseconds. An entry is used only when the key written inside it is the checksum of the very
bytes being graded (which the manifest check computed already) and this oa-sim's version, so an
edited file, a renamed entry or an upgrade never meets a stale parse. A damaged entry is parsed
afresh, and a cache folder that cannot be written only costs that speed.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from oa_sim import __version__
from oa_sim.problem.cases import Case, Step, parse_cases

FORMAT = 1


def cases(text: str, path: Path | str, digest: str, cache_dir: Path | None) -> list[Case]:
    """The cases of a case file whose bytes have sha256 ``digest``: from the cache when it holds
    them under that key, else parsed (``parse_cases``, whose errors pass through) and kept."""
    if cache_dir is None:
        return parse_cases(text, path)
    key = f"{digest}:{__version__}:{FORMAT}"
    entry = Path(cache_dir) / "cases" / f"{digest}.json"
    kept = _read(entry, key)
    if kept is not None:
        return kept
    parsed = parse_cases(text, path)
    _write(entry, key, parsed)
    return parsed


def _read(entry: Path, key: str) -> list[Case] | None:
    try:
        data = json.loads(entry.read_bytes())
        if data["key"] != key:
            return None
        return [Case(name, description, tuple([Step(m, tuple(a), e) for m, a, e in steps])) for name, description, steps in data["cases"]]
    except (OSError, ValueError, TypeError, KeyError):  # missing, torn or not ours: parse afresh
        return None


def _write(entry: Path, key: str, parsed: list[Case]) -> None:
    body = {"key": key, "cases": [[case.name, case.description, [list(step) for step in case.steps]] for case in parsed]}
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".cases-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(json.dumps(body, separators=(",", ":")))
            os.replace(temporary, entry)  # whole or not at all: a reader never meets half an entry
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass  # a cache that cannot be written only costs speed
