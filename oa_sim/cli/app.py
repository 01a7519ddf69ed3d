"""The ``oa-sim`` group: the environment a command runs in, one-line errors, and the shared steps.

Errors the user can cause arrive as ``OaSimError`` and leave as one line on stderr with a
documented exit code (see ``oa_sim.errors.ExitCode``); nothing else is caught here.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

import click

from oa_sim.durations import format_duration, parse_duration
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
        except KeyboardInterrupt as interrupt:
            store = ctx.obj._store if isinstance(ctx.obj, Env) else None
            done = "; ".join(store.recorded) if store is not None and store.recorded else ""
            said = f"{done} before it stopped" if done else "nothing was recorded"
            click.echo(f"\noa-sim: {'stopped' if isinstance(interrupt, Terminated) else 'interrupted'}; {said}.", err=True)
            ctx.exit(143 if isinstance(interrupt, Terminated) else 130)
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


@click.group(cls=OaSimGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
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
      oa-sim test                the level's sample tests and your sandbox.yaml
      oa-sim submit              the hidden tests; all green unlocks the next level
      oa-sim status              level, submissions, time left
      oa-sim report              timing and score report
    """
    env = ctx.ensure_object(Env)
    env.problem_dirs = [*env.problem_dirs, *problems_dirs]
    if ctx.invoked_subcommand is None:  # bare `oa-sim`: what it can do, not an error
        click.echo(ctx.get_help())


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
    except OSError as error:  # a full or read-only folder: the command itself still works
        restored = []
        click.echo(
            f"oa-sim: level {progress.current_level}'s files are not all in {located.folder}, and cannot be written "
            f"there ({error.strerror}); the next command writes them once the folder can take them.",
            err=True,
        )
    if restored:
        click.echo(f"oa-sim: restored {', '.join(restored)} in your workspace (an earlier command did not finish writing them).", err=True)
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


SHORTEST_CLOCK, LONGEST_CLOCK = 1.0, 24 * 3600.0


def _time_limit(value: str | None) -> float | None:
    """``--time-limit``: a duration (``90m``, ``1h30m``); a bare number is minutes, as people say it."""
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text) * 60 if text.replace(".", "", 1).isdigit() else parse_duration(text)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--time-limit") from None
    if not SHORTEST_CLOCK <= seconds <= LONGEST_CLOCK:
        raise click.BadParameter(
            f"{value!r} is {format_duration(seconds)}; a session's clock runs from 1s to 24h (90m is the real assessment's)",
            param_hint="--time-limit",
        )
    return seconds


def _facts(progress: "Progress", load_problem: Callable, *, locked_too: bool = True) -> list:
    from oa_sim import session
    from oa_sim.report import LevelFacts

    return [LevelFacts(**facts) for facts in session.facts_of_levels(progress, load_problem, locked_too=locked_too)]


class Terminated(KeyboardInterrupt):
    """SIGTERM, met as Ctrl-C is: the command stops where it stands and says what it recorded."""


def _on_sigterm(signum, frame) -> None:
    raise Terminated()


def main(env: Env | None = None) -> None:
    """Run the command line (``oa_sim.entry`` is the console script that calls this)."""
    import signal

    signal.signal(signal.SIGTERM, _on_sigterm)
    cli(prog_name="oa-sim", obj=env or Env())
