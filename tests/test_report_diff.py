"""`oa-sim diff N M`: how the submitted source changed between two submissions."""

from __future__ import annotations

import io

from click.testing import CliRunner
from rich.console import Console

from oa_sim.cli import Env, cli
from report_fixtures import Candidate, quad  # noqa: F401  (fixtures)

V1 = "class CounterImpl:\n    def add(self, name, amount):\n        return amount\n"
V2 = "class CounterImpl:\n    def add(self, name, amount):\n        self.values[name] = amount\n        return amount\n"


def two_submissions(run, grader, clock) -> Candidate:
    c = Candidate(run, grader, clock)
    c.start()
    c.submit(5, {1: 2}, V1)
    c.submit(9, {1: 4}, V2)
    return c


def test_diff_shows_a_unified_diff_of_two_submissions(run, grader, clock, quad):
    c = two_submissions(run, grader, clock)
    result = c.command("diff", "1", "2")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "--- submission 1 (+05:00, level 1)"
    assert lines[1] == "+++ submission 2 (+09:00, level 1)"
    assert "+        self.values[name] = amount" in lines
    assert "1 line added, 0 removed." in result.output
    assert c.command("diff", "2").output == result.output  # one number: from the submission before it


def test_diff_outside_a_workspace_needs_a_session(run, grader, clock, quad):
    two_submissions(run, grader, clock)
    lost = run("diff", "1", "2")
    assert lost.exit_code == 3 and "--session ID" in lost.output
    found = run("diff", "1", "2", "--session", "1")
    assert found.exit_code == 0 and "+++ submission 2" in found.output


def test_diff_says_clearly_what_is_missing_or_the_same(run, grader, clock, quad):
    c = two_submissions(run, grader, clock)
    missing = c.command("diff", "1", "5")
    assert missing.exit_code == 2 and "Session 1 has no submission 5 (its submissions are 1-2)." in missing.output
    assert c.command("diff", "1").exit_code == 2
    c.submit(12, {1: 4, 2: 1})  # the same source again
    same = c.command("diff", "2", "3")
    assert same.exit_code == 0 and "Submissions 2 and 3 have the same source." in same.output


def test_diff_is_coloured_in_a_terminal_and_code_is_never_markup(run, grader, clock, quad):
    c = two_submissions(run, grader, clock)
    (c.folder / "counter_impl.py").write_text(V2 + "    # [bold red]not markup[/]\n")
    c.submit(12, {1: 4, 2: 1})
    screen = io.StringIO()
    env = Env(clock=clock, cwd=c.folder, grader=grader,
              _console=Console(file=screen, force_terminal=True, color_system="standard", width=100))
    result = CliRunner().invoke(cli, ["--problems-dir", str(run.problems_dir), "diff", "2", "3"], obj=env)
    assert result.exit_code == 0, result.output
    text = screen.getvalue()
    assert "\x1b[32m+    # [bold red]not markup[/]" in text  # green, and the brackets printed as written
    assert "\x1b[36m@@" in text
