"""Find problem folders, load and check their ``problem.yaml``, and hand out plain ``Problem`` data.

A problem is data, never code the engine knows by name: a folder with ``problem.yaml`` (described by
``problem.schema.json``), the specs, a starter, a reference solution, and case files per level.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from oa_sim.problem.cases import load_yaml, yaml_error
from oa_sim.durations import parse_duration
from oa_sim.errors import ExitCode, OaSimError

SCHEMA_PATH = Path(__file__).with_name("problem.schema.json")
DEFAULT_RUN_TIME_LIMIT = 60.0
PROBLEMS_ENV = "OA_SIM_PROBLEMS"


@dataclass(frozen=True)
class Method:
    name: str
    signature: str
    doc: str


@dataclass(frozen=True)
class Level:
    number: int
    title: str
    budget: float
    spec: Path
    methods: tuple[Method, ...]
    visible: tuple[Path, ...]
    hidden: tuple[Path, ...]

    def spec_text(self) -> str:
        return self.spec.read_text(encoding="utf-8")

    def hidden_count(self) -> int:
        """How many hidden tests this level has: the cases of its case files, the tests of its .py files."""
        from oa_sim.problem.cases import load_cases

        return sum(len(load_cases(path)) if path.suffix != ".py" else _python_test_count(path) for path in self.hidden)


@dataclass(frozen=True)
class Edit:
    """Replace ``old``, text that occurs exactly once where the edit applies, with ``new``."""

    old: str
    new: str


@dataclass(frozen=True)
class Mutant:
    """A buggy solution whose bug ``level``'s hidden tests must catch: a whole ``file``, or ``edits`` of the reference."""

    name: str
    level: int
    bug: str
    reference: Path
    file: Path | None = None
    edits: tuple[Edit, ...] = ()

    def source(self) -> str:
        """The mutant's code: the file's text, or the reference with each edit applied in order."""
        if self.file is not None:
            return self.file.read_text(encoding="utf-8")
        return apply_edits(self.reference.read_text(encoding="utf-8"), self.edits)


class EditError(ValueError):
    """An edit whose ``old`` text is missing, or occurs more than once, where it applies."""

    def __init__(self, number: int, edit: Edit, missing: bool):
        super().__init__(f"edit {number}: old text {_excerpt(edit.old)} {'is missing' if missing else 'occurs more than once'}")
        self.number = number
        self.edit = edit
        self.missing = missing


def apply_edits(text: str, edits: tuple[Edit, ...]) -> str:
    """``text`` with each edit applied in order; raise ``EditError`` for an ``old`` not found exactly once."""
    for number, edit in enumerate(edits, start=1):
        first = text.find(edit.old)
        if first < 0 or text.find(edit.old, first + 1) >= 0:
            raise EditError(number, edit, missing=first < 0)
        text = text[:first] + edit.new + text[first + len(edit.old) :]
    return text


def _excerpt(text: str, width: int = 50) -> str:
    """The first non-blank line of ``text``, shortened, for a one-line message."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), text)
    return repr(line if len(line) <= width else line[: width - 3] + "...")


@dataclass(frozen=True)
class Problem:
    id: str
    title: str
    summary: str
    root: Path
    time_limit: float
    test_time_limit: float
    run_time_limit: float
    interface_module: str
    interface_class: str
    impl_module: str
    impl_class: str
    starter: Path
    reference: Path
    levels: tuple[Level, ...]
    mutants: tuple[Mutant, ...]

    def level(self, number: int) -> Level:
        return self.levels[number - 1]

    @property
    def impl_filename(self) -> str:
        return f"{self.impl_module}.py"

    @property
    def interface_filename(self) -> str:
        return f"{self.interface_module}.py"

    def interface_source(self, unlocked: int) -> str:
        """The interface module holding the methods of levels 1..unlocked, spec in docstrings."""
        lines = [
            f'"""{self.title}: the interface, {"level 1" if unlocked == 1 else f"levels 1-{unlocked}"}.',
            "",
            "oa-sim writes this file and adds methods as levels unlock; edit",
            f"{self.impl_filename} instead.",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            "from abc import ABC",
            "",
            "",
            f"class {self.interface_class}(ABC):",
        ]
        for level in self.levels[:unlocked]:
            lines += ["", f"    # Level {level.number}: {level.title}"]
            for method in level.methods:
                doc = _indent(method.doc.strip(), 8)
                lines += [
                    "",
                    f"    def {method.name}{method.signature}:",
                    f'        """{doc.lstrip()}',
                    '        """',
                    f'        raise NotImplementedError("{method.name} is not implemented yet")',
                ]
        return "\n".join(lines) + "\n"




def _python_test_count(path: Path) -> int:
    """The ``test*`` functions and ``Test*`` class methods of a pytest file, read without running it."""
    import ast

    def is_test(node: ast.AST) -> bool:
        return isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test")

    count = 0
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        count += is_test(node)
        if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            count += sum(is_test(member) for member in node.body)
    return count


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


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


def load(folder: Path, *, check_schema: bool = True) -> Problem:
    """Read ``folder/problem.yaml`` into a ``Problem``; raise ``OaSimError`` with one clear line.

    ``check_schema=False`` skips the JSON Schema (it costs a tenth of a second to import) for
    commands that only re-read a problem already checked when the session started.
    """
    folder = Path(folder)
    path = folder / "problem.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _invalid(path, "file not found") from None
    except OSError as error:
        raise _invalid(path, f"cannot read ({error.strerror})") from None
    try:
        data = load_yaml(text)
    except yaml_error() as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise _invalid(path, f"not valid YAML:{where} {problem}") from None
    if check_schema:
        _check_schema(path, text, data)
    try:
        return _build(folder, path, text, data)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        raise _invalid(path, f"malformed ({error}); run `oa-sim validate {folder}` for details") from None


def _invalid(path: Path, message: str, hint: str | None = None) -> OaSimError:
    return OaSimError(
        f"{path}: {message}",
        ExitCode.PROBLEM_INVALID,
        hint=hint or f"docs/problem-format.md describes the format; `oa-sim validate {path.parent}` checks the whole folder.",
    )


def _check_schema(path: Path, text: str, data: Any) -> None:
    import jsonschema  # imported here: only start and validate pay for it

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    error = jsonschema.exceptions.best_match(errors)
    field = ".".join(str(part) for part in error.absolute_path) or "(top level)"
    path_to_value = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        # point at the first unknown key itself, not at the mapping holding it
        allowed = set(error.schema.get("properties", {}))
        unknown = [key for key in error.instance if key not in allowed]
        path_to_value += unknown[:1]
    line = _line_of(text, path_to_value)
    where = f" (line {line})" if line else ""
    raise _invalid(path, f"field {field}{where}: {_schema_message(error)}")


def _schema_message(error: Any) -> str:
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown key")
    if error.validator in ("oneOf", "dependentRequired") and "edits" in error.schema.get("properties", {}):
        return _mutant_shape_message(error.instance)
    node = error
    while node is not None:
        if "A duration" in str(node.schema.get("description", "")):
            return f"{error.instance!r} is not a duration (try 90m, 45s or 1h30m)"
        node = node.parent
    return error.message


def _mutant_shape_message(mutant: dict[str, Any]) -> str:
    if "file" in mutant and "edits" in mutant:
        return "a mutant has file or edits, not both"
    if "edits" in mutant:
        return "a mutant with edits needs a name (an identifier that validate shows)"
    return "a mutant needs file (a whole buggy solution) or edits (changes to the reference)"


def _line_of(text: str, field_path: list[Any]) -> int | None:
    """The line where a value sits in the YAML text, found by walking the node tree."""
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    for part in field_path:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
        if node is None:
            return None
    return node.start_mark.line + 1 if node is not None else None


def _build(folder: Path, path: Path, text: str, data: dict[str, Any]) -> Problem:
    if data.get("id") != folder.name:
        raise _invalid(path, f"field id: {data.get('id')!r} must equal the folder's name {folder.name!r}")

    def existing(relative: str, field: str) -> Path:
        file = folder / relative
        if not file.is_file():
            raise _invalid(path, f"field {field}: file {relative!r} does not exist in {folder}")
        return file

    levels = []
    for index, raw in enumerate(data["levels"]):
        where = f"levels.{index}"
        levels.append(
            Level(
                number=index + 1,
                title=raw["title"],
                budget=parse_duration(raw["budget"]),
                spec=existing(raw["spec"], f"{where}.spec"),
                methods=tuple(Method(m["name"], m["signature"], m["doc"]) for m in raw["methods"]),
                visible=tuple(existing(f, f"{where}.visible") for f in raw["visible"]),
                hidden=tuple(existing(f, f"{where}.hidden") for f in raw["hidden"]),
            )
        )
    reference = existing(data["reference"], "reference")
    mutants = _mutants(path, text, reference, data.get("mutants") or [], existing)
    return Problem(
        id=data["id"],
        title=data["title"],
        summary=data.get("summary", ""),
        root=folder,
        time_limit=parse_duration(data["time_limit"]),
        test_time_limit=parse_duration(data["test_time_limit"]),
        run_time_limit=parse_duration(data.get("run_time_limit", DEFAULT_RUN_TIME_LIMIT)),
        interface_module=data["interface"]["module"],
        interface_class=data["interface"]["class"],
        impl_module=data["implementation"]["module"],
        impl_class=data["implementation"]["class"],
        starter=existing(data["starter"], "starter"),
        reference=reference,
        levels=tuple(levels),
        mutants=mutants,
    )


def _mutants(
    path: Path, text: str, reference: Path, raw: list[dict[str, Any]], existing: Callable[[str, str], Path]
) -> tuple[Mutant, ...]:
    """The declared mutants, each edit proved to apply, so a stale edit is refused at load time."""
    reference_text: str | None = None
    mutants: list[Mutant] = []
    for index, entry in enumerate(raw):
        where = f"mutants.{index}"
        if "edits" in entry:
            edits = tuple(Edit(edit["old"], edit["new"]) for edit in entry["edits"])
            mutant = Mutant(entry["name"], int(entry["level"]), entry["bug"], reference, edits=edits)
            if reference_text is None:
                reference_text = reference.read_text(encoding="utf-8")
            try:
                apply_edits(reference_text, edits)
            except EditError as error:
                field = f"{where}.edits.{error.number - 1}"
                line = _line_of(text, ["mutants", index, "edits", error.number - 1])
                found = "is not in" if error.missing else "occurs more than once in"
                before = {1: "", 2: " after edit 1"}.get(error.number, f" after edits 1-{error.number - 1}")
                raise _invalid(
                    path,
                    f"field {field}{f' (line {line})' if line else ''}: mutant {mutant.name}, edit {error.number}: "
                    f"its old text {_excerpt(error.edit.old)} {found} {reference.name}{before}",
                    hint=f"Copy old exactly from {reference.name} (indentation and line ends too), with enough lines to occur once.",
                ) from None
        else:
            file = existing(entry["file"], f"{where}.file")
            mutant = Mutant(entry.get("name") or file.stem, int(entry["level"]), entry["bug"], reference, file=file)
        clash = next((i for i, other in enumerate(mutants) if other.name == mutant.name), None)
        if clash is not None:
            raise _invalid(path, f"field {where}: mutant name {mutant.name!r} is already used by mutants.{clash}")
        mutants.append(mutant)
    return tuple(mutants)
