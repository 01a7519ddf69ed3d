"""Test cases as data: a YAML file of named cases, each a list of ``[method, args, expected]`` steps.

One format serves three places: the grader runs the cases as pytest items, the workspace gets them
as plain pytest code the candidate can read and run, and ``--reveal`` shows a failure as a transcript.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any



def load_yaml(text: str):
    """Parse YAML safely, with the C loader when pyyaml has one (several times faster).

    pyyaml is imported here, on first use: commands that only read the record never pay for it.
    """
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def yaml_error() -> type[Exception]:
    import yaml

    return yaml.YAMLError


@dataclass(frozen=True)
class Step:
    method: str
    args: tuple[Any, ...]
    expected: Any

    def call_text(self) -> str:
        return f"{self.method}({', '.join(repr(arg) for arg in self.args)})"


@dataclass(frozen=True)
class Case:
    name: str
    description: str
    steps: tuple[Step, ...]


class CaseFileError(ValueError):
    """A case file that cannot be read; the message names the file and the case."""


def load_cases(path: Path) -> list[Case]:
    """Read and check a case file; raise ``CaseFileError`` naming what is wrong."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise CaseFileError(f"{path}: cannot read ({error.strerror})") from None
    return parse_cases(text, path)


def parse_cases(text: str, path: Path | str) -> list[Case]:
    """Check the text of a case file (``path`` names it in errors)."""
    try:
        data = load_yaml(text)
    except yaml_error() as error:
        raise CaseFileError(f"{path}: not valid YAML ({_first_line(error)})") from None
    return from_data(data, path)


def from_data(data: Any, path: Path | str) -> list[Case]:
    """Cases from already-parsed data (YAML's, or the same shape as JSON)."""
    if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
        raise CaseFileError(f"{path}: expected a mapping with a 'cases' list")
    cases, seen = [], set()
    for index, raw in enumerate(data["cases"], start=1):
        where = f"{path}: case {index}"
        if not isinstance(raw, dict) or set(raw) - {"name", "description", "steps"}:
            raise CaseFileError(f"{where}: expected keys name, description, steps")
        name, description, steps = raw.get("name"), raw.get("description"), raw.get("steps")
        if not isinstance(name, str) or not name.isidentifier():
            raise CaseFileError(f"{where}: 'name' must be an identifier, got {name!r}")
        if name in seen:
            raise CaseFileError(f"{where}: duplicate case name {name!r}")
        seen.add(name)
        if not isinstance(description, str) or not description.strip():
            raise CaseFileError(f"{where} ({name}): 'description' must be a non-empty string")
        if not isinstance(steps, list) or not steps:
            raise CaseFileError(f"{where} ({name}): 'steps' must be a non-empty list")
        cases.append(Case(name, description.strip(), tuple(_step(where, name, s) for s in steps)))
    return cases


def _step(where: str, name: str, raw: Any) -> Step:
    if (
        not isinstance(raw, list)
        or len(raw) != 3
        or not isinstance(raw[0], str)
        or not isinstance(raw[1], list)
    ):
        raise CaseFileError(f"{where} ({name}): each step must be [method, [args...], expected], got {raw!r}")
    return Step(raw[0], tuple(raw[1]), raw[2])


def _first_line(error: Exception) -> str:
    return " ".join(str(error).split())


def transcript(case: Case, failed_step: int | None, got: Any = None, error: str | None = None) -> str:
    """The steps of a case up to the failing one, as the candidate's code answered them."""
    lines = [f"{case.name}: {case.description}"]
    for number, step in enumerate(case.steps, start=1):
        if failed_step is not None and number > failed_step:
            lines.append(f"  ... {len(case.steps) - failed_step} more step(s) not run")
            break
        if number == failed_step:
            outcome = f"raised {error}" if error is not None else f"got {got!r}"
            lines.append(f"  {number}. {step.call_text()} -> expected {step.expected!r}, {outcome}   <-- here")
        else:
            lines.append(f"  {number}. {step.call_text()} -> {step.expected!r}")
    return "\n".join(lines)


def as_pytest_source(cases: list[Case], impl_module: str, impl_class: str, title: str) -> str:
    """Plain pytest code for the workspace: one function a case, readable and runnable with pytest."""
    variable = "solution"
    out = [
        f'"""{title}: sample tests. Run them with `oa-sim test`, or with `pytest` in this folder."""',
        "",
        f"from {impl_module} import {impl_class}",
        "",
    ]
    for case in cases:
        out += ["", f"def test_{case.name}():", f'    """{case.description}"""', f"    {variable} = {impl_class}()"]
        for step in case.steps:
            call = f"{variable}.{step.call_text()}"
            if step.expected is None:
                out.append(f"    assert {call} is None")
            else:
                out.append(f"    assert {call} == {step.expected!r}")
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class CaseFailure:
    """Where a case went wrong: the step (1-based), and what came back or what was raised."""

    step: int
    got: Any = None
    error: BaseException | None = None

    def error_text(self) -> str | None:
        if self.error is None:
            return None
        return f"{type(self.error).__name__}: {self.error}" if str(self.error) else type(self.error).__name__

    def where(self) -> str | None:
        """The line of the candidate's code that raised, e.g. ``in_memory_db_impl.py line 12``.

        The grader compiles the solution (and the interface) under bare file names, so the last
        traceback frame without a folder in its name is the candidate's own, not the library's.
        """
        if self.error is None:
            return None
        import traceback

        frames = [f for f in traceback.extract_tb(self.error.__traceback__) if "/" not in f.filename and "\\" not in f.filename]
        return f"{frames[-1].filename} line {frames[-1].lineno}" if frames else None

    def summary(self, case: Case) -> str:
        """One line that does not give away the expected value."""
        step = case.steps[self.step - 1]
        if self.error is not None:
            where = self.where()
            return f"step {self.step} ({step.method}) raised {self.error_text()}" + (f" at {where}" if where else "")
        return f"step {self.step} ({step.method}) returned a wrong result"

    def transcript(self, case: Case) -> str:
        return transcript(case, self.step, self.got, self.error_text())


def check_case(case: Case, instance: Any) -> CaseFailure | None:
    """Play a case's steps against ``instance``; return the first failure, or None when all match.

    ``Exception`` is caught and reported as the step's failure; anything harsher (``SystemExit``,
    ``KeyboardInterrupt``) is left to the caller, which knows how to account for it.
    """
    for number, step in enumerate(case.steps, start=1):
        try:
            method = getattr(instance, step.method)
            got = method(*step.args)
        except Exception as error:  # noqa: BLE001 - the candidate's exception is the result
            return CaseFailure(number, error=error)
        if not _same(got, step.expected):
            return CaseFailure(number, got=got)
    return None


def _same(got: Any, expected: Any) -> bool:
    # bool is an int in Python; a method that should return True must not pass by returning 1
    if isinstance(expected, bool) or isinstance(got, bool):
        return type(got) is type(expected) and got == expected
    if expected is None:
        return got is None
    if isinstance(expected, list):
        return isinstance(got, list) and len(got) == len(expected) and all(map(_same, got, expected))
    return got == expected and not isinstance(got, bool)
