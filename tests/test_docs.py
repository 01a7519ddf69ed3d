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
    result = CliRunner().invoke(cli, ["validate", str(folder)], obj=Env(cwd=tmp_path), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "sound" in result.output


def test_every_command_and_option_is_in_the_usage_guide():
    usage = (DOCS / "usage.md").read_text()
    missing = [name for name in cli.commands if f"`oa-sim {name}" not in usage]
    for name, command in cli.commands.items():
        for param in command.params:
            flags = [flag for flag in getattr(param, "opts", []) if flag.startswith("--") and flag != "--help"]
            if isinstance(param, click.Option) and flags and not any(flag in usage for flag in flags):
                missing.append(f"{name} {flags[0]}")
    assert not missing, f"docs/usage.md does not document: {missing}"
