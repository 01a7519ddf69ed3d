"""Whole classes of input, generated: whatever a user types or a file holds, oa-sim answers with
an exit code from the documented table and no traceback, within a bounded time."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oa_sim.cli import Env, cli
from oa_sim.durations import parse_duration
from oa_sim.errors import ExitCode
from oa_sim import languages
from oa_sim.problem import catalog
from oa_sim.problem.cases import CaseFileError, parse_cases
from oa_sim.session import sandbox

DOCUMENTED = {int(code) for code in ExitCode}
FIXTURES = Path(__file__).parent / "fixtures" / "problems"
QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# JSON-like values of every shape: what a hand-edited file may hold.
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@QUICK
@given(st.text(max_size=30))
def test_any_duration_text_is_read_or_refused_with_value_error(text):
    try:
        seconds = parse_duration(text)
    except ValueError:
        return
    assert seconds > 0


@QUICK
@given(values)
def test_any_case_file_data_is_read_or_refused_naming_the_file(data):
    try:
        parse_cases(json.dumps(data, default=str), "cases.yaml")
    except CaseFileError as error:
        assert str(error).startswith("cases.yaml")


# What a candidate may type into sandbox.yaml: cases of any shape, or any data at all.
sandbox_cases = st.fixed_dictionaries({
    "cases": st.lists(
        st.fixed_dictionaries({
            "name": st.sampled_from(["mine", "mine", "two words", "x1"]),
            "description": st.text(max_size=10),
            "steps": st.lists(st.lists(st.sampled_from(["add", "get", "reset", "Add", "nope"]) | values, max_size=4), max_size=3),
        }),
        max_size=3,
    )
})  # fmt: skip


@QUICK
@given(sandbox_cases | values, st.sampled_from(sorted(languages.LANGUAGES)))
def test_any_sandbox_is_read_as_cases_or_named_in_one_line(tmp_path_factory, data, language_id):
    folder = tmp_path_factory.mktemp("sandbox")
    (folder / sandbox.FILE).write_text(json.dumps(data, default=str))
    read = sandbox.read(catalog.load(FIXTURES / "toy"), languages.get(language_id), folder, 1)
    assert read.cases or read.note is None or read.note.startswith(sandbox.FILE)
    assert read.note is None or "\n" not in read.note
    for case in read.cases:  # what reaches the grader: level 1's methods, in their neutral names
        assert {step.method for step in case.steps} <= {"add", "get"}


@QUICK
@given(st.text(max_size=25))
def test_any_time_limit_starts_a_session_or_is_refused_with_a_usage_error(tmp_path_factory, text):
    cwd = tmp_path_factory.mktemp("start")
    result = CliRunner().invoke(
        cli, ["--problems-dir", str(FIXTURES), "start", "toy", "--time-limit", text], obj=Env(cwd=cwd)
    )
    assert result.exit_code in (0, 2), result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception


@QUICK
@given(values)
def test_any_marker_is_read_or_named_as_damaged_with_exit_3(tmp_path_factory, data):
    workspace = _marked_workspace(tmp_path_factory)
    (workspace / ".oa-sim").write_text(json.dumps(data, default=str))
    result = CliRunner().invoke(cli, ["--problems-dir", str(FIXTURES), "status"], obj=Env(cwd=workspace))
    assert result.exit_code in DOCUMENTED, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


_WORKSPACES: dict[str, Path] = {}


def _marked_workspace(tmp_path_factory) -> Path:
    """One started workspace per test (its oa-sim home is the test's), made at its first example."""
    import os

    home = os.environ["OA_SIM_HOME"]
    if home not in _WORKSPACES:
        cwd = tmp_path_factory.mktemp("marked")
        started = CliRunner().invoke(cli, ["--problems-dir", str(FIXTURES), "start", "toy"], obj=Env(cwd=cwd))
        assert started.exit_code == 0, started.output
        _WORKSPACES[home] = cwd / "toy"
    return _WORKSPACES[home]


@QUICK
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12), max_size=4))
def test_any_arguments_to_any_command_end_in_a_documented_exit_code(tmp_path_factory, words):
    cwd = tmp_path_factory.mktemp("args")
    for command in ("start", "status", "report", "history", "diff", "spec", "list"):
        result = CliRunner().invoke(cli, ["--problems-dir", str(FIXTURES), command, *words], obj=Env(cwd=cwd))
        assert result.exit_code in DOCUMENTED, (command, words, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (command, words, repr(result.exception))


# -- generated problem folders ------------------------------------------------------------------

PROBLEM_KEYS = ["id", "title", "summary", "time_limit", "test_time_limit", "run_time_limit", "interface", "module",
                "implementation", "levels", "variants"]  # fmt: skip
LEVEL_KEYS = ["title", "budget", "spec", "methods", "visible", "hidden"]
METHOD_KEYS = ["name", "params", "returns", "doc"]
CASE_FILES = ["tests/level_1/visible.yaml", "tests/level_1/hidden.yaml", "tests/level_2/visible.yaml", "tests/level_2/hidden.yaml"]
# One damage to the toy problem's folder: a key of problem.yaml, of its first level or of that
# level's first method set to any value (None drops it), a case file replaced by any data or by
# text that is no YAML, problem.yaml replaced by any text, a file the problem names deleted.
damages = st.one_of(
    st.tuples(st.just("problem"), st.sampled_from(PROBLEM_KEYS), values),
    st.tuples(st.just("level"), st.sampled_from(LEVEL_KEYS), values),
    st.tuples(st.just("method"), st.sampled_from(METHOD_KEYS), values),
    st.tuples(st.just("case file"), st.sampled_from(CASE_FILES), values | st.dictionaries(st.just("cases"), values, min_size=1)),
    st.tuples(st.just("case text"), st.sampled_from(CASE_FILES), st.text(max_size=40)),
    st.tuples(st.just("problem text"), st.just("problem.yaml"), st.text(max_size=40)),
    st.tuples(st.just("deleted"), st.sampled_from([*CASE_FILES, "spec/level_1.md", "solutions/python/reference.py"]), st.none()),
)


def _damaged_copy(tmp_path_factory, damage) -> Path:
    """A copy of the toy problem in a problems folder of its own, with ``damage`` done to it."""
    import shutil

    import yaml

    problems = tmp_path_factory.mktemp("problems")
    folder = problems / "toy"
    shutil.copytree(FIXTURES / "toy", folder)
    kind, where, value = damage
    data = yaml.safe_load((folder / "problem.yaml").read_text())
    target = {"problem": data, "level": data["levels"][0], "method": data["levels"][0]["methods"][0]}.get(kind)
    if target is not None:
        if value is None:
            target.pop(where, None)
        else:
            target[where] = value
        (folder / "problem.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    elif kind == "case file":
        (folder / where).write_text(yaml.safe_dump(value))
    elif kind in ("case text", "problem text"):
        (folder / where).write_text(value)
    else:
        (folder / where).unlink()
    return problems


def _names_a_file(line: str, problems: Path) -> bool:
    """Whether a one-line error names the problem's folder, or a file in it."""
    names = {"problem.yaml", "toy", str(problems)} | {Path(path).name for path in CASE_FILES} | {"level_1.md", "reference.py"}
    return any(name in line for name in names)


def _one_line(result) -> list[str]:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in DOCUMENTED and "Traceback" not in result.output, result.output
    return [line for line in result.stderr.splitlines() if line.strip()]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damages)
def test_a_damaged_problem_folder_is_listed_started_or_refused_naming_the_file(tmp_path_factory, damage):
    problems = _damaged_copy(tmp_path_factory, damage)
    cwd = tmp_path_factory.mktemp("work")

    listed = CliRunner().invoke(cli, ["--problems-dir", str(problems), "list"], obj=Env(cwd=cwd))
    started = CliRunner().invoke(cli, ["--problems-dir", str(problems), "start", "toy"], obj=Env(cwd=cwd))

    assert listed.exit_code == 0 and all(_names_a_file(line, problems) for line in _one_line(listed)), listed.output
    errors = _one_line(started)
    assert started.exit_code in (ExitCode.OK, ExitCode.USAGE, ExitCode.PROBLEM_INVALID), (damage, started.output)
    if started.exit_code == ExitCode.PROBLEM_INVALID:
        assert 1 <= len(errors) <= 2 and errors[0].startswith("oa-sim: ") and _names_a_file(errors[0], problems), errors
    if started.exit_code == ExitCode.USAGE:  # the id it now has is not toy's, or no language is left to it
        assert "Unknown problem 'toy'" in errors[0] or "is not offered in Python" in errors[0], errors


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damages)
def test_a_problem_folder_damaged_during_a_session_is_named_by_spec_and_status(tmp_path_factory, damage):
    import shutil

    problems = tmp_path_factory.mktemp("problems")
    shutil.copytree(FIXTURES / "toy", problems / "toy")
    cwd = tmp_path_factory.mktemp("work")
    started = CliRunner().invoke(cli, ["--problems-dir", str(problems), "start", "toy"], obj=Env(cwd=cwd))
    assert started.exit_code == 0, started.output
    damaged = _damaged_copy(tmp_path_factory, damage)
    shutil.rmtree(problems / "toy")
    shutil.copytree(damaged / "toy", problems / "toy")

    for command in (["spec"], ["status"], ["spec", "--level", "1"]):
        result = CliRunner().invoke(cli, ["--problems-dir", str(problems), *command], obj=Env(cwd=cwd / "toy"))
        errors = _one_line(result)
        assert result.exit_code in (ExitCode.OK, ExitCode.PROBLEM_INVALID), (damage, command, result.output)
        if result.exit_code == ExitCode.PROBLEM_INVALID:
            assert errors[0].startswith("oa-sim: ") and _names_a_file(errors[0], problems), errors


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(damages)
def test_author_validate_of_a_damaged_folder_fails_naming_what_is_wrong(tmp_path_factory, damage):
    problems = _damaged_copy(tmp_path_factory, damage)

    result = CliRunner().invoke(cli, ["author", "validate", "--language", "python", str(problems / "toy")], obj=Env())

    _one_line(result)
    assert result.exit_code in (ExitCode.OK, ExitCode.TESTS_FAILED), (damage, result.output)
