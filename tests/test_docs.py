"""The docs stay true: the authoring guide's example validates, and every command is documented."""

from __future__ import annotations

import re
from pathlib import Path

import click
from click.testing import CliRunner

from oa_sim.cli import Env, cli

DOCS = Path(__file__).resolve().parent.parent / "docs"
FILE_BLOCK = re.compile(r"<!-- file: (?P<path>\S+) -->\n```\w*\n(?P<body>.*?)\n```", re.S)


def test_the_authoring_guides_example_problem_validates(tmp_path):
    guide = (DOCS / "problem-format.md").read_text()
    folder = tmp_path / "task-queue"
    files = FILE_BLOCK.findall(guide)
    assert len(files) >= 10
    for relative, body in files:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body + "\n")
    result = CliRunner().invoke(cli, ["author", "validate", str(folder)], obj=Env(cwd=tmp_path), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "sound" in result.output


def test_every_command_and_option_is_in_the_usage_guide():
    """A candidate's commands in usage.md; the authors' (hidden from --help) in problem-format.md."""
    usage = (DOCS / "usage.md").read_text()
    authoring = (DOCS / "problem-format.md").read_text()
    commands = [(name, command) for name, command in cli.commands.items() if not command.hidden]
    commands += [(f"author {name}", command) for name, command in cli.commands["author"].commands.items()]
    missing = []
    for name, command in commands:
        guide = authoring if name.startswith("author ") else usage
        if f"`oa-sim {name}" not in guide:
            missing.append(name)
        for param in command.params:
            flags = [flag for flag in getattr(param, "opts", []) if flag.startswith("--") and flag != "--help"]
            if isinstance(param, click.Option) and flags and not any(flag in guide for flag in flags):
                missing.append(f"{name} {flags[0]}")
    assert not missing, f"the guides do not document: {missing}"


def test_the_authoring_commands_are_kept_out_of_the_candidates_help():
    shown = CliRunner().invoke(cli, ["--help"], obj=Env()).output
    assert "validate" not in shown and "author" not in shown
    assert "validate" in CliRunner().invoke(cli, ["author", "--help"], obj=Env()).output
