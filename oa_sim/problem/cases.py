"""Test cases as data: a YAML file of named cases, each a list of ``[method, args, expected]`` steps.

One format serves every language: the grader sends each case's calls (never its expected values)
to the language's harness and judges the answers that come back; the workspace gets the visible
cases as sample tests in the language's own test runner; ``--reveal`` shows a failure as a transcript.

Scale cases stay data too. A step may be ``{repeat: N, step: [method, args, expected]}``, played N
times with ``{i}`` (or a format such as ``{i:05d}``) in its strings replaced by 0..N-1, and a value
may be ``{repeat: N, item: X}``, the list of N such copies of X.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from oa_sim.errors import ExitCode, OaSimError
from oa_sim.problem import types
from oa_sim.problem.yaml_text import load_yaml, yaml_error

if TYPE_CHECKING:
    from oa_sim.problem.model import Method

MAX_REPEAT = 1_000_000  # far beyond any real scale test; bounds what a typo can cost
_INDEX = re.compile(r"\{i(?::([0-9<>^=+\- #,_.xXobdf]*))?\}")


class Step(NamedTuple):
    """One call and its expected result (a tuple: a scale case builds tens of thousands)."""

    method: str  # the neutral (snake_case) name; each language maps it to its own
    args: tuple[Any, ...]
    expected: Any


@dataclass(frozen=True)
class Case:
    name: str
    description: str
    steps: tuple[Step, ...]

    def calls(self) -> list[list[Any]]:
        """What the candidate's process is sent: each step's method and arguments, no expected values."""
        return [[step.method, list(step.args)] for step in self.steps]


class CaseFileError(OaSimError, ValueError):
    """A case file that cannot be read; the message names the file and the case. Met by a command
    (a problem folder damaged after it was found), it is the one line of a malformed problem."""

    def __init__(self, message: str):
        super().__init__(message, ExitCode.PROBLEM_INVALID)


def load_cases(path: Path) -> list[Case]:
    """Read and check a case file; raise ``CaseFileError`` naming what is wrong."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise CaseFileError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise CaseFileError(f"{path}: cannot read ({error.strerror})") from None
    return parse_cases(text, path)


def parse_cases(text: str, path: Path | str) -> list[Case]:
    """Check the text of a case file (``path`` names it in errors)."""
    try:
        data = load_yaml(text)
    except yaml_error() as error:
        raise CaseFileError(f"{path}: not valid YAML ({' '.join(str(error).split())})") from None
    except (ValueError, RecursionError) as error:
        raise CaseFileError(f"{path}: not valid YAML ({error})") from None
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
            raise CaseFileError(f"{where}: 'name' must be an identifier, got {_short(name)}")
        if name in seen:
            raise CaseFileError(f"{where}: duplicate case name {name!r}")
        seen.add(name)
        if not isinstance(description, str) or not description.strip():
            raise CaseFileError(f"{where} ({name}): 'description' must be a non-empty string")
        if not isinstance(steps, list) or not steps:
            raise CaseFileError(f"{where} ({name}): 'steps' must be a non-empty list")
        where = f"{where} ({name})"
        cases.append(Case(name, description.strip(), tuple(step for raw_step in steps for step in _steps(where, raw_step))))
    return cases


def step_problem(
    case: Case, known: "dict[str, Method]", method_name: Callable[[str], str] = str, param_name: Callable[[str], str] = str
) -> tuple[int, str] | None:
    """The first step of ``case`` that calls no method of ``known`` or passes or expects a value
    of the wrong type, as (step number, what is wrong); None when every step fits.

    The one home of the rule, for an author's case files and a candidate's sandbox alike;
    ``method_name`` and ``param_name`` spell the names in the reader's language.
    """
    for number, step in enumerate(case.steps, start=1):
        method = known.get(step.method)
        if method is None:
            return number, f"no method {method_name(step.method)!r} at this level or before"
        name = method_name(step.method)
        if len(step.args) != len(method.params):
            return number, f"{name} takes {len(method.params)} argument(s), the step gives {len(step.args)}"
        for param, arg in zip(method.params, step.args):
            if not types.conforms(arg, param.type):
                return number, f"{name}'s {param_name(param.name)} is {types.describe(param.type)}, got {_short(arg)}"
        if not types.conforms(step.expected, method.returns):
            return number, f"{name} returns {types.describe(method.returns)}, the step expects {_short(step.expected)}"
    return None


def _steps(where: str, raw: Any) -> list[Step]:
    if isinstance(raw, dict):
        if set(raw) not in ({"repeat", "step"}, {"repeat", "steps"}):
            raise CaseFileError(
                f"{where}: a repeated step is {{repeat: N, step: [method, [args...], expected]}} "
                f"(or steps: a list of them, played in turn N times), got {_short(raw)}"
            )
        times = _times(where, raw["repeat"])
        listed = raw["steps"] if "steps" in raw else [raw["step"]]
        if not isinstance(listed, list) or not listed:
            raise CaseFileError(f"{where}: 'steps' of a repeat must be a non-empty list of steps, got {_short(listed)}")
        played = []
        for one in listed:
            template = _step(where, one, expand=False)
            played.append((template.method, [_template(where, arg) for arg in template.args], _template(where, template.expected)))
        new = tuple.__new__  # not Step(...), whose __new__ is Python: a scale case makes tens of thousands
        return [new(Step, (method, tuple([arg(i) for arg in args]), expected(i))) for i in range(times) for method, args, expected in played]
    return [_step(where, raw, expand=True)]


def _template(where: str, value: Any) -> Callable[[int], Any]:
    """``value`` as a function of the repeat's index, built once: a scale case has many thousand steps."""
    if isinstance(value, str) and "{i" in value:
        pattern = _format_string(value)
        try:
            pattern.format(0)
        except (ValueError, IndexError) as error:
            raise CaseFileError(f"{where}: {value!r}: {error}") from None
        return pattern.format
    if isinstance(value, dict) and "from" in value and set(value) <= {"from", "by"}:
        start, by = value["from"], value.get("by", 1)
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in (start, by)):
            raise CaseFileError(f"{where}: a counted integer is {{from: N, by: K}} with whole numbers, got {_short(value)}")
        return lambda i: start + by * i
    if isinstance(value, (dict, list)):
        return lambda i: _expand(where, value, i)
    fixed = _expand(where, value, None)
    return lambda i: fixed


def _format_string(value: str) -> str:
    """A ``str.format`` pattern for one argument from a case string with ``{i}`` placeholders."""
    out, last = [], 0
    for match in _INDEX.finditer(value):
        out.append(value[last : match.start()].replace("{", "{{").replace("}", "}}"))
        out.append("{0" + (f":{match.group(1)}" if match.group(1) else "") + "}")
        last = match.end()
    out.append(value[last:].replace("{", "{{").replace("}", "}}"))
    return "".join(out)


def _step(where: str, raw: Any, *, expand: bool) -> Step:
    if not isinstance(raw, list) or len(raw) != 3 or not isinstance(raw[0], str) or not isinstance(raw[1], list):
        raise CaseFileError(f"{where}: each step must be [method, [args...], expected], got {_short(raw)}")
    if not expand:
        return Step(raw[0], tuple(raw[1]), raw[2])
    return Step(raw[0], tuple(_expand(where, arg, None) for arg in raw[1]), _expand(where, raw[2], None))


def _times(where: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= MAX_REPEAT:
        raise CaseFileError(f"{where}: repeat takes a whole number from 1 to {MAX_REPEAT:,}, got {_short(value)}")
    return value


def _expand(where: str, value: Any, index: int | None) -> Any:
    """A value with its ``{repeat, item}`` lists built and, inside a repeated step, ``{i}`` filled in."""
    if isinstance(value, dict) and index is not None and "from" in value:
        return _template(where, value)(index)
    if isinstance(value, dict):
        if set(value) != {"repeat", "item"}:
            raise CaseFileError(f"{where}: a mapping in a step is {{repeat: N, item: X}} (a list of N items), got {_short(value)}")
        item = _template(where, value["item"])
        return [item(i) for i in range(_times(where, value["repeat"]))]
    if isinstance(value, list):
        return [_expand(where, item, index) for item in value]
    if isinstance(value, str) and index is not None and "{i" in value:
        try:
            return _INDEX.sub(lambda match: format(index, match.group(1) or ""), value)
        except ValueError as error:
            raise CaseFileError(f"{where}: {value!r}: {error}") from None
    if isinstance(value, float):
        raise CaseFileError(f"{where}: {value!r} is a fraction; values are strings, integers, booleans, lists or null")
    return value


def _short(value: Any, width: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."

