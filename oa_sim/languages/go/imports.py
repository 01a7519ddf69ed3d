"""Go's imports of a solution whose methods were stubbed: Go refuses to compile a file that imports
a package it does not use, so an import only the stubbed bodies used is taken out with them."""

from __future__ import annotations

import re

from oa_sim.languages.braces import masked

_SPEC = re.compile(r'^[ \t]*(?:(?P<alias>[\w.]+)[ \t]+)?"(?P<path>[^"]+)"[ \t]*(?://[^\n]*)?$')
_GROUP = re.compile(r"^import[ \t]*\(", re.M)
_SINGLE = re.compile(r"^import[ \t]+(?![ \t]*\()", re.M)  # in masked code: its path is blanked


def without_unused_imports(source: str) -> str:
    """``source`` without the import lines whose package its code no longer names (``pkg.``);
    a blank (``_``) or dot import is kept, since it is used without being named."""
    code = masked(source, "go")
    lines = source.split("\n")
    spans = _import_lines(code)
    declared = {number for start, end in spans for number in range(start, end + 1)}
    rest = "\n".join(line for number, line in enumerate(code.split("\n")) if number not in declared)
    unused = set()
    for start, end in spans:
        for number in range(start, end + 1):
            text = lines[number][len("import") :] if lines[number].startswith("import") else lines[number]
            spec = _SPEC.match(text)
            if spec is None:
                continue
            name = spec["alias"] or spec["path"].rsplit("/", 1)[-1]
            if name not in ("_", ".") and not re.search(rf"(?<![\w.]){re.escape(name)}\s*\.", rest):
                unused.add(number)
    return "\n".join(line for number, line in enumerate(lines) if number not in unused)


def _import_lines(code: str) -> list[tuple[int, int]]:
    """The (first, last) line numbers of each import declaration of masked ``code``."""
    spans = []
    for match in _GROUP.finditer(code):
        first = code.count("\n", 0, match.start())
        last = code.count("\n", 0, code.index(")", match.end()))
        spans.append((first + 1, last - 1))  # the lines between the parentheses
    for match in _SINGLE.finditer(code):
        line = code.count("\n", 0, match.start())
        spans.append((line, line))
    return spans
