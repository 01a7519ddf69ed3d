"""A language's mutants: buggy versions of its reference, declared in ``solutions/<language>/mutants.yaml``.

Read only by ``validate``: a session never needs them. Each edit is proved to apply when the file is
read, so a stale edit is refused with the line it stands on rather than found at grading time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from oa_sim.problem import catalog
from oa_sim.problem.model import Edit, EditError, Mutant, Solution, apply_edits, excerpt
from oa_sim.problem.yaml_text import check_schema, line_of, read_yaml

SCHEMA_NAME = "mutants.schema.json"


def _invalid(path: Path, message: str, hint: str | None = None):
    """``catalog.invalid``, its hint naming the problem's folder (``solutions/<language>/`` is none)."""
    folder = path.parent.parent.parent
    return catalog.invalid(
        path, message, hint or f"docs/problem-format.md describes mutants.yaml; `oa-sim author validate {folder}` checks the whole problem."
    )


def load(solution: Solution) -> tuple[Mutant, ...]:
    """The mutants declared for ``solution``'s reference (none when it has no mutants file)."""
    path = solution.mutants_file
    if not path.is_file():
        return ()
    text, data = read_yaml(path, lambda message: _invalid(path, message))
    check_schema(SCHEMA_NAME, text, data, lambda message: _invalid(path, message))
    reference = solution.reference
    try:
        reference_text = reference.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise _invalid(reference, f"cannot read ({error})") from None
    mutants: list[Mutant] = []
    for index, entry in enumerate(data or []):
        mutant = _mutant(path, text, reference, reference_text, index, entry)
        clash = next((i for i, other in enumerate(mutants) if other.name == mutant.name), None)
        if clash is not None:
            raise _invalid(path, f"entry {index}: mutant name {mutant.name!r} is already used by entry {clash}")
        mutants.append(mutant)
    return tuple(mutants)


def _mutant(path: Path, text: str, reference: Path, reference_text: str, index: int, entry: dict[str, Any]) -> Mutant:
    if "file" in entry:
        file = path.parent / entry["file"]
        if not file.is_file():
            raise _invalid(path, f"entry {index}: file {entry['file']!r} does not exist in {path.parent}")
        return Mutant(entry.get("name") or file.stem, int(entry["level"]), entry["bug"], reference, file=file, variant=entry.get("variant"))
    edits = tuple(Edit(edit["old"], edit["new"]) for edit in entry["edits"])
    mutant = Mutant(entry["name"], int(entry["level"]), entry["bug"], reference, edits=edits, variant=entry.get("variant"))
    try:
        apply_edits(reference_text, edits)
    except EditError as error:
        line = line_of(text, [index, "edits", error.number - 1])
        found = "is not in" if error.missing else "occurs more than once in"
        before = {1: "", 2: " after edit 1"}.get(error.number, f" after edits 1-{error.number - 1}")
        raise _invalid(
            path,
            f"entry {index}{f' (line {line})' if line else ''}: mutant {mutant.name}, edit {error.number}: "
            f"its old text {excerpt(error.edit.old)} {found} {reference.name}{before}",
            hint=f"Copy old exactly from {reference.name} (indentation and line ends too), with enough lines to occur once.",
        ) from None
    return mutant


