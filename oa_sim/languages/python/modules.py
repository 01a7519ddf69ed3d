"""The candidate's other modules in the grading child: found among the job's sources, never on
disk, and named in one line when one the solution imports is not there."""

from __future__ import annotations

import types
from typing import Any


class CandidateModules:
    """Finds the candidate's other modules (``from records import Records``) among the job's sources,
    never on disk: the grader's run folder is not on ``sys.path``, and nothing is imported from
    the workspace. Each is executed under its bare file name, as the solution is."""

    def __init__(self, modules: dict[str, types.CodeType]):
        self.modules = modules

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name not in self.modules:
            return None
        from importlib.machinery import ModuleSpec

        spec = ModuleSpec(name, self, origin=f"{name}.py")
        spec.has_location = True  # __file__ is the bare name, as in tracebacks
        return spec

    def create_module(self, spec: Any) -> None:
        return None  # the usual module object

    def exec_module(self, module: types.ModuleType) -> None:
        exec(self.modules[module.__name__], module.__dict__)


def missing_module(name: str, where: str, source_name: str) -> str:
    """The account of an import of a module that does not exist, where it was looked for."""
    top = name.partition(".")[0]
    return (
        f"{where or source_name} imports {name}, which does not exist: no {top}.py "
        f"beside {source_name}, and no module of Python's by that name"
    )
