"""Find problem folders, load and check their ``problem.yaml``, and hand out plain ``Problem`` data.

A problem is data, never code the engine knows by name: a folder with ``problem.yaml`` (described by
``problem.schema.json``), the specs, case files per level, and ``solutions/<language>/`` holding a
reference solution (and its mutants) for each language the problem offers.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from oa_sim.durations import parse_duration
from oa_sim.errors import ExitCode, OaSimError
from oa_sim.problem import types
from oa_sim.problem.model import REFERENCE_STEM, SOLUTIONS_DIR, Level, Method, Param, Problem, Solution
from oa_sim.problem.yaml_text import check_schema as schema_check
from oa_sim.problem.yaml_text import read_yaml

SCHEMA_NAME = "problem.schema.json"
DEFAULT_RUN_TIME_LIMIT = 60.0
PROBLEMS_ENV = "OA_SIM_PROBLEMS"


def builtin_problems_dir() -> Path:
    """Problems shipped with oa-sim: inside the package when installed, beside it in a checkout."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_problems"
    return packaged if packaged.is_dir() else package.parent / "problems"


def problem_dirs(extra: list[Path] | None = None) -> list[Path]:
    """Where problems are looked for: ``--problems-dir``, then ``$OA_SIM_PROBLEMS``, then built-in."""
    dirs = list(extra or [])
    dirs += [Path(p) for p in os.environ.get(PROBLEMS_ENV, "").split(os.pathsep) if p]
    dirs.append(builtin_problems_dir())
    return dirs


def discover(extra: list[Path] | None = None) -> list[Path]:
    """Every problem folder (a folder holding ``problem.yaml``), first occurrence of an id wins."""
    found: dict[str, Path] = {}
    for base in problem_dirs(extra):
        if (base / "problem.yaml").is_file():
            found.setdefault(base.name, base)
            continue
        if base.is_dir():
            for child in sorted(base.iterdir()):
                if (child / "problem.yaml").is_file():
                    found.setdefault(child.name, child)
    return list(found.values())


def find(problem_id: str, extra: list[Path] | None = None) -> Problem:
    """Load the problem with this id, or say which ids exist."""
    for folder in discover(extra):
        if folder.name == problem_id:
            return load(folder)
    known = ", ".join(sorted(f.name for f in discover(extra))) or "none"
    raise OaSimError(
        f"Unknown problem {problem_id!r}.",
        ExitCode.USAGE,
        hint=f"Known problems: {known}. `oa-sim list` shows them.",
    )


def load(folder: Path, *, check_schema: bool = True, cache_dir: Path | None = None) -> Problem:
    """Read ``folder/problem.yaml`` into a ``Problem``; raise ``OaSimError`` with one clear line.

    ``check_schema=False`` skips the JSON Schema (it costs a tenth of a second to import) for
    commands that only re-read a problem already checked when the session started; such a command
    may pass ``cache_dir``, so the file's data, once parsed, is read back without pyyaml.
    """
    folder = Path(folder)
    path = folder / "problem.yaml"
    text, data = read_yaml(path, lambda message: invalid(path, message), cache_dir if not check_schema else None)
    if check_schema:
        schema_check(SCHEMA_NAME, text, data, lambda message: invalid(path, message))
    try:
        return _build(folder, path, data)
    except OaSimError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        raise invalid(path, f"malformed ({error}); run `oa-sim author validate {folder}` for details") from None


def invalid(path: Path, message: str, hint: str | None = None) -> OaSimError:
    """The error for a problem file that cannot be used: exit 5, naming the file."""
    return OaSimError(
        f"{path}: {message}",
        ExitCode.PROBLEM_INVALID,
        hint=hint or f"docs/problem-format.md describes the format; `oa-sim author validate {path.parent}` checks the whole folder.",
    )


def _build(folder: Path, path: Path, data: dict[str, Any]) -> Problem:
    if data.get("id") != folder.name:
        raise invalid(path, f"field id: {data.get('id')!r} must equal the folder's name {folder.name!r}")

    def existing(relative: str, field: str) -> Path:
        file = folder / relative
        if not file.is_file():
            raise invalid(path, f"field {field}: file {relative!r} does not exist in {folder}")
        return file

    def level(raw: dict[str, Any], number: int, where: str, seen: dict[str, Method]) -> Level:
        methods = []
        for index, method in enumerate(raw["methods"]):
            parsed = _method(path, f"{where}.methods.{index}", method)
            if parsed.name in seen:
                raise invalid(path, f"field {where}.methods.{index}: method {parsed.name!r} is declared twice")
            seen[parsed.name] = parsed
            methods.append(parsed)
        return Level(
            number=number,
            title=raw["title"],
            budget=parse_duration(raw["budget"]),
            spec=existing(raw["spec"], f"{where}.spec"),
            methods=tuple(methods),
            visible=tuple(existing(f, f"{where}.visible") for f in raw["visible"]),
            hidden=tuple(existing(f, f"{where}.hidden") for f in raw["hidden"]),
        )

    seen: dict[str, Method] = {}
    levels = tuple(level(raw, index + 1, f"levels.{index}", seen) for index, raw in enumerate(data["levels"]))
    alternatives, summaries = _variants(path, data, levels, seen, level)
    return Problem(
        id=data["id"],
        title=data["title"],
        summary=data.get("summary", ""),
        root=folder,
        time_limit=parse_duration(data["time_limit"]),
        test_time_limit=parse_duration(data["test_time_limit"]),
        run_time_limit=parse_duration(data.get("run_time_limit", DEFAULT_RUN_TIME_LIMIT)),
        interface_class=data["interface"],
        impl_class=data["implementation"],
        module=data["module"],
        levels=levels,
        solutions=_solutions(folder),
        variant=data.get("variant"),
        alternatives=alternatives,
        variant_summaries=summaries,
    )


def _variants(path: Path, data: dict[str, Any], levels: tuple[Level, ...], seen: dict[str, Method], level) -> tuple[dict, dict]:
    """Each variant's whole list of levels, the levels as written first under ``variant``.

    A variant's method may share a name with another variant's only with the same signature: one
    reference solution implements every variant, which a typed language could not otherwise do."""
    declared = data.get("variants") or []
    if not declared:
        if "variant" in data:
            raise invalid(path, "field variant: names the levels as written, but there are no variants")
        return {}, {}
    base = data.get("variant")
    if not base:
        raise invalid(path, "field variant: a problem with variants names its levels as written (variant: <name>)")
    alternatives, summaries = {base: levels}, {base: data.get("summary", "")}
    for index, raw in enumerate(declared):
        name, where = raw["name"], f"variants.{index}"
        if name in alternatives:
            raise invalid(path, f"field {where}.name: variant {name!r} is named twice")
        replaced = list(levels)
        own = {name: method for name, method in seen.items()}
        for number_index, raw_level in enumerate(raw["levels"]):
            number = raw_level.get("number")
            if not isinstance(number, int) or not 1 <= number <= len(levels):
                raise invalid(path, f"field {where}.levels.{number_index}.number: the number of a level from 1 to {len(levels)}")
            for replaced_method in replaced[number - 1].methods:
                own.pop(replaced_method.name, None)
            mine: dict[str, Method] = dict(own)
            new = level(raw_level, number, f"{where}.levels.{number_index}", mine)
            for method in new.methods:
                other = seen.get(method.name)
                if other is not None and (other.params, other.returns) != (method.params, method.returns):
                    raise invalid(path, f"field {where}.levels.{number_index}: method {method.name!r} differs from "
                                  "another variant's method of that name; give it another name")
                seen.setdefault(method.name, method)
            own = mine
            replaced[number - 1] = new
        alternatives[name] = tuple(replaced)
        summaries[name] = raw.get("summary", "")
    return alternatives, summaries


def _method(path: Path, where: str, raw: dict[str, Any]) -> Method:
    try:
        params = tuple(Param(name, types.parse(text)) for name, text in (raw.get("params") or {}).items())
        returns = types.parse(raw["returns"], allow_void=True)
    except types.TypeError_ as error:
        raise invalid(path, f"field {where}: {error}") from None
    return Method(raw["name"], params, returns, raw["doc"])


def _solutions(folder: Path) -> dict[str, Solution]:
    """``solutions/<language>/reference.<ext>``: each language the problem offers."""
    found: dict[str, Solution] = {}
    try:
        language_dirs = sorted((folder / SOLUTIONS_DIR).iterdir())
    except OSError:
        return found
    for language_dir in language_dirs:
        references = sorted(language_dir.glob(f"{REFERENCE_STEM}.*")) if language_dir.is_dir() else []
        if references:
            found[language_dir.name] = Solution(language_dir.name, references[0])
    return found
