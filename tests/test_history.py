"""Progress across sessions: `oa-sim history` lists them and shows each problem's trend.

Its numbers must be the reports' numbers, while reading far less: the tests check both.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oa_sim.report import history
from oa_sim.report import scoring
from oa_sim import session
from oa_sim.grading.results import FAILED, PASSED, RunResult, TestResult
from oa_sim.session.store import SESSION_SUMMARY, Store
from report_fixtures import Candidate, check_schema, quad  # noqa: F401  (fixtures)
from test_report import abandoned_early, full_pass, level_four_breaks_level_one, time_runs_out_at_level_three


@pytest.fixture
def five_sessions(run, grader, clock, quad):
    """Four quad sessions (a full pass, time up at level 3, a level-1 regression, one abandoned for a
    restart that is still running) and one toy session finished after level 1."""
    for name, play in (("a", full_pass), ("b", time_runs_out_at_level_three), ("c", level_four_breaks_level_one),
                       ("d", abandoned_early)):
        clock.advance(3600)
        play(Candidate(run, grader, clock, folder_name=name))
    clock.advance(600)  # session 5 (the restart in d) runs on
    toy = Candidate(run, grader, clock, problem="toy")
    toy.start()
    toy.submit(3, {1: 4})
    toy.at(4)
    assert toy.command("finish").exit_code == 0
    return run


def history_json(run, *args) -> dict:
    result = run("history", "--json", *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    check_schema(data)
    return data


def test_history_lists_every_session_newest_first(five_sessions):
    data = history_json(five_sessions)
    assert data["total_sessions"] == 6 and data["problem"] is None
    lines = {line["session"]: line for line in data["sessions"]}
    assert [line["session"] for line in data["sessions"]] == [6, 5, 4, 3, 2, 1]
    assert {n: lines[n]["status"] for n in lines} == {
        1: "finished", 2: "time_up", 3: "time_up", 4: "abandoned", 5: "running", 6: "finished"
    }
    assert {n: lines[n]["score"]["raw"] for n in lines} == {1: 1000, 2: 625, 3: 875, 4: 62.5, 5: 0, 6: 250}
    assert {n: lines[n]["levels_passed"] for n in lines} == {1: 4, 2: 2, 3: 4, 4: 0, 5: 0, 6: 1}
    assert {n: lines[n]["submissions"] for n in lines} == {1: 5, 2: 3, 3: 7, 4: 1, 5: 0, 6: 1}
    assert lines[1]["time_used"] == 82 * 60 and lines[2]["time_used"] == 90 * 60 and lines[4]["time_used"] == 300
    assert lines[6]["score"] == {"raw": 250, "scaled": 300, "max": 500} and lines[6]["level_count"] == 2


def test_history_agrees_with_every_sessions_report(five_sessions):
    for line in history_json(five_sessions)["sessions"]:
        report = json.loads(five_sessions("report", str(line["session"]), "--json").output)
        assert line["score"] == report["score"], line["session"]
        assert line["levels_passed"] == report["levels_passed"], line["session"]
        assert line["time_used"] == report["time_used"], line["session"]
        assert line["over"] == report["over"]
        assert line["submissions"] == sum(lv["submissions"] for lv in report["levels"])


def test_each_problem_gets_a_trend_of_its_finished_sessions(five_sessions):
    quad_trend, toy_trend = sorted(history_json(five_sessions)["problems"], key=lambda p: p["problem"])
    assert quad_trend["problem"] == "quad" and quad_trend["sessions"] == 5
    assert quad_trend["in_trend"] == 3  # the abandoned and the running session are left out
    assert quad_trend["scores"] == [{"session": 1, "raw": 1000}, {"session": 2, "raw": 625}, {"session": 3, "raw": 875}]
    assert quad_trend["best"] == {"session": 1, "raw": 1000, "scaled": 600, "time_used": 4920}
    assert quad_trend["latest"] == {"session": 3, "raw": 875, "scaled": 550, "time_used": 5400}
    assert quad_trend["median"] == {"raw": 875, "scaled": 550}
    assert quad_trend["fastest_full"]["session"] == 1
    assert toy_trend["sessions"] == 1 and toy_trend["best"]["raw"] == 250 and toy_trend["fastest_full"] is None


def test_problem_filter_and_limit(five_sessions):
    only_quad = history_json(five_sessions, "--problem", "quad")
    assert only_quad["problem"] == "quad" and only_quad["total_sessions"] == 5
    assert {line["problem"] for line in only_quad["sessions"]} == {"quad"}
    assert [p["problem"] for p in only_quad["problems"]] == ["quad"]
    newest_two = history_json(five_sessions, "--limit", "2")
    assert [line["session"] for line in newest_two["sessions"]] == [6, 5]
    assert newest_two["total_sessions"] == 6 and len(newest_two["problems"]) == 2  # trends still use them all


def test_terminal_history_shows_sessions_and_a_trend_chart(five_sessions):
    out = five_sessions("history").output
    assert "Sessions, newest first" in out and "Trend by problem" in out
    for expected in ("abandoned", "running", "time up", "finished", "1000 #1", "4/4", "2/4"):
        assert expected in out, expected
    quad_row = next(line for line in out.splitlines() if line.startswith("quad ") or line.strip().startswith("quad  "))
    assert "█▅▇" in quad_row  # 1000, 625 and 875 out of 1000 as bars, oldest first
    limited = five_sessions("history", "--limit", "2").output
    assert "The newest 2 of 6, newest first; `--page 2` shows the next 2, `--all` lists every one." in limited


def session_numbers(output: str) -> list[int]:
    table = output.split("Trend by problem")[0]
    return [int(line.split()[0]) for line in table.splitlines() if line.split() and line.split()[0].isdigit()]


def test_history_pages_its_sessions_and_keeps_every_trend(five_sessions):
    second = five_sessions("history", "--limit", "2", "--page", "2").output
    assert session_numbers(second) == [4, 3]
    assert "Sessions 3-4 of 6, newest first; `--page 3` shows the next 2, `--all` lists every one." in second
    assert "█▅▇" in second  # the trend is over every session, whichever page is shown
    last = five_sessions("history", "--limit", "2", "--page", "3").output
    assert session_numbers(last) == [2, 1] and "`--page 4`" not in last and "Sessions 5-6 of 6" in last
    assert session_numbers(five_sessions("history", "--all").output) == [6, 5, 4, 3, 2, 1]
    past = five_sessions("history", "--page", "9").output
    assert "page 9 is past the last; `--page 1` shows the newest" in past and "Trend by problem" in past
    assert [line["session"] for line in history_json(five_sessions, "--limit", "4", "--page", "2")["sessions"]] == [2, 1]
    assert [line["session"] for line in history_json(five_sessions, "--page", "1")["sessions"]] == [6, 5, 4, 3, 2, 1]


def test_a_page_on_screen_is_twenty_sessions(oa_sim_home, run):
    store = Store.open(oa_sim_home)
    for n in range(25):
        _session(store, 1_800_000_000.0 + n * 10_000, [(5, 1, {1: 4})], finish=30)
    store.close()
    first = run("history").output
    assert session_numbers(first) == list(range(25, 5, -1))
    assert "The newest 20 of 25, newest first; `--page 2` shows the next 20, `--all` lists every one." in first
    assert session_numbers(run("history", "--page", "2").output) == [5, 4, 3, 2, 1]


def test_all_cannot_be_paged(five_sessions):
    result = five_sessions("history", "--all", "--page", "2")
    assert result.exit_code == 2 and "--all lists every session" in result.output


def test_history_with_no_sessions(run):
    result = run("history")
    assert result.exit_code == 0 and "No sessions recorded yet" in result.output
    data = history_json(run)
    assert data["sessions"] == [] and data["problems"] == [] and data["total_sessions"] == 0
    unknown = run("history", "--problem", "nope")
    assert unknown.output.splitlines()[0] == "No sessions of problem 'nope'."
    assert "No sessions recorded yet" in unknown.output


def test_history_of_a_problem_never_run_names_the_ones_that_were(five_sessions):
    result = five_sessions("history", "--problem", "nope")
    assert result.exit_code == 0
    assert result.output.splitlines() == ["No sessions of problem 'nope'.", "The record holds sessions of: toy, quad."]
    assert history_json(five_sessions, "--problem", "nope")["sessions"] == []


# -- reading cheaply, and still right -------------------------------------------------------------


def _results(levels: dict[int, int], per_level: int = 4) -> RunResult:
    tests = [
        TestResult(f"{lv}/t{i}", lv, f"t{i}", "", PASSED if i < passed else FAILED)
        for lv, passed in levels.items()
        for i in range(per_level)
    ]
    return RunResult(tuple(tests))


def _session(store: Store, start: float, plan: list[tuple[float, int, dict[int, int]]], finish: float | None = None):
    record = store.create_session(problem_id="quad", problem_title="Quad counter", problem_fingerprint="x",
                                  workspace=Path(f"/tmp/ws{start}"), started_at=start, time_limit=5400, level_count=4)
    for minutes, level, levels in plan:
        store.add_submission(record.id, submitted_at=start + minutes * 60, level=level, source="pass\n",
                             results=_results(levels))
    if finish is not None:
        store.finish(record.id, start + finish * 60, "finished")
    return record


def test_history_reads_no_source_and_matches_the_rules_on_tricky_sessions(oa_sim_home, monkeypatch):
    store = Store.open(oa_sim_home)
    t = 1_800_000_000.0
    # level 4 passed, then a polish breaks level 4: four levels were still passed
    _session(store, t, [(5, 1, {1: 4}), (10, 2, {1: 4, 2: 4}), (20, 3, {1: 4, 2: 4, 3: 4}),
                        (30, 4, {1: 4, 2: 4, 3: 4, 4: 4}), (40, 4, {1: 4, 2: 4, 3: 4, 4: 1})], finish=45)
    # the last submission passes level 2 and nothing follows: level 3 unlocked, two passed
    _session(store, t + 10_000, [(5, 1, {1: 4}), (10, 2, {1: 4, 2: 3}), (15, 2, {1: 4, 2: 4})], finish=20)
    # level 4 reached, never passed
    _session(store, t + 20_000, [(5, 1, {1: 4}), (10, 2, {1: 4, 2: 4}), (20, 3, {1: 4, 2: 4, 3: 4}),
                                 (30, 4, {1: 4, 2: 4, 3: 4, 4: 3}), (40, 4, {1: 4, 2: 4, 3: 4, 4: 2})])
    # a submission after an early finish does not count
    _session(store, t + 30_000, [(5, 1, {1: 4}), (10, 2, {1: 4, 2: 4})], finish=7)
    now = t + 100_000
    expected = {}
    for record in store.sessions():
        progress = session.progress(store, record, now)
        score = scoring.score(progress.final.results if progress.final else None, record.level_count)
        expected[record.id] = (len(progress.pass_times), score.raw, progress.time_used)

    def no_full_submissions(*args, **kwargs):
        raise AssertionError("history must not load whole submissions (source and results)")

    monkeypatch.setattr(Store, "submissions", no_full_submissions)
    found = history.load(store, now)
    assert {line.session_id: (line.levels_passed, line.raw, line.time_used) for line in found.sessions} == expected
    assert expected == {1: (4, 812.5, 2700.0), 2: (2, 500.0, 1200.0), 3: (3, 875.0, 5400.0), 4: (1, 250.0, 420.0)}
    # rows recorded before each kept whether it passed its level are read one by one, to the same end
    store._db.execute("UPDATE submissions SET passed_level = NULL WHERE session_id IN (1, 3)")
    store._db.execute(f"UPDATE sessions SET {SESSION_SUMMARY}")  # as the upgrade to schema 7 sums them up
    again = history.load(store, now)
    assert {line.session_id: (line.levels_passed, line.raw, line.time_used) for line in again.sessions} == expected


def test_history_of_many_sessions_uses_a_few_queries(oa_sim_home):
    store = Store.open(oa_sim_home)
    for n in range(120):
        _session(store, 1_800_000_000.0 + n * 10_000, [(5, 1, {1: 4}), (9, 2, {1: 4, 2: n % 5})], finish=30)
    statements: list[str] = []
    store._db.set_trace_callback(statements.append)
    found = history.load(store, 1_900_000_000.0)
    store._db.set_trace_callback(None)
    assert len(found.sessions) == 120
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 4
    assert {line.levels_passed for line in found.sessions} == {1, 2}
    assert all(line.levels_passed == (2 if line.session_id % 5 == 0 else 1) for line in found.sessions)
