"""The ``oa-sim`` command: thin click commands over the core, each handing data to a renderer.

Errors the user can cause arrive as ``OaSimError`` and leave as one line on stderr with a
documented exit code (see ``oa_sim.errors.ExitCode``); nothing else is caught here.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import click

from oa_sim.durations import parse_duration
from oa_sim.errors import ExitCode, OaSimError

if TYPE_CHECKING:
    from rich.console import Console

    from oa_sim.session import Located, Progress
    from oa_sim.store import Store


@dataclass
class Env:
    """Everything a command touches outside itself, injectable for tests."""

    clock: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep
    home: Path | None = None
    cwd: Path | None = None
    grader: Callable | None = None
    problem_dirs: list[Path] = field(default_factory=list)
    _console: Any = None

    @property
    def console(self) -> "Console":
        if self._console is None:
            from rich.console import Console

            self._console = Console(highlight=False)
        return self._console

    def store(self) -> "Store":
        from oa_sim.store import Store

        return Store.open(self.home)

    def here(self) -> Path:
        return self.cwd or Path.cwd()

    def grade(self, request, on_result=None):
        if self.grader is not None:
            return self.grader(request, on_result)
        from oa_sim.grading import grade

        return grade(request, on_result)


class OaSimGroup(click.Group):
    """Turns ``OaSimError`` into one clear line and its exit code, for every command."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # the order of a session, not the alphabet

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OaSimError as error:
            click.secho(f"oa-sim: {error.message}", fg="red", err=True)
            if error.hint:
                click.echo(f"  {error.hint}", err=True)
            ctx.exit(int(error.exit_code))
        except KeyboardInterrupt:
            click.echo("\noa-sim: interrupted; nothing was recorded.", err=True)
            ctx.exit(130)


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


def _locate(env: Env) -> tuple["Store", "Located", "Progress"]:
    from oa_sim import session

    store = env.store()
    located = session.locate(store, env.here(), problem_dirs=env.problem_dirs or None)
    return store, located, session.progress(store, located.record, env.clock())


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
    from oa_sim import problems
    from oa_sim.render import terminal

    loaded, broken = [], []
    for folder in problems.discover(env.problem_dirs):
        try:
            loaded.append(problems.load(folder, check_schema=False))
        except OaSimError as error:
            broken.append(error.message)
    terminal.problem_list(env.console, loaded)
    for message in broken:
        click.secho(f"skipped a broken problem: {message}", fg="yellow", err=True)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@pass_env
def validate(env: Env, paths: tuple[Path, ...]) -> None:
    """Prove problem folders sound (default: every installed problem).

    Checks the schema and files, that the reference passes every test, that the untouched
    starter fails level 1, and that each mutant is caught at its own level and no earlier.
    """
    from contextlib import nullcontext

    from oa_sim import problems
    from oa_sim.render import terminal
    from oa_sim.validation import validate as validate_folder

    folders = list(paths) or problems.discover(env.problem_dirs)
    all_ok = True
    for folder in folders:
        with env.console.status(f"Validating {folder.name}…") if env.console.is_terminal else nullcontext():
            outcome = validate_folder(folder, lambda request: env.grade(request))
        terminal.validation(env.console, outcome)
        all_ok = all_ok and outcome.ok
    sys.exit(ExitCode.OK if all_ok else ExitCode.TESTS_FAILED)


@cli.command()
@click.argument("problem_id", metavar="PROBLEM")
@click.option("--dir", "folder", type=click.Path(path_type=Path), help="Workspace folder (default: ./PROBLEM).")
@click.option("--time-limit", help="Clock for this session, e.g. 90m, 45s, 1h30m (default: the problem's).")
@click.option("--force", is_flag=True, help="Start even over a non-empty folder or a running session there.")
@pass_env
def start(env: Env, problem_id: str, folder: Path | None, time_limit: str | None, force: bool) -> None:
    """Create a workspace for PROBLEM and start its clock."""
    from oa_sim import problems, session
    from oa_sim.render import terminal

    limit = _time_limit(time_limit)
    problem = problems.find(problem_id, env.problem_dirs)
    target = folder if folder is not None else Path(problem.id)
    if not target.is_absolute():
        target = env.here() / target
    record = session.start(env.store(), problem, target, clock=env.clock, time_limit=limit, force=force)
    shown = folder if folder is not None else Path(problem.id)
    terminal.started(env.console, problem, target, record.time_limit, str(shown))


@cli.command()
@pass_env
def test(env: Env) -> None:
    """Run the unlocked levels' sample tests (nothing is recorded)."""
    from oa_sim import session
    from oa_sim.render import terminal

    store, located, progress = _locate(env)
    _header(env, progress)
    with _progress_display(env, "Running sample tests") as on_result:
        _, run = session.run_samples(store, located, clock=env.clock, grader=env.grade, on_result=on_result)
    terminal.results(env.console, run, hidden=False, current_level=progress.current_level)
    passed = all(t.passed for t in run.tests) and run.tests
    if passed:
        env.console.print("[green]All sample tests pass.[/] The hidden tests check more: [bold]oa-sim submit[/].")
    sys.exit(ExitCode.OK if passed else ExitCode.TESTS_FAILED)


@cli.command()
@pass_env
def submit(env: Env) -> None:
    """Grade your code against the hidden tests of every unlocked level."""
    from oa_sim import session
    from oa_sim.render import terminal

    store, located, progress = _locate(env)
    _header(env, progress)
    with _progress_display(env, "Grading against the hidden tests") as on_result:
        outcome = session.submit(store, located, clock=env.clock, grader=env.grade, on_result=on_result)
    terminal.results(env.console, outcome.submission.results, hidden=True, current_level=outcome.submission.level)
    terminal.submit_summary(env.console, outcome, located.problem)
    sys.exit(ExitCode.OK if outcome.level_passed else ExitCode.TESTS_FAILED)


class _progress_display:
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
    model = reports.build(progress, _facts(located.problem))
    if as_json:
        data = reports.to_json(model)
        data["schema"] = "oa-sim.status/1"
        data["current_level"] = progress.current_level
        data["workspace"] = str(located.folder)
        click.echo(json.dumps(data, indent=2))
        return
    from oa_sim.render import terminal

    _header(env, progress)
    terminal.status(env.console, progress, model)


def _facts(problem) -> list:
    from oa_sim.report import LevelFacts

    return [LevelFacts(level.title, level.budget, level.hidden_count()) for level in problem.levels]


@cli.command()
@click.option("--level", type=int, help="Which unlocked level (default: the current one).")
@pass_env
def spec(env: Env, level: int | None) -> None:
    """Show an unlocked level's spec again."""
    from oa_sim.render import terminal

    _, located, progress = _locate(env)
    _header(env, progress)
    wanted = level or progress.current_level
    if not 1 <= wanted <= progress.current_level:
        raise OaSimError(
            f"Level {wanted} is not unlocked (levels 1-{progress.current_level} are).",
            ExitCode.USAGE,
            hint="Pass every hidden test of the current level to unlock the next.",
        )
    terminal.spec(env.console, located.problem, wanted)


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
    run_countdown(env.console, lambda: _locate(env)[2], clock=env.clock, sleep=env.sleep, once=once)


@cli.command()
@click.argument("session_id", metavar="[SESSION]", required=False, type=int)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("--format", "fmt", type=click.Choice(["terminal", "json"]), default="terminal", show_default=True)
@click.option("--reveal", is_flag=True, help="After the session: show each failed hidden test in full.")
@pass_env
def report(env: Env, session_id: int | None, as_json: bool, fmt: str, reveal: bool) -> None:
    """The timing and score report of this workspace's session (or SESSION)."""
    from oa_sim import report as reports
    from oa_sim import session

    store = env.store()
    if session_id is None and (marker := _marker(env)) is not None:
        session_id = marker.session_id
    if session_id is None:
        latest = store.sessions(limit=1)
        if not latest:
            raise OaSimError("No sessions recorded yet.", ExitCode.NO_SESSION, hint="Start one with `oa-sim start <problem>`.")
        session_id = latest[0].id
    record = store.session(session_id)
    progress = session.progress(store, record, env.clock())
    if reveal and not progress.is_over:
        raise OaSimError(
            "--reveal shows the hidden tests, so it waits until the session is over.",
            ExitCode.USAGE,
            hint="`oa-sim finish` ends it now.",
        )
    problem = session.problem_for(record, env.problem_dirs or None)
    model = reports.build(progress, _facts(problem))
    if as_json or fmt == "json":
        click.echo(json.dumps(reports.to_json(model, reveal=reveal), indent=2))
        return
    from oa_sim.render import terminal

    _header(env, progress)
    terminal.report(env.console, model, reveal=reveal)


def _marker(env: Env):
    from oa_sim import workspace

    return workspace.find_marker(env.here())


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="oa-sim")
