"""Python's code review: measure the source with the standard library's ``ast``. Pure."""

from __future__ import annotations

import ast
from dataclasses import replace

from oa_sim.report.review import (
    CONVENTIONAL, DUPLICATE_LINES, MAX_RUN, NUMBERED, TOP, VAGUE,
    Duplicate, FunctionFacts, Growth, Review, UnclearName, growth, notes,
)  # fmt: skip

_COMPOUND = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.Match)
_COMPOUND += tuple(getattr(ast, name) for name in ("TryStar",) if hasattr(ast, name))  # Python 3.11+


def review(final: str, passed_at_level: dict[int, str] | None = None) -> Review:
    """Review ``final`` source; ``passed_at_level`` maps a level to the source that first passed it.

    Growth compares each method across those snapshots in level order, then to ``final``.
    """
    lines = len(final.splitlines())
    try:
        tree = ast.parse(final)
    except SyntaxError as error:
        message = f"line {error.lineno}: {error.msg}"
        note = f"The final submission does not parse ({message}), so every hidden test failed on import."
        return Review(False, message, lines, 0, (), (), (), (), (), (note,))
    functions = _functions(tree)
    longest = tuple(sorted(functions, key=lambda f: (-f.length, f.line))[:TOP])
    deepest = tuple(sorted((f for f in functions if f.depth), key=lambda f: (-f.depth, f.line))[:TOP])
    duplicates = _duplicates(tree)[:TOP]
    unclear = _unclear_names(tree)
    growth = _growth(passed_at_level or {}, functions)[:TOP]
    found = Review(True, None, lines, len(functions), longest, deepest, duplicates, unclear, growth, (), _clear_names(tree))
    return replace(found, notes=notes(found))


# -- what is measured ------------------------------------------------------------------------------


def _functions(tree: ast.AST) -> list[FunctionFacts]:
    found: list[FunctionFacts] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = prefix + child.name
                depth, deepest_line = _depth(child.body)
                end = child.end_lineno or child.lineno
                found.append(FunctionFacts(name, child.lineno, end, depth, deepest_line))
                visit(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def _depth(body: list[ast.stmt]) -> tuple[int, int]:
    """How many compound statements sit inside one another, and the line of the innermost one.

    Nested functions and classes are measured on their own.
    """
    deepest, where = 0, 0
    for statement in body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(statement, _COMPOUND):
            inner, line = max((_depth(block) for block in _blocks(statement)), default=(0, 0))
            if 1 + inner > deepest:
                deepest, where = 1 + inner, line or statement.lineno
    return deepest, where


def _blocks(node: ast.AST) -> list[list[ast.stmt]]:
    """The statement lists directly inside a node (bodies, else branches, handlers, match cases)."""
    blocks = [getattr(node, name) for name in ("body", "orelse", "finalbody") if getattr(node, name, None)]
    blocks += [handler.body for handler in getattr(node, "handlers", [])]
    blocks += [case.body for case in getattr(node, "cases", [])]
    return blocks


def _duplicates(tree: ast.AST) -> tuple[Duplicate, ...]:
    """Runs of statements repeated elsewhere, longest first; a run inside a longer repeated run is dropped."""
    seen: dict[tuple[str, ...], list[tuple[int, int, str]]] = {}
    for owner, block in _statement_lists(tree, ""):
        dumps = [ast.dump(statement, annotate_fields=False) for statement in block]
        for start in range(len(block)):
            for stop in range(start + 1, min(len(block), start + MAX_RUN) + 1):
                first, last = block[start].lineno, block[stop - 1].end_lineno or block[stop - 1].lineno
                if last - first + 1 < DUPLICATE_LINES:
                    continue
                places = seen.setdefault(tuple(dumps[start:stop]), [])
                if all(last < a or b < first for a, b, _ in places):  # a run repeating itself is not a copy
                    places.append((first, last, owner))
    repeated = sorted(
        (places for places in seen.values() if len(places) > 1),
        key=lambda places: (-(places[0][1] - places[0][0]), places[0][0]),
    )
    kept: list[Duplicate] = []
    covered: list[tuple[int, int]] = []
    for places in repeated:
        spans = [(first, last) for first, last, _ in places]
        if all(any(a <= first and last <= b for a, b in covered) for first, last in spans):
            continue  # a piece of a longer duplicate already reported
        covered += spans
        first, last, _ = places[0]
        kept.append(Duplicate(last - first + 1, tuple(spans), tuple(owner for _, _, owner in places)))
    return tuple(kept)


def _statement_lists(node: ast.AST, owner: str):
    """Every list of statements in the tree, with the name of the function that holds it."""
    for child in ast.iter_child_nodes(node):
        inner = owner
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inner = child.name
        if isinstance(child, ast.stmt):
            for block in _blocks(child):
                yield inner, block
        yield from _statement_lists(child, inner)
    if isinstance(node, ast.Module):
        yield owner, node.body


def _unclear_names(tree: ast.AST) -> tuple[UnclearName, ...]:
    """Names the code binds (functions, parameters, variables, attributes set on self) that say nothing."""
    found: dict[str, UnclearName] = {}

    def flag(name: str, line: int, function: str) -> None:
        if name not in found and _is_unclear(name):
            found[name] = UnclearName(name, line, function)

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Lambda, ast.comprehension)):
                continue  # `lambda a: a.id`, `for x in xs` in a comprehension: one-line scopes, short names read fine
            inner = function
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                flag(child.name, child.lineno, function)
                inner = child.name
            if isinstance(child, ast.arg) and child.arg not in ("self", "cls"):
                flag(child.arg, child.lineno, function)
            elif isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                flag(child.id, child.lineno, function)
            elif (
                isinstance(child, ast.Attribute)
                and isinstance(child.ctx, ast.Store)
                and isinstance(child.value, ast.Name)
                and child.value.id == "self"
            ):
                flag(child.attr, child.lineno, function)
            visit(child, inner)

    visit(tree, "")
    return tuple(sorted(found.values(), key=lambda n: n.line))


def _clear_names(tree: ast.AST) -> tuple[str, ...]:
    """A few names the candidate bound that say what they hold (``self.balances``, ``expires_at``).

    The naming advice quotes them, so it speaks of this code and never of another problem's. Only
    variables and attributes set on self count: parameter names come from the interface.
    """
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            name = node.id
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
        ):
            name = node.attr
        else:
            continue
        if _is_example(name):
            found.append((node.lineno, name))
    in_order = dict.fromkeys(name for _, name in sorted(found))  # first use first, each name once
    return tuple(in_order)[:2]


def _is_example(name: str) -> bool:
    """Long enough to say something, and not vague, numbered, private or shouting a constant."""
    return len(name) >= 5 and name.islower() and name.isidentifier() and not name.startswith("_") and not _is_unclear(name)


def _is_unclear(name: str) -> bool:
    bare = name.strip("_")
    if not bare:
        return False
    if len(bare) == 1:
        return bare not in CONVENTIONAL
    return bare.lower() in VAGUE or bool(NUMBERED.match(bare))


def _growth(snapshots: dict[int, str], final_functions: list[FunctionFacts]) -> tuple[Growth, ...]:
    """Each method's largest gain between consecutive snapshots (levels in order, then the final one)."""
    stages: list[tuple[int | None, dict[str, int]]] = []
    for level in sorted(snapshots):
        try:
            stages.append((level, {f.name: f.length for f in _functions(ast.parse(snapshots[level]))}))
        except SyntaxError:
            continue  # a snapshot that passed a level parses; this guards a hand-edited record
    stages.append((None, {f.name: f.length for f in final_functions}))
    return growth(stages)


