"""The commands for problem authors, kept apart from a candidate's: ``oa-sim author validate``.

They show hidden test names, so the group is left out of the candidate's ``--help`` (the problem
format guide documents it). ``oa-sim validate`` stays as a hidden alias.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from oa_sim.cli.app import Env, cli, pass_env
from oa_sim.errors import ExitCode


@cli.group(hidden=True)
def author() -> None:
    """Commands for problem authors: they show hidden test names, which a candidate never needs."""


@author.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--write-manifest", is_flag=True, help="When every check passes, write manifest.sha256 (the graded files' checksums).")
@click.option("--language", "-l", "only_languages", multiple=True, metavar="LANGUAGE", help="Check only this language's solutions (repeatable; default: every language offered).")
@click.option("--mutate", is_flag=True, help="Also grade machine-made mutants of the reference and report each one no hidden test catches.")
@pass_env
def validate(env: Env, paths: tuple[Path, ...], write_manifest: bool, only_languages: tuple[str, ...], mutate: bool) -> None:
    """Prove problem folders sound (default: every installed problem).

    Checks the schema and files, the manifest (if there is one), that the reference passes every
    test, that the untouched starter fails level 1, and that each mutant is caught at its own
    level and no earlier. With --mutate, every machine-made mutant of the reference (a flipped
    comparison, a constant off by one, a dropped statement...) must be caught by a hidden test or
    recorded as equivalent in solutions/<language>/equivalent.yaml.
    """
    from contextlib import nullcontext

    from oa_sim.problem import manifest
    from oa_sim.problem import catalog as problems
    from oa_sim.render import terminal
    from oa_sim.problem.validation import validate as validate_folder

    from oa_sim import languages

    only_languages = tuple(languages.resolve(name) for name in only_languages)
    if write_manifest and only_languages:
        raise click.UsageError("--write-manifest needs every language checked: leave out --language.")
    folders = [path.resolve() for path in paths] or problems.discover(env.problem_dirs)
    all_ok = True
    for folder in folders:
        with env.console.status(f"Validating {folder.name}…") if env.console.is_terminal else nullcontext():
            outcome = validate_folder(
                folder, env.grade, check_manifest=not write_manifest, only_languages=only_languages, mutate=mutate
            )
        terminal.validation(env.console, outcome)
        all_ok = all_ok and outcome.ok
        if write_manifest and outcome.ok:
            env.console.print(f"Wrote {manifest.write(problems.load(folder))}")
        elif write_manifest:
            env.console.print(f"[red]No manifest written for {folder}:[/] fix the failures above first.")
    sys.exit(ExitCode.OK if all_ok else ExitCode.TESTS_FAILED)




# The name it had before the author group, kept for scripts; not shown in --help.
cli.add_command(
    click.Command("validate", callback=validate.callback, params=validate.params, help=validate.help, hidden=True)
)
