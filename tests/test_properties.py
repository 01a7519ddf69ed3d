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
