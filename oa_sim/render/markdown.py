"""The session report as Markdown: the same sections as the terminal, the timeline as a text chart."""

from __future__ import annotations

from oa_sim.render import timeline, words
from oa_sim.report import Report


def render(report: Report, *, reveal: bool = False) -> str:
    """The whole report as one Markdown document."""
    out = [
        f"# {words.title(report)}",
        "",
        f"**{words.headline(report)}**",
        "",
        *([words.drill_start(report), ""] if report.drill_level else []),
        report.score_note,
        "",
        words.clock(report),
        "",
        "## Timeline",
        "",
        "```text",
        timeline.plain(report),
        "```",
        "",
    ]
    if report.timeline:
        out += _table(words.SUBMISSION_HEADER, [words.submission_row(report, m) for m in report.timeline])
    out += ["## Levels", ""]
    out += _table(words.LEVEL_HEADER, [words.level_row(level, report.final_submission is not None) for level in report.levels])
    out += [f"- ▼ {words.regression(r)}" for r in report.regressions]
    if report.regressions:
        out.append("")
    if report.pace is not None:
        out += ["## Pace", "", *[f"- {note}" for note in report.pace.notes], ""]
    if report.practise:
        out += ["### Practise next", "", *[f"- {line}" for line in report.practise], ""]
    if report.review is not None:
        out += ["## Code review of the final submission", "", f"_{words.review_facts(report.review)}_", ""]
        out += [f"- {note}" for note in report.review.notes] + [""]
    failing = [(level, test) for level in report.levels for test in level.failed]
    if failing:
        out += ["## Failed hidden tests (final submission)", ""]
        for level, test in failing:
            message = f" — {test.message}" if test.message and not reveal else ""
            out.append(f"- level {level.level} **`{test.name}`**: {_inline(test.description)}{message}")
            if reveal:
                out += ["", "  ```text", *[f"  {line}" for line in (test.detail or test.message).splitlines()], "  ```"]
        out += ["", words.reveal_hint(report) if not reveal else ""]
    elif reveal:
        out += [words.nothing_to_reveal(report), ""]
    return "\n".join(out).rstrip() + "\n"


def _table(header, rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return lines + [""]


def _cell(text: str) -> str:
    return _inline(text).replace("|", "\\|")


def _inline(text: str) -> str:
    """One line of text, safe inside a Markdown paragraph or table."""
    return " ".join(text.split())
