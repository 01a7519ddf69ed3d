"""The commands that look back: report, solution, history, diff."""

from __future__ import annotations

import json
from pathlib import Path

import click

from oa_sim.cli.app import Env, _facts, _header, cli, pass_env
from oa_sim.errors import ExitCode, OaSimError


@cli.command()
@click.argument("session_id", metavar="[SESSION]", required=False, type=int)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["terminal", "json", "md", "html"]),
    default="terminal",
    show_default=True,
    help="json: docs/json.md; md: Markdown; html: one self-contained file with an SVG timeline.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of the screen.")
@click.option("--reveal", is_flag=True, help="After the session: show each failed hidden test in full.")
@pass_env
def report(env: Env, session_id: int | None, as_json: bool, fmt: str, output: Path | None, reveal: bool) -> None:
    """Score, timeline, pace and code review of a session.

    SESSION if given, else this workspace's session, else the latest one. See docs/report.md.
    """
    from oa_sim import report as reports
    from oa_sim import session

    format_given = click.get_current_context().get_parameter_source("fmt") is not click.core.ParameterSource.DEFAULT
    if as_json and format_given and fmt != "json":
        raise click.UsageError(f"--json means --format json; it cannot be combined with --format {fmt}.")
    store = env.store()
    record = store.session(session.chosen_session(store, env.here(), session_id))
    progress = session.progress(store, record, env.clock())
    if reveal:
        session.check_reveal(progress)
    model = reports.build(
        progress, _facts(progress, lambda: session.problem_for(record, env.problem_dirs or None)), review=True
    )
    fmt = "json" if as_json else fmt
    if fmt == "terminal" and output is None:
        from oa_sim.render import report_terminal

        _header(env, progress)
        report_terminal.draw(env.console, model, reveal=reveal)
        return
    text = _report_text(model, fmt, reveal)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise OaSimError(f"Cannot write {output}: {error.strerror}.", ExitCode.USAGE, hint="Choose another file with -o.") from None
    click.echo(f"Report written to {output}.")


@cli.command()
@click.argument("session_id", metavar="[SESSION]", required=False, type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write it to this file instead of the screen.")
@pass_env
def solution(env: Env, session_id: int | None, output: Path | None) -> None:
    """After the session: a model solution of its problem, in its language.

    SESSION if given, else this workspace's session, else the latest one.
    """
    from oa_sim import languages, session

    store = env.store()
    record = store.session(session.chosen_session(store, env.here(), session_id))
    progress = session.progress(store, record, env.clock())
    session.check_reveal(progress, "a model solution gives the levels away")
    problem = session.problem_for(record, env.problem_dirs or None)
    language = languages.get(record.language)
    reference = problem.solutions.get(language.id)
    if reference is None:
        raise OaSimError(f"{problem.id} has no {language.name} solution any more.", ExitCode.PROBLEM_INVALID)
    text = reference.reference.read_text(encoding="utf-8")
    reached = progress.current_level
    variant = f", variant {record.variant}" if record.variant else ""
    note = (
        f"A model solution of {problem.title}{variant} in {language.name}, every level (you reached level "
        f"{reached} of {len(problem.levels)}). Read it as one way to build it, not the only one."
    )
    final = progress.final
    if final is not None and final.extra_files:  # set side by side with the candidate's own split
        names = [name for name, _ in final.files(language.solution_file(problem))]
        note += f" Your final submission was {len(names)} files ({', '.join(names)}); this one is a single file."
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise OaSimError(f"Cannot write {output}: {error.strerror}.", ExitCode.USAGE, hint="Choose another file with -o.") from None
        click.echo(f"{note}\nWritten to {output} (as {language.solution_file(problem)} would be).")
        return
    _header(env, progress)
    env.console.print(note, style="dim")
    env.console.print(f"--- {language.solution_file(problem)} ---", style="bold", highlight=False)
    click.echo(text, nl=not text.endswith("\n"))


def _report_json(model, *, reveal: bool = False) -> dict:
    """The report model as the documented JSON (docs/json.md)."""
    from oa_sim.render import json_out

    return json_out.report(model, reveal=reveal)


def _report_text(model, fmt: str, reveal: bool) -> str:
    """The report in a file format: json, md, html, or terminal text without colour."""
    if fmt == "json":
        return json.dumps(_report_json(model, reveal=reveal), indent=2) + "\n"
    if fmt == "md":
        from oa_sim.render import markdown

        return markdown.render(model, reveal=reveal)
    if fmt == "html":
        from oa_sim.render import html

        return html.render(model, reveal=reveal)
    import io

    from rich.console import Console

    from oa_sim.render import report_terminal

    buffer = io.StringIO()
    report_terminal.draw(Console(file=buffer, width=110, color_system=None, highlight=False), model, reveal=reveal)
    return buffer.getvalue()


@cli.command()
@click.option("--problem", "problem_id", metavar="PROBLEM", help="Only this problem's sessions.")
@click.option("--limit", type=click.IntRange(min=0), help="Sessions a page (0: all; default 20 on screen, all in JSON).")
@click.option("--page", type=click.IntRange(min=1), help="Which page of sessions, newest first (default 1).")
@click.option("--all", "every", is_flag=True, help="List every session (the same as --limit 0).")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON (see docs/json.md).")
@pass_env
def history(env: Env, problem_id: str | None, limit: int | None, page: int | None, every: bool, as_json: bool) -> None:
    """Past sessions and each problem's trend.

    One row a session (score, levels passed, time used), newest first and a page at a time, then
    best, latest and median a problem, over every session.
    """
    from oa_sim.report import history as histories

    if every and (limit or page):
        raise click.UsageError("--all lists every session; leave out --limit and --page.")
    found = histories.load(env.store(), env.clock(), problem_id)
    size = None if every or limit == 0 else limit if limit else None if as_json and page is None else histories.PAGE
    shown = histories.page_of(found, size, page or 1)
    if as_json:
        from oa_sim.render import json_out

        click.echo(json.dumps(json_out.history(found, shown), indent=2))
        return
    from oa_sim.render import history_terminal

    history_terminal.draw(env.console, found, shown)


@cli.command()
@click.argument("first", type=click.IntRange(min=1), metavar="N")
@click.argument("second", type=click.IntRange(min=1), metavar="[M]", required=False)
@click.option("--session", "session_id", type=int, help="Which session (default: this workspace's).")
@click.option("-U", "--context", type=click.IntRange(min=0), default=3, show_default=True, help="Lines of context.")
@pass_env
def diff(env: Env, first: int, second: int | None, session_id: int | None, context: int) -> None:
    """What changed in your code between submissions N and M.

    With N alone: what submission N changed, against the one before it.
    """
    from oa_sim.report import diffs
    from oa_sim.render import report_terminal

    from oa_sim import session

    if session_id is None:
        session_id = session.workspace_session(env.here())
    if second is None:
        if first == 1:
            raise OaSimError("Submission 1 has none before it.", ExitCode.USAGE, hint="Name two: `oa-sim diff 1 2`.")
        first, second = first - 1, first
    store = env.store()
    record = store.session(session_id)
    change = diffs.between(record, store.submission(session_id, first), store.submission(session_id, second), context)
    report_terminal.source_diff(env.console, change)


