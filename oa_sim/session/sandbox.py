"""The candidate's sandbox: ``sandbox.yaml`` in the workspace, cases of their own in the format of the
problem's tests, which ``oa-sim test`` runs after the sample tests and which nothing ever scores.

It is the candidate's file: written at ``start`` with a comment on how to write a case and an
example from level 1, never written again, and read as untrusted input. A file that does not
parse, is too large, calls a method the unlocked levels lack, or passes values of the wrong kind
is one line naming the file and the line (or case), and the sample tests run all the same.

A method may be named as the candidate's spec shows it (``addWithPriority`` in Java) or in the
neutral snake_case of the problem's own case files (``add_with_priority``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oa_sim.problem.cases import Case, CaseFileError, Step, from_data, load_cases, step_problem
from oa_sim.problem.yaml_text import line_of, load_yaml, yaml_error

if TYPE_CHECKING:
    from oa_sim.languages import Language
    from oa_sim.problem.model import Method, Problem

FILE = "sandbox.yaml"
MAX_BYTES = 256 * 1024
MAX_CASES = 100
MAX_STEPS = 100_000  # ten times a shipped scale test: room to time a solution, not to stall a run
MAX_VALUES = 2_000_000  # the values its repeats may build in all (steps, and lists of items)
EXAMPLE_STEPS = 5
EMPTY_NOTE = f"{FILE} has no cases yet; its first lines say how to write one."


@dataclass(frozen=True)
class Sandbox:
    """What the sandbox file gave: its cases (in neutral names), or one line on why none run."""

    cases: tuple[Case, ...] = ()
    note: str | None = None
    broken: bool = False  # the note is something to fix in the file, not just "no cases yet"


def template(problem: "Problem", language: "Language") -> str:
    """The sandbox file a workspace starts with: how to write a case, and one example for level 1
    (the start of its first sample test), in the names the candidate's spec uses."""
    methods = problem.level(1).methods
    neutral = methods[0].name if methods else "method_name"
    spelled = language.method_name(neutral)
    names = f"({spelled})" if spelled == neutral else f"({spelled}); their snake_case form ({neutral}) works too"
    none = language.literal(None)
    lines = [
        "# Your own tests. `oa-sim test` runs the cases below after the sample tests, with the same",
        "# grader, and marks each; they are never scored, and `oa-sim submit` ignores this file.",
        "#",
        f"# Each case (a name: letters, digits and _; a description; its steps) runs on a new {problem.impl_class}.",
        "# A step is [method, [arguments...], expected]: one call and what it must return.",
        f"# Name methods as your spec shows them {names}.",
        "# Write no value as null" + (f" (your spec's {none})" if none != "null" else "") + ", and quote every string:",
        '# unquoted, YAML reads yes, no, on, null and 1 as other values ("yes", "1" stay strings).',
        f"# `oa-sim test NAME` runs only the tests whose name holds NAME. Up to {MAX_CASES} cases and {MAX_STEPS:,} steps.",
    ]
    example = _example(problem)
    if example is None:
        return "\n".join([*lines, "cases:", ""])
    steps = [f"      - [{_method(language.method_name(step.method))}, {_json(list(step.args))}, {_json(step.expected)}]" for step in example.steps]
    return "\n".join([
        *lines,
        "cases:",
        "  - name: example",
        "    description: the start of a level 1 sample test; change it, or add cases of your own below",
        "    steps:",
        *steps,
        "",
    ])  # fmt: skip


def read(problem: "Problem", language: "Language", folder: Path, level: int) -> Sandbox:
    """The sandbox of the workspace in ``folder``, checked against the methods of levels 1..``level``.

    No file is no sandbox; an empty or comment-only one is a sandbox with no cases (and a note).
    """
    text = _text(folder / FILE)
    if isinstance(text, Sandbox):
        return text
    try:
        return _checked(problem, language, text, level)
    except RecursionError:  # lists in lists hundreds deep: the YAML reader takes them, the checks cannot
        return _broken(f"{FILE}: its values are nested too deeply to read")


def _checked(problem: "Problem", language: "Language", text: str, level: int) -> Sandbox:
    try:
        raw = load_yaml(text)
    except yaml_error() as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        return _broken(f"{FILE}{where}: not valid YAML ({getattr(error, 'problem', None) or 'cannot be parsed'})")
    except (ValueError, RecursionError) as error:  # a date pyyaml cannot build, a nesting without end
        return _broken(f"{FILE}: not valid YAML ({error})")
    if raw is None or (isinstance(raw, dict) and set(raw) == {"cases"} and raw["cases"] in (None, [])):
        return Sandbox(note=EMPTY_NOTE)
    too_large = _too_large(raw)
    if too_large:
        return _broken(too_large)
    try:
        cases = from_data(raw, FILE)
    except CaseFileError as error:
        return _broken(_with_line(str(error), raw, text))
    known = {method.name: method for facts in problem.levels[:level] for method in facts.methods}
    checked = []
    for index, case in enumerate(cases):
        found = _problem_in(case, known, language)
        if found:
            number, message = found
            line = line_of(text, ["cases", index, "steps", _raw_step(raw["cases"][index]["steps"], number)])
            where = f" line {line}" if line else ""
            return _broken(f"{FILE}{where}: case {case.name}, step {number}: {message}")
        checked.append(_in_neutral_names(case, known, language))
    return Sandbox(cases=tuple(checked))


def _text(path: Path) -> "str | Sandbox":
    try:
        if path.is_dir():
            return _broken(f"{FILE} is a folder; the sandbox is a file of cases")
        size = path.stat().st_size
        if size > MAX_BYTES:
            return _broken(f"{FILE} is {size / 1024:.0f} KiB; the sandbox is read up to {MAX_BYTES // 1024} KiB")
        data = path.read_bytes()
    except FileNotFoundError:
        return Sandbox()
    except OSError as error:
        return _broken(f"cannot read {FILE}: {error.strerror}")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return _broken(f"{FILE} line {line}: not UTF-8 text; save it as UTF-8")


def _broken(message: str) -> Sandbox:
    return Sandbox(note=message, broken=True)


def _too_large(raw: Any) -> str | None:
    """Why the data is past the limits, read before any repeat is played (so none is built)."""
    cases = raw.get("cases") if isinstance(raw, dict) else None
    if not isinstance(cases, list):
        return None  # not cases at all: the case format says so
    if len(cases) > MAX_CASES:
        return f"{FILE} has {len(cases)} cases; the sandbox runs up to {MAX_CASES}"
    steps = sum(_played(case.get("steps")) for case in cases if isinstance(case, dict))
    if steps > MAX_STEPS:
        return f"{FILE}: its cases play {steps:,} steps; the sandbox runs up to {MAX_STEPS:,} in all"
    if _values(raw) > MAX_VALUES:
        return f"{FILE}: its repeats would build more than {MAX_VALUES:,} values; use smaller counts"
    return None


def _played(raw_steps: Any) -> int:
    """How many steps the written ones play (a repeat plays its steps that many times)."""
    return sum(_plays(raw) for raw in raw_steps) if isinstance(raw_steps, list) else 0


def _plays(raw: Any) -> int:
    if not isinstance(raw, dict):
        return 1
    times, listed = raw.get("repeat"), raw.get("steps", [raw.get("step")])
    if isinstance(times, bool) or not isinstance(times, int) or times < 1 or not isinstance(listed, list):
        return 1  # not a repeat the format reads: it says what is wrong
    return times * len(listed)


def _values(raw: Any) -> int:
    """How many values the data builds once its ``repeat``s are played (at most what they multiply to)."""
    if isinstance(raw, dict):
        times = raw.get("repeat")
        inner = sum(_values(value) for key, value in raw.items() if key != "repeat") or 1
        return inner * times if isinstance(times, int) and not isinstance(times, bool) and times > 0 else inner
    if isinstance(raw, list):
        return sum(_values(item) for item in raw) or 1
    return 1


def _with_line(message: str, raw: Any, text: str) -> str:
    """A case file error with the line of the case at fault: the first that is wrong read alone
    or repeats an earlier one's name, as the format reads them, in order."""
    cases = raw["cases"] if isinstance(raw, dict) and isinstance(raw.get("cases"), list) else []
    seen: set = set()
    for index, one in enumerate(cases):
        try:
            from_data({"cases": [one]}, FILE)
        except CaseFileError:
            break
        if one["name"] in seen:
            break
        seen.add(one["name"])
    else:
        return message
    line = line_of(text, ["cases", index])
    return message.replace(f"{FILE}:", f"{FILE} line {line}:", 1) if line else message


def _spellings(known: "dict[str, Method]", language: "Language") -> dict[str, str]:
    """Every name a step may call a known method by -> its neutral name."""
    names = {language.method_name(name): name for name in known}
    names.update({name: name for name in known})
    return names


def _problem_in(case: Case, known: "dict[str, Method]", language: "Language") -> tuple[int, str] | None:
    spellings = _spellings(known, language)
    for number, step in enumerate(case.steps, start=1):
        if step.method not in spellings:
            offered = ", ".join(language.method_name(name) for name in known)
            return number, f"no method {step.method!r} in the unlocked levels (they have: {offered})"
    neutral = _in_neutral_names(case, known, language)
    return step_problem(neutral, known, language.method_name, language.param_name)


def _in_neutral_names(case: Case, known: "dict[str, Method]", language: "Language") -> Case:
    spellings = _spellings(known, language)
    return replace(case, steps=tuple(Step(spellings[step.method], step.args, step.expected) for step in case.steps))


def _raw_step(raw_steps: list, number: int) -> int:
    """The index of the written step that plays step ``number``."""
    played = 0
    for index, raw in enumerate(raw_steps):
        played += _plays(raw)
        if number <= played:
            return index
    return len(raw_steps) - 1


def _example(problem: "Problem") -> Case | None:
    for path in problem.level(1).visible:
        for case in load_cases(path):
            return replace(case, steps=case.steps[:EXAMPLE_STEPS])
    return None


def _json(value: Any) -> str:
    # JSON is YAML's flow style: strings come out quoted, null and booleans as YAML reads them.
    return json.dumps(value, ensure_ascii=False)


def _method(name: str) -> str:
    """A method name as YAML reads it back: plain, unless plain it would be another value (``on``)."""
    return name if load_yaml(name) == name else _json(name)
