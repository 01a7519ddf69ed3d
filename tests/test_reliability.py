"""Bad input: every command with wrong arguments, in the wrong folder, before `start`, after
`finish`, with an unreadable solution file and with a damaged `.oa-sim` marker.

Each answers with one line on stderr (`oa-sim: ...`, then at most a line of hint), a documented
exit code, and never a traceback. docs/reliability.md is the table of these rows; the last test
keeps its references to tests true.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from oa_sim.cli import cli
from oa_sim.errors import ExitCode

REPO = Path(__file__).resolve().parent.parent
OK, FAILED, USAGE, NO_SESSION, TIME_UP = 0, 1, 2, 3, 4

WORKSPACE_COMMANDS = [["test"], ["submit"], ["status"], ["status", "--json"], ["spec"], ["finish"], ["clock", "--once"]]
EVERYWHERE_COMMANDS = [["list"], ["history"]]


def situation_before_start(run) -> Path:
    return run.cwd


def situation_outside(run) -> Path:
    run("start", "toy")
    run("submit", cwd=run.cwd / "toy")
    return run.cwd


def situation_in_workspace(run) -> Path:
    run("start", "toy")
    run("submit", cwd=run.cwd / "toy")
    run("submit", cwd=run.cwd / "toy")
    return run.cwd / "toy"


def situation_after_finish(run) -> Path:
    folder = situation_in_workspace(run)
    run("finish", cwd=folder)
    return folder


def situation_impl_is_a_folder(run) -> Path:
    folder = situation_in_workspace(run)
    (folder / "counter_impl.py").unlink()
    (folder / "counter_impl.py").mkdir()  # root reads any file, so unreadable means this (or the next)
    return folder


def situation_impl_not_utf8(run) -> Path:
    folder = situation_in_workspace(run)
    (folder / "counter_impl.py").write_bytes(b"x = 1\n\xff\xfe\n")
    return folder


def situation_impl_missing(run) -> Path:
    folder = situation_in_workspace(run)
    (folder / "counter_impl.py").unlink()
    return folder


def situation_impl_too_large(run) -> Path:
    folder = situation_in_workspace(run)
    (folder / "counter_impl.py").write_text("# padding\n" * 200_000)
    return folder


def situation_damaged_marker(run) -> Path:
    folder = situation_in_workspace(run)
    (folder / ".oa-sim").write_text("{garbage")
    return folder


def situation_deep_inside(run) -> Path:
    return situation_in_workspace(run) / "tests"


SITUATIONS = {
    "before start": situation_before_start,
    "outside a workspace": situation_outside,
    "in the workspace": situation_in_workspace,
    "inside a workspace's subfolder": situation_deep_inside,
    "after finish": situation_after_finish,
    "solution file is a folder": situation_impl_is_a_folder,
    "solution file not UTF-8": situation_impl_not_utf8,
    "solution file missing": situation_impl_missing,
    "solution file over 1 MiB": situation_impl_too_large,
    "damaged .oa-sim marker": situation_damaged_marker,
}


def rows():
    """(situation, arguments, exit code, what the one line says)."""
    no_session = ("No oa-sim session in", NO_SESSION)
    damaged = (".oa-sim is damaged.", NO_SESSION)
    for situation, (fragment, code) in {
        "before start": no_session,
        "outside a workspace": no_session,
        "damaged .oa-sim marker": damaged,
    }.items():
        for args in WORKSPACE_COMMANDS:
            yield situation, args, code, fragment
        yield situation, ["diff", "2"], code, fragment
    yield "before start", ["report"], NO_SESSION, "No sessions recorded yet."
    yield "outside a workspace", ["report"], OK, None  # the latest session's report
    yield "damaged .oa-sim marker", ["report", "1"], OK, None  # a session by number works anywhere
    for situation in ("in the workspace", "inside a workspace's subfolder"):
        for args, code in [
            (["test"], FAILED), (["submit"], FAILED), (["status"], OK), (["spec"], OK), (["clock", "--once"], OK),
            (["report"], OK), (["diff", "2"], OK), (["finish"], OK),
        ]:  # fmt: skip
            yield situation, args, code, None
    for args, code, fragment in [
        (["submit"], TIME_UP, "This session is finished."),
        (["finish"], TIME_UP, "This session is finished."),
        (["test"], FAILED, None),  # practice after the session is allowed; nothing is recorded
        (["status"], OK, None), (["spec"], OK, None), (["report", "--reveal"], OK, None),
    ]:  # fmt: skip
        yield "after finish", args, code, fragment
    for situation, fragment in [
        ("solution file is a folder", "counter_impl.py is a folder, not your solution file."),
        ("solution file not UTF-8", "counter_impl.py is not UTF-8 text (byte 0xff on line 2)."),
        ("solution file missing", "counter_impl.py is missing."),
        ("solution file over 1 MiB", "counter_impl.py is 1.9 MiB; oa-sim grades up to 1 MiB of source in all."),
    ]:
        yield situation, ["test"], USAGE, fragment
        yield situation, ["submit"], USAGE, fragment
        yield situation, ["status"], OK, None
        yield situation, ["finish"], OK, None
    for situation in SITUATIONS:
        for args in EVERYWHERE_COMMANDS:
            yield situation, args, OK, None


WRONG_ARGUMENTS = [
    (["bogus"], "No such command 'bogus'."),
    (["--bogus"], "No such option '--bogus'."),
    (["list", "extra"], "Got unexpected extra argument (extra)"),
    (["start"], "Missing argument 'PROBLEM'."),
    (["start", "nope"], "Unknown problem 'nope'."),
    (["start", "toy", "--time-limit", "ninety"], "Invalid value for --time-limit: not a duration: 'ninety'"),
    (["start", "toy", "--dir", "counter_impl.py"], "counter_impl.py exists and is not a folder."),
    (["start", "toy", "--dir", "counter_impl.py/inside"], "Cannot write the workspace"),
    (["start", "toy", "--resume", "x"], "Invalid value for '--resume': 'x' is not a valid integer."),
    (["start", "toy", "--resume", "42"], "Session 42 is not in the oa-sim record"),
    (["start", "toy", "--resume", "1", "--time-limit", "5m"], "--time-limit cannot change a resumed session's clock."),
    (["test", "one", "two"], "Got unexpected extra argument (two)"),
    (["test", "one", "-k", "other"], "Give the test's name once: NAME or -k NAME."),
    (["submit", "--bogus"], "No such option '--bogus'."),
    (["status", "extra"], "Got unexpected extra argument (extra)"),
    (["spec", "--level", "x"], "Invalid value for '--level': 'x' is not a valid integer."),
    (["spec", "--level", "0"], "There is no level 0: Toy counter has levels 1-2."),
    (["spec", "--level", "9"], "There is no level 9: Toy counter has levels 1-2."),
    (["spec", "--level", "2"], "Level 2 is not unlocked yet (only level 1 is)."),
    (["finish", "now"], "Got unexpected extra argument (now)"),
    (["clock", "--bogus"], "No such option '--bogus'."),
    (["watch", "extra"], "Got unexpected extra argument (extra)"),
    (["report", "abc"], "Invalid value for '[SESSION]': 'abc' is not a valid integer."),
    (["report", "99"], "Session 99 is not in the oa-sim record"),
    (["report", "--format", "pdf"], "Invalid value for '--format': 'pdf' is not one of"),
    (["report", "--reveal"], "--reveal shows the hidden tests, so it waits until the session is over."),
    (["history", "--limit", "-1"], "Invalid value for '--limit': -1 is not in the range x>=0."),
    (["diff"], "Missing argument 'N'."),
    (["diff", "0"], "Invalid value for 'N': 0 is not in the range x>=1."),
    (["diff", "1"], "Submission 1 has none before it."),
    (["diff", "9"], "Session 1 has no submission"),
    (["validate", "/nonexistent"], "Directory '/nonexistent' does not exist."),
    (["author", "validate", "/nonexistent"], "Directory '/nonexistent' does not exist."),
    (["author", "bogus"], "No such command 'bogus'."),
    (["solution"], "a model solution gives the levels away, so it waits until the session is over."),
    (["solution", "abc"], "Invalid value for '[SESSION]': 'abc' is not a valid integer."),
]


def check_one_clear_line(result, code: int, fragment: str | None) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and "Usage:" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    if code in (OK, FAILED):
        assert errors == [], errors
        return
    assert code in set(ExitCode)  # documented in docs/usage.md
    assert 1 <= len(errors) <= 2, errors
    assert errors[0].startswith("oa-sim: "), errors
    if fragment:
        assert fragment in errors[0]


@pytest.mark.parametrize(
    "situation, args, code, fragment",
    list(rows()),
    ids=[f"{situation}: {' '.join(args)}" for situation, args, _, _ in rows()],
)
def test_every_command_in_every_situation(run, grader, situation, args, code, fragment):
    grader.passing = {1: 3}  # every submit fails one test, so exit codes say which command ran
    here = SITUATIONS[situation](run)

    result = run(*args, cwd=here)

    check_one_clear_line(result, code, fragment)


@pytest.mark.parametrize("args, fragment", WRONG_ARGUMENTS, ids=[" ".join(args) for args, _ in WRONG_ARGUMENTS])
def test_wrong_arguments_are_one_line_and_exit_2_or_3(run, args, fragment):
    folder = situation_in_workspace(run)

    result = run(*args, cwd=folder)

    code = NO_SESSION if fragment.startswith(("Session 42", "Session 99")) else USAGE
    check_one_clear_line(result, code, fragment)


def test_a_start_that_cannot_write_its_folder_leaves_no_running_session(run):
    from oa_sim.session.store import Store

    (run.cwd / "a-file").write_text("")
    assert run("start", "toy", "--dir", "a-file/inside").exit_code == USAGE
    [record] = Store.open().sessions()
    assert record.finish_reason == "abandoned"  # recorded, then closed: nothing says "resume me"
    assert run("start", "toy").exit_code == OK


def test_every_command_is_covered_here():
    covered = {args[0] for _, args, _, _ in rows()} | {args[0] for args, _ in WRONG_ARGUMENTS}
    assert set(cli.commands) - covered == set()


def test_the_reliability_table_names_only_tests_that_exist():
    text = (REPO / "docs" / "reliability.md").read_text()
    named = re.findall(r"`(tests/test_\w+\.py)::(\w+)`", text)
    assert len(named) >= 30
    for path, name in named:
        source = (REPO / path).read_text()
        assert re.search(rf"^def {name}\(", source, re.M), f"docs/reliability.md names {path}::{name}, which does not exist"


def test_every_exit_code_is_in_the_usage_guides_table():
    table = (REPO / "docs" / "usage.md").read_text().split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    for code in ExitCode:
        assert re.search(rf"^\| {int(code)} \|", table, re.M), f"exit code {int(code)} ({code.name}) is not in docs/usage.md"


def _home_is_a_file(run, monkeypatch):
    (run.cwd / "home").write_text("")
    monkeypatch.setenv("OA_SIM_HOME", str(run.cwd / "home"))
    return ["history"], run.cwd


def _home_is_a_looping_link(run, monkeypatch):
    (run.cwd / "home").symlink_to(run.cwd / "home")
    monkeypatch.setenv("OA_SIM_HOME", str(run.cwd / "home"))
    return ["report"], run.cwd


def _dir_is_a_looping_link(run, monkeypatch):
    (run.cwd / "loop").symlink_to("loop")
    return ["start", "toy", "--dir", "loop"], run.cwd


def _solution_is_a_looping_link(run, monkeypatch):
    folder = situation_in_workspace(run)
    (folder / "counter_impl.py").unlink()
    (folder / "counter_impl.py").symlink_to("counter_impl.py")
    return ["submit"], folder


def _sample_tests_file_is_a_folder(run, monkeypatch):
    folder = situation_in_workspace(run)
    (folder / "tests" / "test_level_2.py").mkdir()  # where level 2's sample tests go when it unlocks
    run.grader.passing = {1: 4}
    return ["submit"], folder


def _resume_under_a_file(run, monkeypatch):
    situation_in_workspace(run)
    (run.cwd / "a-file").write_text("")
    return ["start", "toy", "--resume", "1", "--dir", "a-file/inside"], run.cwd


FILES_AND_LINKS = {
    "--resume into a folder under a file": (_resume_under_a_file, USAGE, "Cannot write the workspace"),
    "OA_SIM_HOME is a file": (_home_is_a_file, NO_SESSION, "is a file, not a folder."),
    "OA_SIM_HOME is a looping link": (_home_is_a_looping_link, NO_SESSION, "is a link that leads nowhere (or round in a loop)."),
    "--dir is a looping link": (_dir_is_a_looping_link, USAGE, "loop is a link that leads round in a loop."),
    "the solution file is a looping link": (_solution_is_a_looping_link, USAGE, "Too many levels of symbolic links"),
    "level 2's sample tests file is a folder": (_sample_tests_file_is_a_folder, int(ExitCode.WORKSPACE_BEHIND), "could not be written in"),
}


@pytest.mark.parametrize("situation", FILES_AND_LINKS)
def test_folders_replaced_by_files_or_looping_links_are_one_line(run, monkeypatch, situation):
    make, code, fragment = FILES_AND_LINKS[situation]
    args, here = make(run, monkeypatch)

    result = run(*args, cwd=here)

    check_one_clear_line(result, code, fragment)


@pytest.mark.parametrize("clock_length", ["1s", "24h"])
def test_nothing_costs_time_in_proportion_to_the_clocks_length(run, grader, clock, clock_length):
    import time

    grader.passing = {1: 3}
    assert run("start", "toy", "--time-limit", clock_length).exit_code == OK
    folder = run.cwd / "toy"
    run("submit", cwd=folder)
    clock.advance(24 * 3600 - 1 if clock_length == "24h" else 0.5)  # the last second of the clock
    timings = {}
    for args in (["status"], ["clock", "--once"], ["report"], ["report", "--format", "html"], ["history"], ["clock"]):
        started = time.monotonic()
        result = run(*args, cwd=folder)
        timings[" ".join(args)] = time.monotonic() - started
        assert result.exit_code in (OK, TIME_UP) and "Traceback" not in result.output, (args, result.output)
    assert max(timings.values()) < 5, timings  # a 24 h clock costs what a 1 s one does: well under a second each


DAMAGES = {
    "problem.yaml is not YAML": ("problem.yaml", "levels: [unclosed\n"),
    "a visible case file is not YAML": ("tests/level_1/visible.yaml", "cases: [unclosed\n"),
    "a hidden case file holds no cases": ("tests/level_1/hidden.yaml", "nothing: here\n"),
}
PROBLEM_COMMANDS = [["list"], ["start", "toy", "--dir", "../again"], ["spec"], ["status"], ["test"], ["submit"], ["report"]]


@pytest.mark.parametrize("damage", DAMAGES)
@pytest.mark.parametrize("args", PROBLEM_COMMANDS, ids=" ".join)
def test_a_problem_folder_damaged_mid_session_is_exit_5_naming_it_in_every_command(run, grader, problems_dir, damage, args):
    folder = situation_in_workspace(run)
    name, text = DAMAGES[damage]
    (problems_dir / "toy" / name).write_text(text)

    result = run(*args, cwd=folder)

    assert "Traceback" not in result.output
    if result.exit_code == 5:
        check_one_clear_line(result, 5, None)
        line = [line for line in result.stderr.splitlines() if line.strip()][0]
        assert name in line or str(problems_dir / "toy") in line, line
    else:  # what needs no more than the record: it is read from there
        assert (args[0], result.exit_code) in {("list", OK), ("status", OK), ("report", OK), ("spec", OK)}, result.output
        if args[0] == "list" and name == "problem.yaml":  # list reads no case file: start names those
            assert name in result.stderr  # "skipped a broken problem: ...", naming the file
