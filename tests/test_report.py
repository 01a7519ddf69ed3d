"""The report after a session, in every format, for the four stories the issue names.

Each story is played through the CLI on the four-level ``quad`` fixture with a scripted grader and a
fake clock, then read back as JSON (numbers and schema), terminal text, Markdown and HTML.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from report_fixtures import QUAD_REFERENCE, TOY_REFERENCE, Candidate, candidate, check_schema, quad  # noqa: F401  (fixtures)

ALL = {1: 4, 2: 4, 3: 4, 4: 4}

# Level 1 as first written: the toy reference before its level-2 method.
LEVEL_1_SOURCE = TOY_REFERENCE.split("\n    def reset")[0] + "\n"


def full_pass(c) -> None:
    """Every level passed, level 3 over its budget, then `oa-sim finish` at 82 minutes."""
    c.start()
    assert c.submit(8, {1: 4}, LEVEL_1_SOURCE).exit_code == 0
    assert c.submit(20, {1: 4, 2: 2}).exit_code == 1
    assert c.submit(28, {1: 4, 2: 4}).exit_code == 0
    assert c.submit(63, {1: 4, 2: 4, 3: 4}).exit_code == 0
    assert c.submit(80, ALL, QUAD_REFERENCE).exit_code == 0
    c.at(82)
    assert c.command("finish").exit_code == 0


def level_four_breaks_level_one(c) -> None:
    """Levels 1-3 pass (level 2 broken once and fixed); at level 4 a submission breaks level 1 for good."""
    c.start()
    c.submit(6, {1: 3}, LEVEL_1_SOURCE)
    c.submit(9, {1: 4})
    c.submit(25, {1: 4, 2: 4})
    c.submit(50, {1: 4, 2: 3, 3: 2})
    c.submit(55, {1: 4, 2: 4, 3: 4})
    c.submit(70, {1: 2, 2: 4, 3: 4, 4: 3}, QUAD_REFERENCE)
    c.submit(80, {1: 2, 2: 4, 3: 4, 4: 4})
    c.at(95)


def time_runs_out_at_level_three(c) -> None:
    c.start()
    c.submit(25, {1: 4}, LEVEL_1_SOURCE)
    c.submit(55, {1: 4, 2: 4})
    c.submit(80, {1: 4, 2: 4, 3: 2})
    late = c.submit(91, {1: 4, 2: 4, 3: 4})
    assert late.exit_code == 4


def abandoned_early(c) -> None:
    """One failing submission, then at five minutes the candidate starts over with --force."""
    c.start()
    c.submit(3, {1: 1}, LEVEL_1_SOURCE)
    c.at(5)
    restarted = c.run("start", c.problem, "--force", "--dir", str(c.folder))
    assert restarted.exit_code == 0, restarted.output


# -- JSON: the numbers ------------------------------------------------------------------------------


def test_a_full_passing_session(candidate):
    full_pass(candidate)
    data = candidate.report_json()
    check_schema(data)
    assert data["score"] == {"raw": 1000, "scaled": 600, "max": 1000}
    assert data["levels_passed"] == 4 and data["over"] and data["finish_reason"] == "finished"
    assert data["time_used"] == 82 * 60 and data["time_left"] == 0
    assert [lv["status"] for lv in data["levels"]] == ["passed"] * 4
    assert [lv["passed_at"] for lv in data["levels"]] == [480, 1680, 3780, 4800]
    assert [lv["time_spent"] for lv in data["levels"]] == [480, 1200, 2100, 1020]
    assert [lv["submissions"] for lv in data["levels"]] == [1, 2, 1, 1]
    assert [lv["points"] for lv in data["levels"]] == [250] * 4
    assert all(lv["regressions"] == [] for lv in data["levels"])
    pace = data["pace"]
    assert [step["verdict"] for step in pace["levels"]] == ["under", "under", "over", "under"]
    assert [step["due_at"] for step in pace["levels"]] == [600, 1800, 3600, 5400]
    assert pace["clean"] is True and pace["points_lost"] == 0 and pace["clean_levels"] == 3
    notes = " ".join(pace["notes"])
    assert "Level 3 (Totals): 35m against a 30m budget (5m over); passed at +1:03:00, due by +1:00:00, 3m behind." in notes
    assert "Level 2 (Resetting): 20m against a 20m budget (on budget)" in notes
    assert "All 4 levels passed, and the final submission keeps every one of them green." in notes
    assert data["practise"] == []  # nothing ran far over budget, nothing broke, no level took many tries
    assert "250 + 250 + 250 + 250 = 1000 of 1000" in data["score_note"]
    assert "200 + 0.4 × 1000 ≈ 600" in data["score_note"]
    assert data["review"]["parsed"] is True
    assert data["submissions"][1] | {"passed_level": False, "levels": [{"level": 1, "passed": 4, "total": 4},
                                                                    {"level": 2, "passed": 2, "total": 4}]} == data["submissions"][1]


def test_a_level_four_refactor_that_breaks_level_one(candidate):
    level_four_breaks_level_one(candidate)
    data = candidate.report_json()
    check_schema(data)
    assert data["score"] == {"raw": 875, "scaled": 550, "max": 1000}
    assert data["finish_reason"] == "time_up" and data["final_submission"] == 7
    level_1, level_2, level_3, level_4 = data["levels"]
    assert level_1["status"] == "passed" and level_1["tests_passed"] == 2 and level_1["points"] == 125
    assert level_1["regressions"] == [
        {"submission": 6, "at": 4200, "tests": ["case_2", "case_3"], "fixed_by": None, "fixed_at": None}
    ]
    assert level_2["regressions"] == [{"submission": 4, "at": 3000, "tests": ["case_3"], "fixed_by": 5, "fixed_at": 3300}]
    assert level_3["regressions"] == [] and level_4["regressions"] == []
    assert [s["broke"] for s in data["submissions"]] == [[], [], [], [2], [], [1], []]
    assert [f["name"] for f in level_1["failed_tests"]] == ["case_2", "case_3"]
    assert "detail" not in level_1["failed_tests"][0]
    assert data["pace"]["clean"] is False and data["pace"]["points_lost"] == 125
    assert (
        "The final submission fails 2 of level 1's 4 hidden tests after that level had passed, losing 125 points "
        "in all: finishing levels 1-3 cleanly beats a broken level 4"
    ) in data["pace"]["notes"][-1]
    assert data["practise"][0].startswith("Submission 6 broke level 1, which had passed")


def test_a_session_that_runs_out_of_time_at_level_three(candidate):
    time_runs_out_at_level_three(candidate)
    data = candidate.report_json()
    check_schema(data)
    assert data["score"] == {"raw": 625, "scaled": 450, "max": 1000}
    assert data["levels_passed"] == 2 and data["finish_reason"] == "time_up"
    assert data["time_used"] == 5400 and data["time_left"] == 0
    assert [lv["status"] for lv in data["levels"]] == ["passed", "passed", "not_passed", "locked"]
    assert [lv["time_spent"] for lv in data["levels"]] == [1500, 1800, 2100, None]
    assert data["levels"][3]["unlocked_at"] is None and data["levels"][3]["points"] == 0
    assert [s["counted"] for s in data["submissions"]] == [True, True, True]  # the late one was refused
    assert [step["verdict"] for step in data["pace"]["levels"]] == ["over", "over", "unfinished", "not_reached"]
    notes = data["pace"]["notes"]
    assert "Level 3 (Totals): not passed after 35m, against a 30m budget." in notes
    assert "Level 4 was never reached." in notes
    assert notes[-1] == (
        "Time ran out on level 3, before levels 1-3 were done: finishing levels 1-3 cleanly beats a broken level 4."
    )
    assert data["practise"][0].startswith("Level 1 (Counting) took 2.5× its budget")


def test_a_session_abandoned_early(candidate):
    abandoned_early(candidate)
    result = candidate.run("report", "1", "--json")
    data = json.loads(result.output)
    check_schema(data)
    assert data["session"] == 1 and data["over"] and data["finish_reason"] == "abandoned"
    assert data["time_used"] == 300 and data["time_left"] == 0
    assert data["score"] == {"raw": 62.5, "scaled": 225, "max": 1000}
    assert [lv["status"] for lv in data["levels"]] == ["not_passed", "locked", "locked", "locked"]
    # level 1 of 4: the clean-levels rule is not yet the point
    assert data["pace"]["notes"][-1] == "The session was abandoned at +05:00 on level 1, with 1h 25m left."
    assert "Levels 2-4 were never reached." in data["pace"]["notes"]


def test_a_session_with_no_submission_reports_zero(run, clock, quad):
    run("start", "quad")
    clock.advance(60)
    assert run("finish", cwd=run.cwd / "quad").exit_code == 0
    data = json.loads(run("report", "--json", cwd=run.cwd / "quad").output)
    check_schema(data)
    assert data["final_submission"] is None and data["review"] is None and data["submissions"] == []
    assert data["score"]["raw"] == 0 and data["score"]["scaled"] == 200
    assert data["score_note"].startswith("No submission counted")
    assert "finished early at +01:00" in data["pace"]["notes"][-1]


def test_a_running_session_reports_so_far_and_status_matches_its_schema(candidate):
    candidate.start()
    candidate.submit(12, {1: 4}, LEVEL_1_SOURCE)
    candidate.at(20)
    data = candidate.report_json()
    check_schema(data)
    assert not data["over"] and data["finish_reason"] is None and data["time_left"] == 70 * 60
    assert "the latest so far" in data["score_note"]
    assert data["levels"][1]["status"] == "in_progress" and data["levels"][1]["time_spent"] == 8 * 60
    assert data["pace"]["notes"][-1] == "Next: level 2 is open, due by +30:00; 1h 10m left."

    status = json.loads(candidate.command("status", "--json").output)
    _check_status_schema(status)
    assert status["current_level"] == 2 and status["review"] is None
    assert status["score"] == data["score"] and status["levels"] == data["levels"]


def _check_status_schema(data: dict) -> None:
    """status/1 is report/1 with the keys docs/json.md adds, checked as the page says."""
    import jsonschema

    from report_fixtures import json_schemas

    schemas = json_schemas()
    extra = schemas["oa-sim.status/1"]
    jsonschema.Draft202012Validator(extra).validate(data)
    base = json.loads(json.dumps(schemas["oa-sim.report/1"]))
    base["properties"] |= extra["properties"]
    base["required"] += extra["required"]
    jsonschema.Draft202012Validator(base).validate(data)


def test_reveal_adds_the_detail_of_each_failed_test_once_over(candidate):
    time_runs_out_at_level_three(candidate)
    data = candidate.report_json("--reveal")
    check_schema(data)
    failed = data["levels"][2]["failed_tests"]
    assert [f["name"] for f in failed] == ["case_2", "case_3"]
    assert all("expected 1, got 2" in f["detail"] for f in failed)


def test_reveal_says_so_when_there_is_nothing_to_reveal(candidate):
    full_pass(candidate)
    for form in ([], ["--format", "md"], ["--format", "html"]):
        out = candidate.command("report", "--reveal", *form).output
        assert "Nothing to reveal: the final submission passed every hidden test it was graded on." in out


# -- the other formats ------------------------------------------------------------------------------

STORIES = {
    "full_pass": (
        full_pass,
        ["Score 1000 / 1000", "≈ 600", "levels passed 4/4", "All 4 levels passed", "finished early"],
    ),
    "regression": (
        level_four_breaks_level_one,
        ["Score 875 / 1000", "≈ 550", "Submission 6 at +1:10:00 broke level 1 (2 tests: case_2, case_3); still broken at the end.",
         "losing 125 points"],
    ),
    "time_up": (
        time_runs_out_at_level_three,
        ["Score 625 / 1000", "≈ 450", "levels passed 2/4", "Time ran out on level 3", "time ran out", "2.5× its budget"],
    ),
}


@pytest.mark.parametrize("story", sorted(STORIES))
def test_terminal_report_tells_the_story(candidate, story):
    play, phrases = STORIES[story]
    play(candidate)
    out = candidate.command("report").output
    for section in ("Timeline", "Submissions", "Levels", "Pace", "Code review of the final submission"):
        assert section in out, section
    for phrase in phrases:
        assert phrase in _unwrapped(out), phrase
    lines = out.splitlines()
    # the budget windows, end to end, in level order, closing on the time limit
    budget = next(line for line in lines if line.startswith("budget "))
    assert budget.rstrip().endswith("┤")
    assert [budget.index(f"L{n}") for n in range(1, 5)] == sorted(budget.index(f"L{n}") for n in range(1, 5))
    # every level's row runs to the time-limit line, right under the budgets' end
    limit = len(budget.rstrip()) - 1
    rows = [line for line in lines if line[:3] in ("L1 ", "L2 ", "L3 ", "L4 ")]
    assert len(rows) == 4 and all(row[limit] == "│" for row in rows), rows


def _unwrapped(text: str) -> str:
    """Terminal text with rich's line wrapping (and box edges) undone, to search for sentences."""
    lines = [line.strip().strip("│").strip() for line in text.splitlines()]
    return " ".join(line for line in lines if line)


@pytest.mark.parametrize("story", sorted(STORIES))
def test_markdown_report_tells_the_same_story(candidate, story):
    play, phrases = STORIES[story]
    play(candidate)
    out = candidate.command("report", "--format", "md").output
    assert out.startswith("# Quad counter · Python · session 1\n")
    for heading in ("## Timeline", "## Levels", "## Pace", "## Code review of the final submission"):
        assert heading in out
    assert "```text\nminutes" in out
    for phrase in phrases:
        assert phrase in out, phrase
    data = candidate.report_json()
    for level in data["levels"]:
        assert f"| {level['level']} | {level['title']} |" in out


@pytest.mark.parametrize("story", sorted(STORIES))
def test_html_report_is_one_self_contained_page(candidate, story):
    play, phrases = STORIES[story]
    play(candidate)
    page = candidate.command("report", "--format", "html").output
    parsed = _Page()
    parsed.feed(page)
    assert parsed.tags["svg"] == 1 and parsed.tags["script"] == 0
    assert not parsed.external, parsed.external  # nothing fetched: it opens offline
    data = candidate.report_json()
    assert parsed.classes.count("submission") == len(data["submissions"])
    assert parsed.classes.count("regression") >= sum(len(lv["regressions"]) for lv in data["levels"])
    text = parsed.text()
    for phrase in phrases:
        assert phrase in text, phrase


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: dict[str, int] = {"svg": 0, "script": 0}
        self.classes: list[str] = []
        self.external: list[str] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for name, value in attrs:
            if name == "class":
                self.classes += value.split()
            if name in ("src", "href") and value and not value.startswith("#"):
                self.external.append(value)

    def handle_data(self, data):
        self.chunks.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.chunks).split())


def test_output_writes_any_format_to_a_file(candidate):
    level_four_breaks_level_one(candidate)
    for fmt, start in (("html", "<!doctype html>"), ("md", "# Quad counter"), ("json", "{"), ("terminal", "╭")):
        target = candidate.folder / f"report.{fmt}"
        result = candidate.command("report", "--format", fmt, "-o", str(target))
        assert result.exit_code == 0 and f"Report written to {target}." in result.output
        assert target.read_text(encoding="utf-8").lstrip().startswith(start), fmt
    assert "\x1b[" not in (candidate.folder / "report.terminal").read_text()  # a file gets no colour codes


def test_reopening_a_past_session_by_id_from_anywhere(candidate, run):
    time_runs_out_at_level_three(candidate)
    elsewhere = json.loads(run("report", "1", "--json").output)  # run.cwd is not the workspace
    assert elsewhere == candidate.report_json()
    missing = run("report", "9")
    assert missing.exit_code == 3 and "Session 9 is not in the oa-sim record" in missing.output


# -- pace: when the clean-levels rule applies, and budgets that follow the clock ---------------------


def test_running_out_of_time_on_level_one_does_not_preach_the_three_clean_levels_rule(candidate):
    candidate.start()
    candidate.submit(30, {1: 2}, LEVEL_1_SOURCE)
    candidate.at(95)
    notes = candidate.report_json()["pace"]["notes"]
    assert notes[-1] == (
        "Time ran out on level 1 of 4, which was due by +10:00: "
        "the first levels have to go quickly to leave time for the rest."
    )
    assert not any("cleanly" in note for note in notes)


def test_a_two_level_problem_gets_the_rule_in_general_words(run, grader, clock):
    toy = Candidate(run, grader, clock, problem="toy")
    toy.start()
    toy.submit(3, {1: 2})
    toy.at(11)
    data = toy.report_json()
    assert data["pace"]["notes"][-1] == (
        "Time ran out on level 1, before level 1 was done: "
        "finishing every level before the last cleanly beats a broken last level."
    )
    assert not any("level 4" in note or "levels 1-3" in note for note in data["pace"]["notes"])


def test_budgets_scale_to_a_custom_time_limit(candidate):
    candidate.start("--time-limit", "45m")  # half of quad's 90m, whose budgets are 10m, 20m, 30m, 30m
    candidate.submit(4, {1: 4}, LEVEL_1_SOURCE)
    candidate.submit(40, {1: 4, 2: 4, 3: 4})
    candidate.at(46)
    data = candidate.report_json()
    check_schema(data)
    assert [level["budget"] for level in data["levels"]] == [300, 600, 900, 900]
    assert [step["due_at"] for step in data["pace"]["levels"]] == [300, 900, 1800, 2700]
    assert "Level 1 (Counting): 4m against a 5m budget (1m under); passed at +04:00, due by +05:00." in data["pace"]["notes"]
    assert "Level 2 (Resetting): 36m against a 10m budget (26m over); passed at +40:00, due by +15:00, 25m behind." in (
        data["pace"]["notes"]
    )
    assert "+1:30:00" not in candidate.command("report", "--format", "md").output
    budget = next(line for line in candidate.command("report").output.splitlines() if line.startswith("budget "))
    assert budget.rstrip().endswith("┤")  # the four windows fill the 45 minutes


# -- JSON: rounding as documented, and its one format ------------------------------------------------

TIME_KEYS = {"started_at", "time_limit", "time_used", "time_left", "budget", "unlocked_at", "passed_at", "time_spent",
             "at", "fixed_at", "spent", "due_at"}


def _times(data, key=None):
    """Every (key, number) under a time key, anywhere in a JSON document."""
    if isinstance(data, dict):
        for name, value in data.items():
            yield from _times(value, name)
    elif isinstance(data, list):
        for item in data:
            yield from _times(item, key)
    elif key in TIME_KEYS and isinstance(data, (int, float)) and not isinstance(data, bool):
        yield key, data


def test_every_time_in_the_json_is_rounded_to_three_decimals(run, grader, clock, quad):
    clock.now = 1_800_000_000.123456
    c = Candidate(run, grader, clock)
    c.start("--time-limit", "47m13.3s")
    c.submit(8.1234567, {1: 4}, LEVEL_1_SOURCE)
    c.submit(20.7654321, {1: 2, 2: 4})
    c.submit(21.3333333, {1: 4, 2: 4})
    c.at(30.4444444)
    report, status = c.report_json(), json.loads(c.command("status", "--json").output)
    history = json.loads(run("history", "--json").output)
    found = list(_times(report)) + list(_times(status)) + list(_times(history))
    assert {key for key, _ in found} == TIME_KEYS
    unrounded = [(key, value) for key, value in found if value != round(value, 3)]
    assert unrounded == []
    assert report["levels"][1]["unlocked_at"] == 487.407 and report["started_at"] == 1800000000.123


def test_json_and_another_format_at_once_is_a_usage_error(candidate):
    time_runs_out_at_level_three(candidate)
    result = candidate.command("report", "--json", "--format", "md")
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == "oa-sim: --json means --format json; it cannot be combined with --format md."
    assert "{" not in result.output
    assert candidate.command("report", "--json", "--format", "json").exit_code == 0


def test_a_regression_recorded_before_failed_names_were_kept_is_named_from_its_results(candidate, oa_sim_home):
    """Rows written by schema 5 keep no failed names: their results say which tests broke."""
    import sqlite3

    level_four_breaks_level_one(candidate)
    kept = candidate.report_json()
    with sqlite3.connect(oa_sim_home / "oa-sim.sqlite3") as connection:
        connection.execute("UPDATE submissions SET failed = NULL")
    again = candidate.report_json()
    assert [level["regressions"] for level in again["levels"]] == [level["regressions"] for level in kept["levels"]]
    assert again["levels"][0]["regressions"][0]["tests"] == ["case_2", "case_3"]
