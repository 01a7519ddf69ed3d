"""Reading a problem's YAML files: parse safely, check against a JSON Schema, point at the line.

Every error names the file and, where there is one, the line, in one sentence the author can act on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

SCHEMA_DIR = Path(__file__).parent


def load_yaml(text: str):
    """Parse YAML safely, with the C loader when pyyaml has one (several times faster).

    pyyaml is imported here, on first use: commands that only read the record never pay for it.
    """
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def yaml_error() -> type[Exception]:
    import yaml

    return yaml.YAMLError


def read_yaml(path: Path, invalid: Callable[[str], Exception], cache_dir: Path | None = None) -> tuple[str, Any]:
    """A YAML file's text and data; ``invalid(message)`` builds the error to raise. With
    ``cache_dir``, the data of text parsed before is read back from there (``parse_cache``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise invalid("file not found") from None
    except UnicodeDecodeError as error:
        raise invalid(f"not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise invalid(f"cannot read ({error.strerror})") from None
    try:
        if cache_dir is not None:
            from oa_sim.problem import parse_cache

            return text, parse_cache.data(text, cache_dir, load_yaml)
        return text, load_yaml(text)
    except yaml_error() as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise invalid(f"not valid YAML:{where} {problem}") from None
    except (ValueError, RecursionError) as error:  # e.g. a timestamp pyyaml cannot build
        raise invalid(f"not valid YAML: {error}") from None


def check_schema(schema_name: str, text: str, data: Any, invalid: Callable[[str], Exception]) -> None:
    """Raise ``invalid("field x.y (line N): what is wrong")`` (``entry N, field y`` in a list file)
    for the best-matching schema error."""
    import jsonschema  # imported here: only start and validate pay for it

    schema = json.loads((SCHEMA_DIR / schema_name).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if not errors:
        return
    error = jsonschema.exceptions.best_match(errors)
    path_to_value = list(error.absolute_path)
    if path_to_value and isinstance(path_to_value[0], int):  # a file that is a list (mutants.yaml): entries by number
        inner = ".".join(str(part) for part in path_to_value[1:])
        field = f"entry {path_to_value[0]}" + (f", field {inner}" if inner else "")
    else:
        field = "field " + (".".join(str(part) for part in path_to_value) or "(top level)")
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        # point at the first unknown key itself, not at the mapping holding it
        allowed = set(error.schema.get("properties", {}))
        unknown = [key for key in error.instance if key not in allowed]
        path_to_value += unknown[:1]
    line = line_of(text, path_to_value)
    where = f" (line {line})" if line else ""
    raise invalid(f"{field}{where}: {_schema_message(error)}")


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


def _mutant_shape_message(mutant: Any) -> str:
    if not isinstance(mutant, dict):
        return "a mutant is a mapping with name, level, bug and edits (or file)"
    if "file" in mutant and "edits" in mutant:
        return "a mutant has file or edits, not both"
    if "edits" in mutant:
        return "a mutant with edits needs a name (an identifier that validate shows)"
    return "a mutant needs file (a whole buggy solution) or edits (changes to the reference)"


def line_of(text: str, field_path: list[Any]) -> int | None:
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
