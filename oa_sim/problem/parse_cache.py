"""Parsed problem files kept as JSON in oa-sim's cache folder, keyed by the checksum of their bytes.

Parsing a level's YAML and playing out its repeated steps takes a tenth of a second for a scale
case of 30,000 steps, on every submit, and reading ``problem.yaml`` means importing pyyaml; reading
the same data back as JSON takes a few milliseconds. An entry is used only when the key written
inside it is the checksum of the very bytes being read (for a case file, the one the manifest
check computed already) and this oa-sim's version, so an edited file, a renamed entry or an
upgrade never meets a stale parse. A damaged entry is parsed afresh, and a cache folder that cannot
be written only costs that speed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable

from oa_sim import __version__
from oa_sim.problem.cases import Case, Step, parse_cases

FORMAT = 1


def cases(text: str, path: Path | str, digest: str, cache_dir: Path | None) -> list[Case]:
    """The cases of a case file whose bytes have sha256 ``digest``: from the cache when it holds
    them under that key, else parsed (``parse_cases``, whose errors pass through) and kept."""
    if cache_dir is None:
        return parse_cases(text, path)
    key = _key(digest)
    entry = Path(cache_dir) / "cases" / f"{digest}.json"
    kept = _read(entry, key)
    if kept is not None:
        try:
            return [Case(name, description, tuple([Step(m, tuple(a), e) for m, a, e in steps])) for name, description, steps in kept]
        except (TypeError, ValueError):  # not the shape this oa-sim writes: parse afresh
            pass
    parsed = parse_cases(text, path)
    _write(entry, key, [[case.name, case.description, [list(step) for step in case.steps]] for case in parsed])
    return parsed


class JobCases:
    """A case file as a grading run needs it: each case's name and description and its calls as
    the JSON text its harness is sent, at once; the parsed cases (with the expected values, for
    judging) only when first asked for, so that the harness can start on the calls meanwhile."""

    def __init__(self, heads: list[tuple[str, str]], calls: list[str], load: Callable[[], list[Case]]):
        self.heads = heads
        self.calls = calls
        self._load = load
        self._cases: list[Case] | None = None

    def case(self, index: int) -> Case:
        if self._cases is None:
            self._cases = self._load()
        return self._cases[index]

    @classmethod
    def of(cls, cases: list[Case], method_name: Callable[[str], str]) -> "JobCases":
        """Cases already parsed (a sandbox's, say), their calls encoded afresh."""
        return cls([(case.name, case.description) for case in cases], _encoded_calls(cases, method_name), lambda: cases)


def job_cases(text: str, path: Path | str, digest: str, cache_dir: Path | None, language_id: str, method_name: Callable[[str], str]) -> JobCases:
    """The cases of a case file whose bytes have sha256 ``digest``, for a run in the language whose
    method names ``method_name`` gives. A scale case's tens of thousands of calls cost more to
    build and encode than the harness takes to play them, so the text is kept: a first line that
    is the key (it names the language too), then two lines a case, its name and description as
    JSON and its calls as JSON (JSON text holds no line break)."""
    if cache_dir is None:
        return JobCases.of(parse_cases(text, path), method_name)
    key = f"{_key(digest)}:{language_id}"
    entry = Path(cache_dir) / "calls" / f"{digest}-{language_id}.txt"
    try:
        lines = entry.read_text(encoding="utf-8").split("\n")
        if lines[0] == key and len(lines) % 2 == 1:
            heads = [tuple(json.loads(head)) for head in lines[1::2]]
            if all(len(head) == 2 and all(isinstance(part, str) for part in head) for head in heads):
                return JobCases(heads, lines[2::2], lambda: cases(text, path, digest, cache_dir))  # type: ignore[arg-type]
    except (OSError, UnicodeDecodeError, ValueError, TypeError):  # missing, torn or not ours: build afresh
        pass
    parsed = cases(text, path, digest, cache_dir)
    found = JobCases.of(parsed, method_name)
    lines = [key]
    for (name, description), calls in zip(found.heads, found.calls):
        lines += [json.dumps([name, description]), calls]
    _write_text(entry, "\n".join(lines))
    return found


def _encoded_calls(cases: list[Case], method_name: Callable[[str], str]) -> list[str]:
    names: dict[str, str] = {}  # neutral -> the language's; asked once a method, not once a call
    texts = []
    for case in cases:
        for step in case.steps:
            if step.method not in names:
                names[step.method] = method_name(step.method)
        texts.append(json.dumps([[names[step.method], step.args] for step in case.steps], separators=(",", ":")))
    return texts


def data(text: str, cache_dir: Path, parse: Callable[[str], Any]) -> Any:
    """What ``parse`` makes of ``text`` (a YAML file's data), from the cache when it holds it under
    the text's checksum. Only data that JSON carries exactly (no integer keys, say) is kept."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    key = _key(digest)
    entry = Path(cache_dir) / "data" / f"{digest}.json"
    kept = _read(entry, key)
    if kept is not None:
        return kept
    parsed = parse(text)
    try:
        exact = json.loads(json.dumps(parsed)) == parsed
    except (TypeError, ValueError):
        exact = False
    if exact:
        _write(entry, key, parsed)
    return parsed


def _key(digest: str) -> str:
    return f"{digest}:{__version__}:{FORMAT}"


def _read(entry: Path, key: str) -> Any:
    try:
        kept = json.loads(entry.read_bytes())
        return kept["body"] if kept["key"] == key else None
    except (OSError, ValueError, TypeError, KeyError):  # missing, torn or not ours: parse afresh
        return None


def _write(entry: Path, key: str, body: Any) -> None:
    _write_text(entry, json.dumps({"key": key, "body": body}, separators=(",", ":")))


def _write_text(entry: Path, text: str) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".entry-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, entry)  # whole or not at all: a reader never meets half an entry
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass  # a cache that cannot be written only costs speed
