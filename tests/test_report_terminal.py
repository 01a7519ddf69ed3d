"""What the report's charts and tables look like on screen: the timeline's marks and counts (terminal
and Markdown), `oa-sim status`, the Markdown and HTML tables, and an 80-column terminal."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from report_fixtures import Candidate, candidate, quad  # noqa: F401  (fixtures)
from test_report import LEVEL_1_SOURCE, level_four_breaks_level_one


def timeline_row(text: str, level: int) -> tuple[str, str]:
    """A level's row of the timeline and the row of counts under it (terminal or Markdown)."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"L{level} "))
    return lines[at], (lines[at + 1] if at + 1 < len(lines) else "")


def under(counts: str, col: int) -> str:
    """The label that starts at ``col`` of a counts row."""
    return counts[col:].split(" ")[0] if col < len(counts) else ""


def views(c: Candidate) -> dict[str, str]:
    return {"terminal": c.command("report").output, "markdown": c.command("report", "--format", "md").output}


# -- the timeline: a mark and its count always agree ----------------------------------------------


@pytest.mark.parametrize("view", ["terminal", "markdown"])
def test_submissions_sharing_a_cell_show_the_pass_and_its_count(candidate, view):
    candidate.start()
    candidate.submit(10, {1: 2}, LEVEL_1_SOURCE)
    candidate.submit(10.3, {1: 4})  # 18 seconds later: the same character cell
    candidate.at(20)
    bar, counts = timeline_row(views(candidate)[view], 1)
    assert "×" not in bar and bar.count("●") == 1
    assert under(counts, bar.index("●")) == "4/4"  # the pass's count, not the failed attempt's 2/4


@pytest.mark.parametrize("view", ["terminal", "markdown"])
def test_a_break_right_after_a_pass_keeps_its_minus_n_label(candidate, view):
    candidate.start()
    candidate.submit(9, {1: 4}, LEVEL_1_SOURCE)
    candidate.submit(10, {1: 2, 2: 1})  # a minute later, at level 2, it breaks two of level 1's tests
    candidate.at(20)
    bar, counts = timeline_row(views(candidate)[view], 1)
    assert bar.count("●") == 1 and bar.count("▼") == 1
    assert under(counts, bar.index("▼")) == "-2"
    # every label in the row sits under a mark, and is that mark's
    for match in re.finditer(r"\S+", counts):
        assert {"●": "4/4", "▼": "-2"}[bar[match.start()]] == match.group()


@pytest.mark.parametrize("view", ["terminal", "markdown"])
def test_every_count_is_the_count_of_the_mark_above_it(candidate, view):
    level_four_breaks_level_one(candidate)
    data = candidate.report_json()
    counts_of = {(s["number"], c["level"]): f"{c['passed']}/{c['total']}" for s in data["submissions"] for c in s["levels"]}
    text = views(candidate)[view]
    for level in range(1, 5):
        bar, counts = timeline_row(text, level)
        for match in re.finditer(r"\S+", counts):
            mark = bar[match.start()]
            assert mark in "●×▼▲", (level, mark, match.group())
            if mark == "▼":
                assert match.group().startswith("-")
            else:
                assert match.group() in {counts_of[key] for key in counts_of if key[1] == level}
    bar, counts = timeline_row(text, 1)
    assert under(counts, bar.index("▼")) == "-2"  # submission 6 broke two of level 1's tests


# -- oa-sim status --------------------------------------------------------------------------------


def status_lines(c: Candidate) -> list[str]:
    result = c.command("status")
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_status_scores_a_two_level_problem_out_of_500(run, grader, clock):
    toy = Candidate(run, grader, clock, problem="toy")
    toy.start()
    toy.submit(3, {1: 4})
    toy.at(4)
    assert "Score so far: 250/500 (≈300 on the 200-600 scale)" in status_lines(toy)[-1]
    assert toy.command("finish").exit_code == 0
    last = status_lines(toy)[-1]
    assert "Score: 250/500" in last and "so far" not in last and "/1000" not in last


def test_status_says_a_passed_level_is_now_broken(run, grader, clock):
    toy = Candidate(run, grader, clock, problem="toy")
    toy.start()
    toy.submit(3, {1: 4})
    toy.submit(5, {1: 2, 2: 1})  # level 2 work breaks half of level 1
    row = next(line for line in status_lines(toy) if "Counting" in line)
    assert "passed, now broken ▼" in row and "2/4" in row
    toy.submit(7, {1: 4, 2: 1})  # fixed
    row = next(line for line in status_lines(toy) if "Counting" in line)
    assert "broken" not in row and "passed" in row and "4/4" in row


# -- Markdown and HTML draw the same tables --------------------------------------------------------


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.current = dict(attrs).get("id")
            self.tables[self.current] = []
        elif tag == "tr" and self.current:
            self.tables[self.current].append([])
        elif tag in ("td", "th") and self.current:
            self.tables[self.current][-1].append("")

    def handle_endtag(self, tag):
        if tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.current and self.tables[self.current] and self.tables[self.current][-1]:
            self.tables[self.current][-1][-1] += data


def markdown_table(text: str, heading: str) -> list[list[str]]:
    lines = text.split(heading, 1)[1].strip().splitlines()
    rows = [line for line in lines[: next(i for i, line in enumerate(lines) if not line.startswith("|"))]]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows if "---" not in row]


def test_markdown_and_html_show_the_same_levels_and_submissions(candidate):
    level_four_breaks_level_one(candidate)
    md = candidate.command("report", "--format", "md").output
    page = _Tables()
    page.feed(candidate.command("report", "--format", "html").output)
    assert markdown_table(md, "## Levels") == page.tables["levels"]
    submissions = markdown_table(md, "```\n")
    assert submissions == page.tables["submissions"]
    assert submissions[0][3] == "hidden tests by level"


# -- an 80-column terminal ---------------------------------------------------------------------------

LONG_TITLES = {"Counting": "Accounts, deposits and transfers", "Ranking": "Merging accounts and balance history"}


def section(text: str, title: str, stop: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == title)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(stop) or not lines[i].strip())
    return lines[start + 1 : end]


@pytest.mark.parametrize("long_titles", [False, True])
def test_the_report_reads_well_at_80_columns(candidate, problems_dir, monkeypatch, long_titles):
    titles = ["Counting", "Resetting", "Totals", "Ranking"]
    if long_titles:
        yaml = problems_dir / "quad" / "problem.yaml"
        text = yaml.read_text()
        for short, long in LONG_TITLES.items():
            text = text.replace(f"title: {short}", f"title: {long}")
        yaml.write_text(text)
        titles = [LONG_TITLES.get(title, title) for title in titles]
    level_four_breaks_level_one(candidate)
    monkeypatch.setenv("COLUMNS", "80")
    out = candidate.command("report").output
    assert max(len(line) for line in out.splitlines()) <= 80

    levels = section(out, "Levels", "▼")
    assert levels[0].split() == ["level", "status", "passed", "at", "time", "/", "budget", "submits", "tests", "points"]
    numbers = [line for line in levels[2:] if re.search(r"\d+/\d+\s+\d+$", line)]
    assert len(numbers) == 4  # one line of numbers a level: nothing wrapped
    for n, title in enumerate(titles, start=1):
        # the whole title, on one line, never cut or folded
        assert any(re.fullmatch(rf"{n} {re.escape(title)}\b.*", line) for line in levels), title
    assert len(levels) == 2 + (8 if long_titles else 4)  # header, rule, and a title line each when titles are long

    submissions = section(out, "Submissions", "Levels")
    assert submissions[0].split() == ["#", "at", "level", "hidden", "tests", "by", "level", "note"]
    rows = submissions[2:]  # under the rule: one line a submission, its note whole on it
    assert len(rows) == 7, rows
    for row, note in zip(rows, ("", "passed level 1", "passed level 2", "broke level 2", "passed level 3",
                                "broke level 1", "passed level 4 (scored)")):
        assert row.rstrip().endswith(note) and re.match(r"\s+\d+\s+\+", row), row


# -- a long session: the table lists what changed, and counts the rest -----------------------------


def test_a_long_sessions_table_lists_what_changed_and_counts_the_repeats(candidate):
    candidate.start()
    candidate.submit(5, {1: 2}, LEVEL_1_SOURCE)
    candidate.submit(8, {1: 4})  # passes level 1
    for minute in range(10, 30):  # twenty tries at level 2, none passing
        candidate.submit(minute, {1: 4, 2: 1})
    candidate.submit(31, {1: 3, 2: 1})  # breaks level 1
    for minute in range(32, 40):
        candidate.submit(minute, {1: 3, 2: 2})
    candidate.submit(41, {1: 4, 2: 4})  # fixes level 1 and passes level 2
    candidate.at(50)
    text = candidate.command("report").output
    table = text[text.index("Submissions"):text.index("Levels")]
    listed = [int(line.split()[0]) for line in table.splitlines() if line.split() and line.split()[0].isdigit()]
    assert listed == [1, 2, 23, 28, 29, 30, 31, 32]
    assert "20 more that changed no level's state" in table and "4 more that changed no level's state" in table
    assert "broke level 1" in table and "passed level 2 (latest)" in table
    markdown = candidate.command("report", "--format", "md").output
    assert all(f"| {number} |" in markdown for number in range(1, 33))  # the Markdown lists every one


def test_a_short_sessions_table_lists_every_submission(candidate):
    candidate.start()
    for minute in range(5, 20):
        candidate.submit(minute, {1: 2}, LEVEL_1_SOURCE)
    candidate.at(30)
    table = candidate.command("report").output.split("Submissions")[1].split("Levels")[0]
    assert "more that changed" not in table
    assert sum(1 for line in table.splitlines() if line.split() and line.split()[0].isdigit()) == 15
