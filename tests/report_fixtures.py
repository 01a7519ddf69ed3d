"""Shared by the report, history and review tests: a four-level fixture problem and a scripted candidate.

The toy problem has two levels; the report's stories (a level-4 regression of level 1, time running
out at level 3) need four, so ``quad`` grows the toy into a four-level problem in the test's private
copy of the fixtures. Grading is scripted (``ScriptedGrader``): these tests are about the report.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

QUAD_YAML = """\
id: quad
title: Quad counter
summary: The toy counter grown to four levels, for the report's tests.
time_limit: 90m
test_time_limit: 0.4s
run_time_limit: 20s
interface: Counter
module: counter
implementation: CounterImpl
levels:
  - title: Counting
    budget: 10m
    spec: spec/level_1.md
    methods:
      - {name: add, params: {name: string, amount: integer}, returns: integer, doc: Add amount to the counter.}
      - {name: get, params: {name: string}, returns: optional<integer>, doc: The counter's value.}
    visible: [tests/level_1/visible.yaml]
    hidden: [tests/level_1/hidden.yaml]
  - title: Resetting
    budget: 20m
    spec: spec/level_2.md
    methods:
      - {name: reset, params: {name: string}, returns: boolean, doc: Forget the counter.}
    visible: [tests/level_2/visible.yaml]
    hidden: [tests/level_2/hidden.yaml]
  - title: Totals
    budget: 30m
    spec: spec/level_3.md
    methods:
      - {name: total, returns: integer, doc: The sum of every counter.}
    visible: [tests/level_3/visible.yaml]
    hidden: [tests/level_3/hidden.yaml]
  - title: Ranking
    budget: 30m
    spec: spec/level_4.md
    methods:
      - {name: top, params: {n: integer}, returns: list<string>, doc: The n largest counters' names.}
    visible: [tests/level_4/visible.yaml]
    hidden: [tests/level_4/hidden.yaml]
"""

LEVEL_3_CASES = """\
cases:
  - name: total_of_two
    description: total adds every counter
    steps:
      - [add, ["a", 2], 2]
      - [add, ["b", 3], 3]
      - [total, [], 5]
"""

LEVEL_4_CASES = """\
cases:
  - name: top_one
    description: top names the largest counter
    steps:
      - [add, ["a", 2], 2]
      - [add, ["b", 3], 3]
      - [top, [1], ["b"]]
"""

TOY_REFERENCE = (REPO / "tests" / "fixtures" / "problems" / "toy" / "solutions" / "python" / "reference.py").read_text()
# The toy's reference, grown by the two methods of the quad's levels 3 and 4.
QUAD_REFERENCE = TOY_REFERENCE + """
    def total(self):
        return sum(self.values.values())

    def top(self, n):
        return sorted(self.values, key=lambda name: -self.values[name])[:n]
"""


def make_quad(problems_dir: Path) -> Path:
    """Write the four-level ``quad`` problem beside the toy in ``problems_dir``."""
    toy, quad = problems_dir / "toy", problems_dir / "quad"
    quad.mkdir()
    for name in ("spec", "tests"):
        shutil.copytree(toy / name, quad / name)
    (quad / "solutions" / "python").mkdir(parents=True)
    (quad / "solutions" / "python" / "reference.py").write_text(QUAD_REFERENCE)
    (quad / "problem.yaml").write_text(QUAD_YAML)
    for level, cases in ((3, LEVEL_3_CASES), (4, LEVEL_4_CASES)):
        (quad / "spec" / f"level_{level}.md").write_text(f"# Level {level}\n\nSee the interface.\n")
        folder = quad / "tests" / f"level_{level}"
        folder.mkdir()
        (folder / "visible.yaml").write_text(cases)
        (folder / "hidden.yaml").write_text(cases)
    return quad


@pytest.fixture
def quad(problems_dir) -> str:
    make_quad(problems_dir)
    return "quad"


@dataclass
class Candidate:
    """Plays one session through the CLI: submissions at given minutes, with scripted results."""

    run: object
    grader: object
    clock: object
    problem: str = "quad"
    folder_name: str | None = None
    started_at: float | None = None

    @property
    def folder(self) -> Path:
        return self.run.cwd / (self.folder_name or self.problem)

    def start(self, *extra: str):
        self.started_at = self.clock.now
        args = ["start", self.problem, *extra]
        if self.folder_name:
            args += ["--dir", self.folder_name]
        result = self.run(*args)
        assert result.exit_code == 0, result.output
        return result

    def at(self, minutes: float) -> None:
        """Move the clock to ``minutes`` after this session started."""
        self.clock.now = self.started_at + minutes * 60

    def submit(self, minutes: float, passing: dict[int, int], source: str | None = None):
        self.at(minutes)
        self.grader.passing = passing
        if source is not None:
            (self.folder / "counter_impl.py").write_text(source)
        return self.run("submit", cwd=self.folder)

    def command(self, *args: str):
        return self.run(*args, cwd=self.folder)

    def report_json(self, *extra: str) -> dict:
        result = self.command("report", "--json", *extra)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)


@pytest.fixture
def candidate(run, grader, clock, quad) -> Candidate:
    return Candidate(run, grader, clock)


def json_schemas() -> dict[str, dict]:
    """The JSON Schemas written in docs/json.md, by their ``schema`` name: the docs are the spec."""
    text = (REPO / "docs" / "json.md").read_text(encoding="utf-8")
    found = re.findall(r"<!-- schema: (\S+) -->\s*```json\n(.*?)```", text, flags=re.S)
    return {name: json.loads(body) for name, body in found}


def check_schema(data: dict) -> None:
    """Fail when ``data`` does not match the schema docs/json.md gives for its ``schema`` key."""
    import jsonschema

    schema = json_schemas()[data["schema"]]
    jsonschema.Draft202012Validator(schema).validate(data)
