"""The ``oa-sim`` command: thin click commands over the core, each handing data to a renderer.

Errors the user can cause arrive as ``OaSimError`` and leave as one line on stderr with a
documented exit code (see ``oa_sim.errors.ExitCode``); nothing else is caught here.
"""

from __future__ import annotations

import json
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import click

from oa_sim.durations import parse_duration
from oa_sim.errors import ExitCode, OaSimError

if TYPE_CHECKING:
    from rich.console import Console

    from oa_sim.session import Located, Progress
    from oa_sim.session.store import Store


@dataclass
class Env:
    """Everything a command touches outside itself, injectable for tests."""

    clock: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep
    home: Path | None = None
    cwd: Path | None = None
    grader: Callable | None = None
    problem_dirs: list[Path] = field(default_factory=list)
    warm_child: Any = None  # a grading child the entry point started before click loaded
    _console: Any = None
    _store: Any = None

    @property
    def console(self) -> "Console":
        if self._console is None:
            from rich.console import Console

            self._console = Console(highlight=False)
        return self._console

    def store(self) -> "Store":
        from oa_sim.session.store import Store

        if self._store is None:  # one connection a command, reused (the countdown reads every second)
            self._store = Store.open(self.home)
        return self._store

    def close(self) -> None:
        """Close the record's connection: a command leaves no open handle (nor WAL) behind."""
        if self._store is not None:
            self._store.close()
            self._store = None

    def here(self) -> Path:
        if self.cwd is not None:
            return self.cwd
        try:
            return Path.cwd()
        except FileNotFoundError:
            raise OaSimError(
                "The current folder no longer exists (it was deleted or moved).",
                ExitCode.NO_SESSION,
                hint="cd to a folder that exists; `oa-sim history` lists your sessions.",
            ) from None

    def grade(self, request, on_result=None):
        if self.grader is not None:
            return self.grader(request, on_result)
        from oa_sim.grading import grade

        return grade(request, on_result)

    @contextmanager
    def warm_grader(self) -> Iterator[Callable]:
        """The grader for a command that will grade once; the real one starts its child right away,
        for the language of the workspace here."""
        if self.grader is not None:
            yield self.grader
            return
        from oa_sim.grading import warm_grader

        early, self.warm_child = self.warm_child, None
        language = None
        if early is None:
            from oa_sim.session.workspace import marker_language

            try:
                language = marker_language(self.here())
            except OaSimError:
                language = None  # a damaged marker: the command itself says so
        with warm_grader(early, language) as grade:
            yield grade


class OaSimGroup(click.Group):
    """Turns ``OaSimError`` and click's usage errors into one clear line (and a hint) with a
    documented exit code, for every command."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # the order of a session, not the alphabet

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            _usage_error(ctx, error)
            raise  # not reached: _usage_error exits

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OaSimError as error:
            _say(error.message, error.hint)
            ctx.exit(int(error.exit_code))
        except click.UsageError as error:
            _usage_error(ctx, error)
        except KeyboardInterrupt:
            click.echo("\noa-sim: interrupted; nothing was recorded.", err=True)
            ctx.exit(130)
        finally:
            if isinstance(ctx.obj, Env):
                ctx.obj.close()


def _say(message: str, hint: str | None = None) -> None:
    click.secho(f"oa-sim: {message}", fg="red", err=True)
    if hint:
        click.echo(f"  {hint}", err=True)


def _usage_error(ctx: click.Context, error: click.UsageError) -> None:
    """Bad arguments: click's message in oa-sim's one-line form, and where the help is; exit 2."""
    command = (error.ctx or ctx).command_path
    _say(error.format_message(), f"`{command} -h` shows how to use it.")
    ctx.exit(int(ExitCode.USAGE))


pass_env = click.make_pass_decorator(Env, ensure=True)


@click.group(cls=OaSimGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="oa-sim", prog_name="oa-sim")
@click.option(
    "--problems-dir",
    "problems_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Also look for problems in this folder (repeatable; $OA_SIM_PROBLEMS works too).",
)
@click.pass_context
def cli(ctx: click.Context, problems_dirs: tuple[Path, ...]) -> None:
    """Rehearse a progressive, four-level coding assessment: hidden tests, a real clock, a report.

    \b
      oa-sim start inmemory-db   workspace + level 1 spec; the clock starts
      oa-sim test                the level's sample tests
      oa-sim submit              the hidden tests; all green unlocks the next level
      oa-sim status              level, submissions, time left
      oa-sim report              timing and score report
    """
    env = ctx.ensure_object(Env)
    env.problem_dirs = [*env.problem_dirs, *problems_dirs]


def _locate(env: Env, *, notes: bool = True) -> tuple["Store", "Located", "Progress"]:
    """This workspace's session, read now; with ``notes``, say on stderr what needed mending."""
    from oa_sim import session
    from oa_sim.durations import format_duration

    store = env.store()
    located = session.locate(store, env.here(), problem_dirs=env.problem_dirs or None)
    progress = session.progress(store, located.record, env.clock())
    if not notes:
        return store, located, progress
    try:
        restored = session.restore_workspace(located, progress)
    except OSError:
        restored = []  # a read-only folder: the command itself still works
    if restored:
        click.echo(f"oa-sim: restored {', '.join(restored)} in your workspace (an earlier command was interrupted).", err=True)
    if progress.clock_behind > session.CLOCK_WARNING_SECONDS:
        click.secho(
            f"oa-sim: warning: the system clock reads {format_duration(progress.clock_behind)} earlier than this "
            "session's last record (was it set back?). Time is counted from the record, so none is gained.",
            fg="yellow",
            err=True,
        )
    return store, located, progress


def _header(env: Env, progress: "Progress") -> None:
    from oa_sim.render import terminal

    terminal.header(env.console, progress)


def _time_limit(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return parse_duration(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--time-limit") from None


@cli.command("list")
@pass_env
def list_problems(env: Env) -> None:
    """List the problems you can start."""
    from oa_sim.problem import catalog as problems
    from oa_sim.render import terminal

    from oa_sim import languages

    loaded, broken = [], []
    for folder in problems.discover(env.problem_dirs):
        try:
            loaded.append(problems.load(folder, check_schema=False))
        except OaSimError as error:
            broken.append(error.message)
    offered = sorted({name for problem in loaded for name in problem.languages})
    missing = {name: why for name in offered if (why := languages.get(name).unavailable())}
    terminal.problem_list(env.console, loaded, missing)
    for message in broken:
        click.secho(f"skipped a broken problem: {message}", fg="yellow", err=True)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--write-manifest", is_flag=True, help="When every check passes, write manifest.sha256 (the graded files' checksums).")
@pass_env
def validate(env: Env, paths: tuple[Path, ...], write_manifest: bool) -> None:
    """Prove problem folders sound (default: every installed problem).

    Checks the schema and files, the manifest (if there is one), that the reference passes every
    test, that the untouched starter fails level 1, and that each mutant is caught at its own
    level and no earlier.
    """
    from contextlib import nullcontext

    from oa_sim.problem import manifest
    from oa_sim.problem import catalog as problems
    from oa_sim.render import terminal
    from oa_sim.problem.validation import validate as validate_folder

    folders = list(paths) or problems.discover(env.problem_dirs)
    all_ok = True
    for folder in folders:
        with env.console.status(f"Validating {folder.name}…") if env.console.is_terminal else nullcontext():
            outcome = validate_folder(folder, env.grade, check_manifest=not write_manifest)
        terminal.validation(env.console, outcome)
        all_ok = all_ok and outcome.ok
        if write_manifest and outcome.ok:
            env.console.print(f"Wrote {manifest.write(problems.load(folder))}")
        elif write_manifest:
            env.console.print(f"[red]No manifest written for {folder}:[/] fix the failures above first.")
    sys.exit(ExitCode.OK if all_ok else ExitCode.TESTS_FAILED)


@cli.command()
@click.argument("problem_id", metavar="PROBLEM")
@click.option("--dir", "folder", type=click.Path(path_type=Path), help="Workspace folder (default: ./PROBLEM).")
@click.option("--time-limit", help="Clock for this session, e.g. 90m, 45s, 1h30m (default: the problem's).")
@click.option("--language", "-l", "language_name", metavar="LANGUAGE", help="The language you will rehearse in: python (default), javascript, go, ... (`oa-sim list` shows each problem's).")
@click.option("--force", is_flag=True, help="Start even over a non-empty folder or a running session there.")
@click.option(
    "--resume",
    "resume_id",
    type=int,
    metavar="SESSION",
    help="Rebuild the workspace of running SESSION here (say, after its folder was deleted), with your last submitted code.",
)
@pass_env
def start(
    env: Env,
    problem_id: str,
    folder: Path | None,
    time_limit: str | None,
    language_name: str | None,
    force: bool,
    resume_id: int | None,
) -> None:
    """Create a workspace for PROBLEM and start its clock."""
    from oa_sim import languages, session
    from oa_sim.problem import catalog as problems
    from oa_sim.render import terminal

    limit = _time_limit(time_limit)
    if resume_id is not None and limit is not None:
        raise click.UsageError("--time-limit cannot change a resumed session's clock.")
    if resume_id is not None and language_name is not None:
        raise click.UsageError("--language cannot change a resumed session's language.")
    language = languages.get(languages.resolve(language_name))
    problem = problems.find(problem_id, env.problem_dirs)
    target = folder if folder is not None else Path(problem.id)
    if not target.is_absolute():
        target = env.here() / target
    shown = folder if folder is not None else Path(problem.id)
    if resume_id is not None:
        progress = session.resume(env.store(), problem, resume_id, target, clock=env.clock, force=force)
        _header(env, progress)
        env.console.print(
            f"Session {resume_id} resumed in [bold]{shown}[/] at level {progress.current_level}"
            + (", with your last submitted code." if progress.submissions else ".")
        )
        return
    record = session.start(env.store(), problem, target, clock=env.clock, language=language, time_limit=limit, force=force)
    terminal.started(env.console, problem, language, record.time_limit, str(shown))


@cli.command()
@pass_env
def test(env: Env) -> None:
    """Run the unlocked levels' sample tests (nothing is recorded)."""
    with env.warm_grader() as grade:  # its child loads pytest while the record is read
        from oa_sim import session
        from oa_sim.render import terminal

        store, located, progress = _locate(env)
        _header(env, progress)
        with ProgressDisplay(env, "Running sample tests") as on_result:
            _, run = session.run_samples(store, located, clock=env.clock, grader=grade, on_result=on_result)
    terminal.results(env.console, run, hidden=False, current_level=progress.current_level)
    passed = all(t.passed for t in run.tests) and run.tests
    if passed:
        env.console.print("[green]All sample tests pass.[/] The hidden tests check more: [bold]oa-sim submit[/].")
    sys.exit(ExitCode.OK if passed else ExitCode.TESTS_FAILED)


@cli.command()
@pass_env
def submit(env: Env) -> None:
    """Grade your code against the hidden tests of every unlocked level."""
    with env.warm_grader() as grade:  # its child loads pytest while the record is read
        from oa_sim import session
        from oa_sim.render import terminal

        store, located, progress = _locate(env)
        _header(env, progress)
        with ProgressDisplay(env, "Grading against the hidden tests") as on_result:
            outcome = session.submit(store, located, clock=env.clock, grader=grade, on_result=on_result)
    terminal.results(env.console, outcome.submission.results, hidden=True, current_level=outcome.submission.level)
    terminal.submit_summary(env.console, outcome, located.problem, located.language)
    sys.exit(ExitCode.OK if outcome.level_passed else ExitCode.TESTS_FAILED)


class ProgressDisplay:
    """A live count of verdicts while a run goes on; a no-op when output is not a terminal."""

    def __init__(self, env: Env, label: str):
        self.env, self.label = env, label
        self.done = self.failed = 0
        self.status = None

    def __enter__(self) -> Callable:
        if self.env.console.is_terminal:
            self.status = self.env.console.status(f"{self.label}…")
            self.status.start()
        return self.on_result

    def on_result(self, result) -> None:
        self.done += 1
        self.failed += 0 if result.passed else 1
        if self.status is not None:
            failed = f", [red]{self.failed} failed[/]" if self.failed else ""
            self.status.update(f"{self.label}… {self.done} done{failed}")

    def __exit__(self, *exc) -> None:
        if self.status is not None:
            self.status.stop()


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON (see docs/json.md).")
@pass_env
def status(env: Env, as_json: bool) -> None:
    """Show the current level, tests passed, submissions and time left."""
    from oa_sim import report as reports

    store, located, progress = _locate(env)
    model = reports.build(progress, _facts(progress, lambda: located.problem, locked_too=as_json))
    if as_json:
        data = _report_json(model)
        data["schema"] = "oa-sim.status/1"
        data["current_level"] = progress.current_level
        data["workspace"] = str(located.folder)
        data["language"] = located.record.language
        click.echo(json.dumps(data, indent=2))
        return
    from oa_sim.render import report_terminal

    _header(env, progress)
    report_terminal.status(env.console, progress, model)


def _facts(progress: "Progress", load_problem: Callable, *, locked_too: bool = True) -> list:
    from oa_sim import session
    from oa_sim.report import LevelFacts

    return [LevelFacts(**facts) for facts in session.facts_of_levels(progress, load_problem, locked_too=locked_too)]


@cli.command()
@click.option("--level", type=int, help="Which unlocked level (default: the current one).")
@pass_env
def spec(env: Env, level: int | None) -> None:
    """Show an unlocked level's spec again."""
    from oa_sim.render import terminal

    _, located, progress = _locate(env)
    _header(env, progress)
    wanted = level if level is not None else progress.current_level
    if not 1 <= wanted <= located.record.level_count:
        raise OaSimError(
            f"There is no level {wanted}: {located.record.problem_title} has levels 1-{located.record.level_count}.",
            ExitCode.USAGE,
            hint=f"Levels 1-{progress.current_level} are unlocked.",
        )
    if wanted > progress.current_level:
        raise OaSimError(
            f"Level {wanted} is not unlocked (levels 1-{progress.current_level} are).",
            ExitCode.USAGE,
            hint="Pass every hidden test of the current level to unlock the next.",
        )
    terminal.spec(env.console, located.problem, wanted, cache=env.store().path.parent / "cache")


@cli.command()
@pass_env
def finish(env: Env) -> None:
    """End the session now; the last submission is the score."""
    from oa_sim import session

    store, located, _ = _locate(env)
    session.finish(store, located, clock=env.clock)
    env.console.print("Session finished. [bold]oa-sim report[/] shows how it went; [bold]--reveal[/] shows failed tests in full.")


@cli.command()
@click.option("--once", is_flag=True, help="Print the time left once and exit.")
@pass_env
def clock(env: Env, once: bool) -> None:
    """A live countdown for a second terminal pane, with warnings at 30, 10 and 5 minutes."""
    from oa_sim.render.countdown import run_countdown

    _locate(env)  # fail fast, with the usual message, outside a workspace
    run_countdown(env.console, lambda: _locate(env, notes=False)[2], clock=env.clock, sleep=env.sleep, once=once)


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
    record = store.session(_report_session(env, store, session_id))
    progress = session.progress(store, record, env.clock())
    if reveal and not progress.is_over:
        raise OaSimError(
            "--reveal shows the hidden tests, so it waits until the session is over.",
            ExitCode.USAGE,
            hint="`oa-sim finish` ends it now.",
        )
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


def _report_session(env: Env, store: "Store", session_id: int | None) -> int:
    """SESSION if given, else the workspace's session, else the latest one recorded."""
    if session_id is None and (marker := _marker(env)) is not None:
        session_id = marker.session_id
    if session_id is None:
        latest = store.sessions(limit=1)
        if not latest:
            raise OaSimError("No sessions recorded yet.", ExitCode.NO_SESSION, hint="Start one with `oa-sim start <problem>`.")
        session_id = latest[0].id
    return session_id


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


def _marker(env: Env):
    from oa_sim.session import workspace

    return workspace.find_marker(env.here())


@cli.command()
@click.option("--problem", "problem_id", metavar="PROBLEM", help="Only this problem's sessions.")
@click.option("--limit", type=click.IntRange(min=0), help="List the newest N sessions (0: all; default 20 on screen, all in JSON).")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON (see docs/json.md).")
@pass_env
def history(env: Env, problem_id: str | None, limit: int | None, as_json: bool) -> None:
    """Past sessions and each problem's trend.

    One row a session (score, levels passed, time used), then best, latest and median a problem.
    """
    from oa_sim.report import history as histories

    found = histories.load(env.store(), env.clock(), problem_id)
    if as_json:
        from oa_sim.render import json_out

        click.echo(json.dumps(json_out.history(found, limit=limit or None), indent=2))
        return
    from oa_sim.render import history_terminal

    history_terminal.draw(env.console, found, limit=20 if limit is None else limit or None)


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

    if session_id is None:
        marker = _marker(env)
        if marker is None:
            raise OaSimError(
                f"No oa-sim session in {env.here()}.",
                ExitCode.NO_SESSION,
                hint="Run this in a workspace, or pass --session ID (`oa-sim history` lists them).",
            )
        session_id = marker.session_id
    if second is None:
        if first == 1:
            raise OaSimError("Submission 1 has none before it.", ExitCode.USAGE, hint="Name two: `oa-sim diff 1 2`.")
        first, second = first - 1, first
    store = env.store()
    record = store.session(session_id)
    change = diffs.between(record, store.submission(session_id, first), store.submission(session_id, second), context)
    report_terminal.source_diff(env.console, change)


def main(env: Env | None = None) -> None:
    """Run the command line (``oa_sim.entry`` is the console script that calls this)."""
    cli(prog_name="oa-sim", obj=env or Env())
