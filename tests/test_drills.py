"""Drills: `oa-sim start PROBLEM --level N` starts at level N with levels 1..N-1 given.

Most of these play the four-level ``quad`` problem through the CLI with a scripted grader, since
they are about the session's rules and what the reports say; two run the installed oa-sim for real,
in Python and in Go, so the code a drill starts from is shown to pass when graded.
"""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from oa_sim.session.store import DB_NAME, Store
from report_fixtures import QUAD_REFERENCE, TOY_REFERENCE, Candidate, candidate, check_schema, quad  # noqa: F401  (fixtures)
from test_languages import FIXTURES, oa_sim, require

ALL_GREEN = {1: 4, 2: 4, 3: 4, 4: 4}
TOTAL_BODY = "        return sum(self.values.values())\n"
TOP_BODY = "        return sorted(self.values, key=lambda name: -self.values[name])[:n]\n"
TOP_STUB = '        raise NotImplementedError("top is not implemented yet")\n'
# A drill of the quad from level 3 starts from its model solution with levels 3 and 4 to write.
QUAD_FROM_LEVEL_3 = QUAD_REFERENCE.replace(TOTAL_BODY, '        raise NotImplementedError("total is not implemented yet")\n').replace(TOP_BODY, TOP_STUB)


def test_a_drill_opens_its_level_with_the_earlier_ones_given_from_a_model_solution(candidate):
    started = candidate.start("--level", "3")
    folder = candidate.folder
    assert "Level 3 of 4: Totals" in started.output  # the drilled level's spec is shown
    assert "levels 1-2 are given and not scored" in started.output
    assert "a model solution of levels 1-2: none of yours passed level 2 yet" in started.output
    assert "Level 3's methods are stubs, yours to write (later levels' too)." in started.output
    assert {"LEVEL_1.md", "LEVEL_2.md", "LEVEL_3.md"} <= {p.name for p in folder.iterdir()}
    assert not (folder / "LEVEL_4.md").exists()
    assert (folder / "tests" / "test_level_3.py").exists()
    assert "def total(" in (folder / "counter.py").read_text() and "def top(" not in (folder / "counter.py").read_text()
    assert (folder / "counter_impl.py").read_text() == QUAD_FROM_LEVEL_3
    assert 'raise NotImplementedError("total is not implemented yet")' in QUAD_FROM_LEVEL_3

    assert candidate.command("spec", "--level", "1").exit_code == 0  # a given level's spec is readable
    assert "given: this drill starts at level 3" in candidate.command("spec", "--level", "1").output
    assert candidate.command("spec", "--level", "4").exit_code == 2
    status = candidate.command("status")
    assert "level 3 of 4 (drill from 3)" in status.output.splitlines()[0]
    assert "Score so far: 0/500 (drill from level 3)" in status.output

    data = json.loads(candidate.command("status", "--json").output)
    assert data["current_level"] == 3
    assert data["drill"] == {"level": 3, "given_levels": [1, 2], "code_from": None}
    assert [level["status"] for level in data["levels"]] == ["given", "given", "in_progress", "locked"]
    assert data["score"]["max"] == 500


def test_the_default_clock_of_a_drill_is_its_levels_budgets(candidate):
    candidate.start("--level", "4")
    assert json.loads(candidate.command("status", "--json").output)["time_limit"] == 30 * 60  # level 4's budget


@pytest.mark.parametrize("level", ["0", "5", "-1"])
def test_a_level_outside_the_problem_is_refused_in_one_line(run, quad, oa_sim_home, level):
    refused = run("start", "quad", "--level", level)
    assert refused.exit_code == 2
    assert refused.output.strip() == (
        f"oa-sim: --level {level} is out of range: Quad counter has levels 1-4 (2-4 drill one, 1 is an ordinary start)."
    )
    assert not (run.cwd / "quad").exists()
    store = Store.open(oa_sim_home)
    assert store.sessions() == []
    store.close()


def test_level_one_is_an_ordinary_start(candidate):
    started = candidate.start("--level", "1")
    assert "Level 1 of 4" in started.output and "Drill" not in started.output
    data = json.loads(candidate.command("status", "--json").output)
    assert data["drill"] is None and data["time_limit"] == 90 * 60 and data["score"]["max"] == 1000


def test_a_drill_starts_from_the_newest_code_that_passed_every_earlier_level(candidate, run, grader, clock):
    candidate.start()
    candidate.submit(5, {1: 4}, source="# one\n")
    candidate.submit(10, {1: 4, 2: 4}, source="# two\n")
    candidate.submit(15, {1: 4, 2: 4, 3: 1}, source="# three, level 3 not yet\n")  # still passes levels 1-2
    candidate.submit(20, {1: 3, 2: 4, 3: 4}, source="# breaks level 1\n")
    candidate.command("finish")

    third = Candidate(run, grader, clock, folder_name="third")
    started = third.start("--level", "3")
    assert "starting from your code of session 1 (submission 3)" in started.output
    assert (third.folder / "counter_impl.py").read_text() == "# three, level 3 not yet\n"
    assert json.loads(third.command("status", "--json").output)["drill"]["code_from"] == {"session": 1, "submission": 3}
    third.command("finish")

    # no submission passed levels 1-3 at once (the last one broke level 1): a model solution
    fourth = Candidate(run, grader, clock, folder_name="fourth")
    started = fourth.start("--level", "4")
    assert "a model solution of levels 1-3" in started.output and "Level 4's methods are stubs, yours to write." in started.output
    assert (fourth.folder / "counter_impl.py").read_text() == QUAD_REFERENCE.replace(TOP_BODY, TOP_STUB)


def test_only_code_of_the_same_variant_is_drilled_from(run, grader, clock):
    """A variant is another exam: code that passed inmemory-db's backup levels does not start a
    drill of its compression variant, but does start the next backup drill."""
    backup = Candidate(run, grader, clock, problem="inmemory-db", folder_name="backup")
    backup.start("--variant", "backup")
    for minutes, level in ((5, 1), (10, 2), (15, 3)):  # each submit grades the levels open at it
        (backup.folder / "in_memory_db_impl.py").write_text(f"# backup, levels 1-{level}\n")
        backup.submit(minutes, {1: 4, 2: 4, 3: 4})
    backup.command("finish")
    other = Candidate(run, grader, clock, problem="inmemory-db", folder_name="compression")
    assert "a model solution" in other.start("--variant", "compression", "--level", "4").output
    other.command("finish")
    again = Candidate(run, grader, clock, problem="inmemory-db", folder_name="again")
    assert "your code of session 1 (submission 3)" in again.start("--variant", "backup", "--level", "4").output
    assert (again.folder / "in_memory_db_impl.py").read_text() == "# backup, levels 1-3\n"
    assert json.loads(again.command("status", "--json").output)["variant"] == "backup"


def test_a_drill_scores_only_its_levels_in_every_format(candidate, grader):
    candidate.start("--level", "4")
    submitted = candidate.submit(12, ALL_GREEN)
    assert submitted.exit_code == 0, submitted.output
    assert [suite.level for suite in grader.requests[-1].suites] == [1, 2, 3, 4]  # every level is still graded
    candidate.command("finish")

    data = candidate.report_json()
    check_schema(data)
    assert data["score"]["raw"] == 250 and data["score"]["max"] == 250
    assert data["levels_passed"] == 1
    assert [level["status"] for level in data["levels"]] == ["given", "given", "given", "passed"]
    assert "only level 4 is scored" in data["score_note"] and "250 = 250 of 250" in data["score_note"]
    assert "The given levels still pass every hidden test." in data["score_note"]
    assert data["pace"]["levels"][0]["verdict"] == "given" and data["pace"]["levels"][3]["verdict"] == "under"

    terminal = candidate.command("report").output
    assert "Score 250 / 250 · drill from level 4 · levels passed 1/1" in terminal
    assert "200-600 scale ·" not in terminal and "≈" not in terminal
    assert "started from a model solution" in terminal
    markdown = candidate.command("report", "--format", "md").output
    assert "**Score 250 / 250 · drill from level 4 · levels passed 1/1**" in markdown
    assert "| 1 | Counting | given |" in markdown
    html = candidate.command("report", "--format", "html").output
    assert 'id="drill">Drill from level 4 (levels 1-3 given), started from a model solution.' in html
    assert "Score 250 / 250 · drill from level 4" in html


def test_breaking_a_given_level_shows_as_a_regression_and_says_what_it_would_cost(candidate):
    candidate.start("--level", "3")
    broke = candidate.submit(8, {1: 2, 2: 4, 3: 4})
    assert broke.exit_code == 0  # level 3 passed: level 4 unlocks, as in a full session
    assert "Level 4 is unlocked" in broke.output and "level 1" in broke.output.lower()
    assert "budget 30m of the 1h 00m clock" in broke.output  # level 4's share of the drill's clock
    assert "breaks level 1, passed before (−0 points in this drill, −125 in a full session)" in broke.output
    status = candidate.command("status").output
    assert "given, now broken" in status

    data = candidate.report_json()
    check_schema(data)
    assert data["score"]["raw"] == 250 and data["score"]["max"] == 500  # level 1's loss is not the drill's
    assert data["levels"][0]["regressions"][0]["submission"] == 1
    assert "a full session would lose 125 points" in data["score_note"]
    assert any("a given level" in note for note in data["pace"]["notes"])
    assert data["pace"]["clean"] is False


def test_history_marks_a_drill_and_keeps_it_out_of_the_trend(candidate, run, grader, clock):
    candidate.start()
    candidate.submit(80, ALL_GREEN)
    candidate.command("finish")
    clock.advance(3600)
    drill = Candidate(run, grader, clock, folder_name="drill")
    drill.start("--level", "4")
    drill.submit(5, ALL_GREEN)
    drill.command("finish")

    data = json.loads(run("history", "--json").output)
    check_schema(data)
    lines = {line["session"]: line for line in data["sessions"]}
    assert lines[2]["drill"] == 4 and lines[2]["in_trend"] is False
    assert lines[2]["score"]["raw"] == 250 and lines[2]["score"]["max"] == 250
    assert lines[1]["drill"] is None and lines[1]["in_trend"] is True
    (trend,) = data["problems"]
    assert trend["sessions"] == 1 and [score["session"] for score in trend["scores"]] == [1]

    shown = run("history").output
    drill_row = next(line for line in shown.splitlines() if line.strip().startswith("2 "))
    assert "drill L4" in drill_row and "250 /250" in drill_row and "1/1" in drill_row
    assert "Trends leave out running and abandoned sessions, and drills" in " ".join(shown.split())


def test_resuming_a_drill_rebuilds_its_levels_and_its_starting_code(candidate, run):
    candidate.start("--level", "3")
    shutil.rmtree(candidate.folder)
    refused = run("start", "quad", "--resume", "1", "--level", "2")
    assert refused.exit_code == 2 and "--level cannot change a resumed session's level" in refused.output
    resumed = run("start", "quad", "--resume", "1")
    assert resumed.exit_code == 0, resumed.output
    assert "at level 3" in resumed.output
    assert (candidate.folder / "LEVEL_3.md").exists()
    assert (candidate.folder / "counter_impl.py").read_text() == QUAD_FROM_LEVEL_3


def test_a_record_of_schema_5_reads_its_sessions_as_full_ones(candidate, oa_sim_home):
    candidate.start()
    candidate.submit(5, {1: 4})
    with sqlite3.connect(oa_sim_home / DB_NAME) as old:  # back to the shape before drills
        for column in ("drill_level", "drill_code_session", "drill_code_number"):
            old.execute(f"ALTER TABLE sessions DROP COLUMN {column}")
        old.execute("DROP INDEX submission_tallies")  # and of schema 8's
        for column in ("failed", "passed_level"):
            old.execute(f"ALTER TABLE submissions DROP COLUMN {column}")
        for column in ("submission_count", "last_submitted_at", "levels_passed", "unsure_submissions", "last_tallies"):
            old.execute(f"ALTER TABLE sessions DROP COLUMN {column}")
        for column in ("solution_file", "extra_files"):  # and before a submission kept several files
            old.execute(f"ALTER TABLE submissions DROP COLUMN {column}")
        old.execute("PRAGMA user_version=5")
    data = candidate.report_json()
    assert data["drill"] is None and data["score"]["max"] == 1000
    with sqlite3.connect(oa_sim_home / DB_NAME) as upgraded:
        columns = {row[1] for row in upgraded.execute("PRAGMA table_info(sessions)")}
    assert {"drill_level", "drill_code_session", "drill_code_number"} <= columns


# -- for real: the installed oa-sim, grading real code --------------------------------------------------


def test_a_python_drill_starts_from_the_code_of_an_earlier_session_and_passes(tmp_path, oa_sim_home):
    require("python")
    level_one_only = TOY_REFERENCE.split("    def reset")[0]  # add and get, without level 2's reset
    assert oa_sim("start", "toy", cwd=tmp_path, home=oa_sim_home, problems=FIXTURES).returncode == 0
    (tmp_path / "toy" / "counter_impl.py").write_text(level_one_only)
    passed = oa_sim("submit", cwd=tmp_path / "toy", home=oa_sim_home, problems=FIXTURES)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert oa_sim("finish", cwd=tmp_path / "toy", home=oa_sim_home, problems=FIXTURES).returncode == 0

    started = oa_sim("start", "toy", "--level", "2", "--dir", "drill", cwd=tmp_path, home=oa_sim_home, problems=FIXTURES)
    assert started.returncode == 0, started.stderr
    assert "starting from your code of session 1 (submission 1)" in started.stdout
    folder = tmp_path / "drill"
    assert (folder / "counter_impl.py").read_text() == level_one_only
    failing = oa_sim("submit", cwd=folder, home=oa_sim_home, problems=FIXTURES)
    assert failing.returncode == 1 and "Level 1: 4/4" in failing.stdout  # level 2 still to write
    (folder / "counter_impl.py").write_text(TOY_REFERENCE)
    assert oa_sim("submit", cwd=folder, home=oa_sim_home, problems=FIXTURES).returncode == 0
    report = json.loads(oa_sim("report", "--json", cwd=folder, home=oa_sim_home, problems=FIXTURES).stdout)
    assert report["drill"]["code_from"] == {"session": 1, "submission": 1}
    assert report["score"] == {"raw": 250, "scaled": 300, "max": 250}
    assert [level["status"] for level in report["levels"]] == ["given", "passed"]


def test_a_go_drill_from_a_model_solution_compiles_leaves_its_level_to_write_and_passes_once_written(tmp_path, oa_sim_home):
    require("go")
    started = oa_sim("start", "toy", "--language", "go", "--level", "2", cwd=tmp_path, home=oa_sim_home, problems=FIXTURES)
    assert started.returncode == 0, started.stderr
    assert "a model solution of level 1: none of yours passed level 1 yet" in started.stdout
    folder = tmp_path / "toy"
    reference = (FIXTURES / "toy" / "solutions" / "go" / "reference.go").read_text()
    given = (folder / "counter_impl.go").read_text()
    assert 'func (c *CounterImpl) Reset(name string) bool {\n\tpanic("Reset is not implemented yet")\n}' in given
    assert given.split("func (c *CounterImpl) Reset")[0] == reference.split("func (c *CounterImpl) Reset")[0]
    failing = oa_sim("submit", cwd=folder, home=oa_sim_home, problems=FIXTURES)
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "Level 1: 4/4" in failing.stdout and "Reset is not implemented yet" in failing.stdout
    (folder / "counter_impl.go").write_text(reference)
    submitted = oa_sim("submit", cwd=folder, home=oa_sim_home, problems=FIXTURES)
    assert submitted.returncode == 0, submitted.stdout + submitted.stderr
    status = json.loads(oa_sim("status", "--json", cwd=folder, home=oa_sim_home, problems=FIXTURES).stdout)
    assert status["drill"] == {"level": 2, "given_levels": [1], "code_from": None}
    assert status["score"]["raw"] == 250 and status["score"]["max"] == 250
    assert status["levels"][0]["tests_passed"] == status["levels"][0]["tests_total"]  # the given level is graded too
