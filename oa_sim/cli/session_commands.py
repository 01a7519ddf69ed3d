"""The commands of a session: list, start, test, submit, status, spec, finish, clock."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import click

from oa_sim.cli.app import Env, _facts, _header, _locate, _say, _time_limit, cli, pass_env
from oa_sim.errors import ExitCode, OaSimError

if TYPE_CHECKING:
    pass


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
@click.argument("problem_id", metavar="PROBLEM")
@click.option("--dir", "folder", type=click.Path(path_type=Path), help="Workspace folder (default: ./PROBLEM).")
@click.option("--time-limit", help="Clock for this session, e.g. 90m, 45s, 1h30m; a bare number is minutes (default: the problem's).")
@click.option("--language", "-l", "language_name", metavar="LANGUAGE", help="The language you will rehearse in: python (default), javascript, typescript, java, go (`oa-sim list` shows each problem's).")
@click.option("--variant", metavar="NAME", help="Which variant of a problem that has several (default: one at random, as in the real assessment).")
@click.option(
    "--feedback",
    type=click.Choice(["full", "names", "counts"]),
    default="full",
    show_default=True,
    help="What submit tells of the hidden tests: each failure's message, the failed tests' names, or only counts per level.",
)
@click.option(
    "--tests",
    "graded_tests",
    type=click.Choice(["hidden", "visible"]),
    default="hidden",
    show_default=True,
    help="visible: each unlocked level's graded tests are readable in the workspace (GRADED_LEVEL_N.md), as the real assessment can show them.",
)
@click.option(
    "--level",
    type=int,
    metavar="N",
    help="A drill: start at level N with levels 1..N-1 given, from your last code that passed them (else a model solution with level N's methods and later ones stubbed); only levels N and on are scored.",
)
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
    variant: str | None,
    feedback: str,
    graded_tests: str,
    level: int | None,
    force: bool,
    resume_id: int | None,
) -> None:
    """Create a workspace for PROBLEM and start its clock."""
    from oa_sim import languages, session
    from oa_sim.problem import catalog as problems
    from oa_sim.render import terminal
    from oa_sim.session import sandbox

    limit = _time_limit(time_limit)
    if resume_id is not None and limit is not None:
        raise click.UsageError("--time-limit cannot change a resumed session's clock.")
    if resume_id is not None and language_name is not None:
        raise click.UsageError("--language cannot change a resumed session's language.")
    if resume_id is not None and variant is not None:
        raise click.UsageError("--variant cannot change a resumed session's variant.")
    if resume_id is not None and level is not None:
        raise click.UsageError("--level cannot change a resumed session's level.")
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
    started = session.start(
        env.store(), problem, target, clock=env.clock, language=language, time_limit=limit, force=force,
        variant=variant, feedback=feedback, graded_tests=graded_tests, level=level,
    )
    record = started.record
    terminal.started(
        env.console, problem.with_variant(record.variant), language, record.time_limit, str(shown), sandbox.FILE,
        record=record, code=started.code,
    )


@cli.command()
@click.argument("name", required=False)
@click.option("-k", "keyword", metavar="NAME", help="The same as NAME: run only the sample and sandbox tests whose name holds it.")
@pass_env
def test(env: Env, name: str | None, keyword: str | None) -> None:
    """Run the unlocked levels' sample tests and your sandbox.yaml cases, or only those whose name holds NAME (nothing is recorded)."""
    if name is not None and keyword is not None and name != keyword:
        raise click.UsageError("Give the test's name once: NAME or -k NAME.")
    with env.warm_grader() as grade:  # its child loads pytest while the record is read
        from oa_sim import session
        from oa_sim.render import results_terminal

        store, located, progress = _locate(env)
        _header(env, progress)
        with ProgressDisplay(env, "Running sample tests") as on_result:
            _, run = session.run_samples(
                store, located, clock=env.clock, grader=grade, on_result=on_result, only=name or keyword
            )
    results_terminal.sample_results(env.console, run, current_level=progress.current_level)
    samples_pass = all(t.passed for t in run.samples.tests)
    if run.passed:
        mine = " and sandbox" if run.sandbox.tests else ""
        env.console.print(f"[green]All sample{mine} tests pass.[/] The hidden tests check more: [bold]oa-sim submit[/].")
    elif samples_pass and run.samples.tests and not run.broken:
        env.console.print("[yellow]All sample tests pass; a sandbox test does not.[/] It is yours: check what it expects too.")
    if run.broken:
        sys.exit(ExitCode.USAGE)  # the sandbox file is to be fixed first, whatever the tests said
    sys.exit(ExitCode.OK if run.passed else ExitCode.TESTS_FAILED)


@cli.command()
@pass_env
def submit(env: Env) -> None:
    """Grade your code against the hidden tests of every unlocked level."""
    with env.warm_grader() as grade:  # its child loads pytest while the record is read
        from oa_sim import session
        from oa_sim.render import results_terminal, terminal

        store, located, progress = _locate(env)
        _header(env, progress)
        with ProgressDisplay(env, "Grading against the hidden tests") as on_result:
            outcome = session.submit(store, located, clock=env.clock, grader=grade, on_result=on_result)
    results_terminal.results(
        env.console, outcome.submission.results, hidden=True, current_level=outcome.submission.level,
        feedback=located.record.feedback,
    )
    terminal.submit_summary(env.console, outcome, located.problem, located.language, located.record.time_limit)
    if outcome.unwritten is not None:
        record = located.record
        _say(
            f"Submission {outcome.submission.number} is recorded and level {outcome.unlocked} unlocked, but its files "
            f"could not be written in {located.folder} ({outcome.unwritten}).",
            "Free some space there (or make the folder writable), then run `oa-sim status`: it writes them; "
            f"from another folder, `oa-sim start {record.problem_id} --resume {record.id} --dir NEW` rebuilds the workspace.",
        )
        sys.exit(ExitCode.WORKSPACE_BEHIND)
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
        from oa_sim.render import json_out

        data = json_out.status(model, progress.current_level, str(located.folder), located.record.language, located.record.feedback)
        click.echo(json.dumps(data, indent=2))
        return
    from oa_sim.render import report_terminal

    _header(env, progress)
    report_terminal.status(env.console, progress, model)


@cli.command()
@click.option("--level", type=int, help="Which unlocked level (default: the current one).")
@pass_env
def spec(env: Env, level: int | None) -> None:
    """Show an unlocked level's spec again."""
    from oa_sim.render import terminal

    from oa_sim import session

    _, located, progress = _locate(env)
    _header(env, progress)
    wanted = session.spec_level(progress, level)
    terminal.spec(
        env.console, located.problem, wanted, located.language, clock=located.record.time_limit, cache=env.store().cache_dir,
        first_level=located.record.first_level,
    )


@cli.command()
@pass_env
def watch(env: Env) -> None:
    """A pane with the time left, the level and every sample and sandbox test, run again at each save."""
    from contextlib import contextmanager

    from oa_sim import session
    from oa_sim.grading.results import RunResult
    from oa_sim.render.watch import run_watch
    from oa_sim.session import SampleRun

    store, located, _ = _locate(env)  # fail fast, with the usual message, outside a workspace

    @contextmanager
    def warm():
        if env.grader is not None:
            yield env.grader
            return
        from oa_sim.grading import warm_grader

        with warm_grader(None, located.language.id) as grade:
            yield grade

    def run_samples(grade) -> SampleRun:
        try:
            return session.run_samples(store, located, clock=env.clock, grader=grade)[1]
        except OaSimError as error:  # a file mid-save, say: shown in the pane, and the watch goes on
            return SampleRun(RunResult(tests=(), problem=error.message + (f" {error.hint}" if error.hint else "")), RunResult(()))

    run_watch(
        env.console, lambda: _locate(env, notes=False)[2], run_samples, warm, located.folder, clock=env.clock, sleep=env.sleep
    )


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


