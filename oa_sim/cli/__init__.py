"""The ``oa-sim`` command: thin click commands over the core, each handing data to a renderer.

Errors the user can cause arrive as ``OaSimError`` and leave as one line on stderr with a
documented exit code (see ``oa_sim.errors.ExitCode``); nothing else is caught here. Each module
below adds its commands to the one group, in the order a session uses them.
"""

from oa_sim.cli.app import Env, cli, main
from oa_sim.cli import session_commands, report_commands, author_commands  # noqa: F401 - they register commands

__all__ = ["Env", "cli", "main"]
