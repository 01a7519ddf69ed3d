"""The session report as one self-contained HTML file: inline CSS, an inline SVG timeline, no scripts,
nothing fetched, so it opens offline and can be mailed or archived as it is."""

from __future__ import annotations

from html import escape

from oa_sim.render import words
from oa_sim.render.words import offset
from oa_sim.report import GIVEN, PASSED, Report

# The chart's geometry, in SVG user units.
WIDTH = 960
LEFT = 170  # room for the level labels
RIGHT = 40
TOP = 34  # the minute labels
BUDGET_ROW = 24
LANE = 52
BOTTOM = 24

CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; margin: 2rem auto;
       max-width: 1000px; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #dde; }
.headline { font-size: 1.15rem; font-weight: 600; } .dim { color: #5b6475; }
table { border-collapse: collapse; margin: .6rem 0; } th, td { padding: .25rem .6rem; text-align: left; }
th { border-bottom: 1px solid #bbc; font-weight: 600; } td.num, th.num { text-align: right; }
tr:nth-child(even) td { background: #f5f6fa; }
.table { overflow-x: auto; max-width: 100%; }
@media (max-width: 720px) { body { font-size: 13px; margin: 1rem auto; } th, td { padding: .2rem .3rem; } }
.passed { color: #1b7f3b; } .not_passed { color: #b3261e; } .in_progress { color: #a86400; } .locked { color: #8a90a0; }
.regression { color: #9c27b0; } pre { background: #f5f6fa; padding: .6rem; white-space: pre-wrap; overflow-wrap: anywhere; }
svg text { font: 12px system-ui, sans-serif; fill: #1d2330; } svg .axis { fill: #5b6475; }
"""
COLOURS = {"pass": "#1b7f3b", "fail": "#c62828", "late": "#9aa0ad", "regression": "#9c27b0", "done": "#7cc48f",
           "open": "#f2b84b", "deadline": "#c62828", "end": "#e69500", "budget": "#e8ebf3", "budget_alt": "#d9deea"}


def render(report: Report, *, reveal: bool = False) -> str:
    """The whole report as an HTML document."""
    title = words.title(report)
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="headline" id="headline">{escape(words.headline(report))}</p>',
        *([f'<p id="drill">{escape(words.drill_start(report))}</p>'] if report.drill_level else []),
        f'<p class="dim" id="score-note">{escape(report.score_note)}</p>',
        f'<p id="clock">{escape(words.clock(report))}</p>',
        "<h2>Timeline</h2>",
        svg_timeline(report),
        _legend(),
        _submissions(report),
        "<h2>Levels</h2>",
        _levels(report),
        _list("regressions", [f"▼ {words.regression(r)}" for r in report.regressions], css="regression"),
    ]
    if report.pace is not None:
        body += ["<h2>Pace</h2>", _list("pace", report.pace.notes)]
    if report.practise:
        body += ["<h3>Practise next</h3>", _list("practise", report.practise)]
    if report.review is not None:
        body += [
            "<h2>Code review of the final submission</h2>",
            f'<p class="dim">{escape(words.review_facts(report.review))}</p>',
            _list("review", report.review.notes),
        ]
    body.append(_failures(report, reveal))
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="oa-sim">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>\n"
        f'<body>\n{chr(10).join(part for part in body if part)}\n</body></html>\n'
    )


def svg_timeline(report: Report) -> str:
    """The timeline chart: budget windows, a lane a level, submissions as marks with their pass counts."""
    limit = report.time_limit or 1.0
    plot = WIDTH - LEFT - RIGHT
    lanes_top = TOP + BUDGET_ROW + 8
    height = lanes_top + LANE * len(report.levels) + BOTTOM

    def x(seconds: float) -> float:
        return round(LEFT + max(0.0, min(seconds, limit)) / limit * plot, 1)

    def lane_y(level: int) -> float:
        return lanes_top + LANE * (level - 1) + LANE / 2

    parts = [
        f'<svg id="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'style="max-width:{WIDTH}px;height:auto" role="img" aria-label="Timeline of the session">',
        f"<title>Timeline: {escape(report.problem_title)}, session {report.session_id}</title>",
    ]
    parts += _axis(limit, x, height)
    parts += _budget_windows(report, x)
    for level in report.levels:
        y = lane_y(level.level)
        style = "" if level.unlocked_at is not None else ' class="axis"'
        parts.append(f'<text x="8" y="{y + 4}"{style}>L{level.level} {escape(_clip(level.title, 20))}</text>')
        parts.append(f'<line x1="{LEFT}" y1="{y}" x2="{LEFT + plot}" y2="{y}" stroke="#eef0f5"/>')
        if level.unlocked_at is not None and level.status != GIVEN:  # a given level was never worked on here
            stop = level.passed_at if level.passed_at is not None else report.time_used
            colour = COLOURS["done"] if level.status == PASSED else COLOURS["open"]
            width = max(2.0, x(stop) - x(level.unlocked_at))
            parts.append(
                f'<rect class="span {level.status}" x="{x(level.unlocked_at)}" y="{y - 5}" width="{width:.1f}" '
                f'height="10" rx="3" fill="{colour}"><title>Level {level.level}: {offset(level.unlocked_at)} to '
                f"{offset(stop)}</title></rect>"
            )
    parts += _marks(report, x, lane_y)
    if report.over and report.time_used < limit - 1:
        end = x(report.time_used)
        parts.append(
            f'<line id="ended" x1="{end}" y1="{TOP}" x2="{end}" y2="{height - BOTTOM}" stroke="{COLOURS["end"]}" '
            f'stroke-width="2" stroke-dasharray="4 3"/>'
            f'<text x="{end + 4}" y="{height - 8}" fill="{COLOURS["end"]}">ended {offset(report.time_used)}</text>'
        )
    deadline = x(limit)
    parts.append(
        f'<line id="deadline" x1="{deadline}" y1="{TOP - 6}" x2="{deadline}" y2="{height - BOTTOM}" '
        f'stroke="{COLOURS["deadline"]}" stroke-width="2"><title>time limit</title></line>'
    )
    parts.append("</svg>")
    return "\n".join(parts)


def _axis(limit: float, x, height: float) -> list[str]:
    from oa_sim.render.timeline import minutes_label, tick_step  # one choice of ticks for both charts

    parts, tick, step = [], 0.0, tick_step(limit)
    while tick <= limit + 1e-9:
        parts.append(
            f'<line x1="{x(tick)}" y1="{TOP - 4}" x2="{x(tick)}" y2="{height - BOTTOM}" stroke="#e3e6ee"/>'
            f'<text class="axis" x="{x(tick)}" y="{TOP - 10}" text-anchor="middle">{minutes_label(tick)}</text>'
        )
        tick += step
    return parts


def _budget_windows(report: Report, x) -> list[str]:
    parts, start = [], 0.0
    for level in report.scored_levels:  # a drill's given levels have no budget
        a, b = x(start), x(start + level.budget)
        fill = COLOURS["budget"] if level.level % 2 else COLOURS["budget_alt"]
        parts.append(
            f'<rect class="budget" x="{a}" y="{TOP}" width="{max(1.0, b - a):.1f}" height="{BUDGET_ROW}" fill="{fill}">'
            f"<title>Level {level.level} budget: {offset(start)} to {offset(start + level.budget)}</title></rect>"
        )
        if b - a > 60:
            parts.append(f'<text class="axis" x="{(a + b) / 2}" y="{TOP + 16}" text-anchor="middle">L{level.level} budget</text>')
        start += level.budget
    return parts


def _marks(report: Report, x, lane_y) -> list[str]:
    parts: list[str] = []
    last_label: dict[tuple[int, int], float] = {}  # (level, row) -> x of the last label, to keep labels apart
    for mark in report.timeline:
        y = lane_y(mark.level)
        kind = ("pass" if mark.passed_level else "fail") if mark.counted else "late"
        own = next((c for c in mark.levels if c.level == mark.level), None)
        label = f"{own.passed}/{own.total}" if own else ""
        tip = f"Submission {mark.number} at {offset(mark.at)}: {words.level_counts(mark)} {words.submission_note(report, mark)}"
        parts.append(
            f'<circle class="submission {kind}" data-number="{mark.number}" cx="{x(mark.at)}" cy="{y}" r="6" '
            f'fill="{COLOURS[kind]}" stroke="#fff" stroke-width="1.5"><title>{escape(tip.strip())}</title></circle>'
        )
        parts.append(_label(x(mark.at), y, mark.level, label, COLOURS[kind], last_label))
    for regression in report.regressions:
        y, at = lane_y(regression.level), x(regression.at)
        parts.append(
            f'<polygon class="regression" data-submission="{regression.submission}" '
            f'points="{at - 7},{y - 7} {at + 7},{y - 7} {at},{y + 6}" fill="{COLOURS["regression"]}">'
            f"<title>{escape(words.regression(regression))}</title></polygon>"
        )
        parts.append(_label(at, y, regression.level, f"-{len(regression.tests)}", COLOURS["regression"], last_label))
        if regression.fixed_at is not None:
            fx = x(regression.fixed_at)
            parts.append(
                f'<polygon class="fixed" points="{fx - 6},{y + 6} {fx + 6},{y + 6} {fx},{y - 5}" fill="{COLOURS["pass"]}">'
                f"<title>fixed by submission {regression.fixed_by}</title></polygon>"
            )
    return parts


def _label(at: float, y: float, level: int, text: str, colour: str, last: dict) -> str:
    """A pass count above its mark, or below when the one before is too close."""
    if not text:
        return ""
    row = 0 if at - last.get((level, 0), -1e9) >= 34 else 1
    last[(level, row)] = at
    ty = y - 11 if row == 0 else y + 20
    return f'<text class="count" x="{at}" y="{ty}" text-anchor="middle" fill="{colour}">{escape(text)}</text>'


def _legend() -> str:
    keys = [
        (COLOURS["done"], "▬", "worked on, then passed"),
        (COLOURS["open"], "▬", "worked on, not passed"),
        (COLOURS["pass"], "●", "submission that passed its level"),
        (COLOURS["fail"], "●", "one that did not"),
        (COLOURS["regression"], "▼", "broke a level already passed (-n tests)"),
        (COLOURS["pass"], "▲", "fixed"),
        (COLOURS["deadline"], "│", "time limit"),
    ]
    items = " &nbsp; ".join(f'<span style="color:{colour}">{symbol}</span> {escape(text)}' for colour, symbol, text in keys)
    return f'<p class="dim" id="legend">{items}. Numbers above a mark: that level\'s hidden tests passed.</p>'


def _submissions(report: Report) -> str:
    if not report.timeline:
        return '<p class="dim">No submissions.</p>'
    rows = [words.submission_row(report, m) for m in report.timeline]
    return _table("submissions", words.SUBMISSION_HEADER, rows, numeric={0, 1, 2})


def _levels(report: Report) -> str:
    rows = []
    for level in report.levels:
        row: list = words.level_row(level, report.final_submission is not None)
        row[2] = (row[2], level.status)  # the status cell also carries its colour class
        rows.append(row)
    return _table("levels", words.LEVEL_HEADER, rows, numeric={0, 3, 4, 5, 6, 7, 8, 9})


def _failures(report: Report, reveal: bool) -> str:
    failing = [(level, test) for level in report.levels for test in level.failed]
    if not failing:
        return f"<p>{escape(words.nothing_to_reveal(report))}</p>" if reveal else ""
    items = []
    for level, test in failing:
        line = f"level {level.level} <b><code>{escape(test.name)}</code></b>: {escape(test.description)}"
        if reveal:
            line += f"<pre>{escape(test.detail or test.message)}</pre>"
        elif test.message:
            line += f' <span class="dim">— {escape(test.message)}</span>'
        items.append(f"<li>{line}</li>")
    hint = "" if reveal else f'<p class="dim">{escape(words.reveal_hint(report))}</p>'
    return f'<h2>Failed hidden tests (final submission)</h2><ul id="failed">{"".join(items)}</ul>{hint}'


def _table(ident: str, header, rows: list[list], numeric: set[int]) -> str:
    def cell(tag: str, index: int, value) -> str:
        text, css = value if isinstance(value, tuple) else (value, "")
        classes = " ".join(c for c in ("num" if index in numeric else "", css) if c)
        attr = f' class="{classes}"' if classes else ""
        return f"<{tag}{attr}>{escape(text)}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>" for row in rows)
    # A narrow window scrolls a wide table inside its own box, never the page sideways.
    return f'<div class="table"><table id="{ident}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _list(ident: str, lines, css: str = "") -> str:
    if not lines:
        return ""
    attr = f' class="{css}"' if css else ""
    return f'<ul id="{ident}"{attr}>' + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"
