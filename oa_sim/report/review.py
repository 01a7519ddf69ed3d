"""A short code review of submitted source, read with the standard library's ``ast``. Pure.

The point is a few concrete notes a candidate can act on next time (a function that grew too long,
nesting that got deep, a block pasted twice, a name that says nothing, a method that ballooned
between levels), not a lint dump: every finding is ranked and only the strongest few are kept.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, replace

# Thresholds for a timed solution of a few hundred lines, not for production code: under them
# a note would be noise.
LONG_FUNCTION = 25  # lines
DEEP_NESTING = 4  # compound statements inside one another, within one function
DUPLICATE_LINES = 4  # a repeated block shorter than this is usually idiom, not copy-paste
BIG_GROWTH = 15  # lines a method gained between two levels
MAX_RUN = 40  # statements in one compared run: bounds the work on a long module body
TOP = 3  # how many of each finding the model keeps
MAX_NOTES = 5

# One-letter names that read as idiom in Python (loop indices, key/value, an exception).
CONVENTIONAL = frozenset({"i", "j", "k", "v", "n", "x", "y", "_", "e"})
VAGUE = frozenset(
    {"tmp", "temp", "data", "res", "ret", "obj", "foo", "bar", "baz", "thing", "stuff",
     "lst", "arr", "dct", "dic", "mydict", "mylist", "var", "helper", "func"}
)
_NUMBERED = re.compile(r"^[a-z]{1,8}\d+$")  # d2, temp1, res2: a copy that never got a name
_COMPOUND = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.Match)
try:  # Python 3.11+
    _COMPOUND += (ast.TryStar,)  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover
    pass


@dataclass(frozen=True)
class FunctionFacts:
    """One function or method: where it is, how long, how deeply nested."""

    name: str  # qualified: ``Class.method`` for methods
    line: int
    end_line: int
    depth: int
    deepest_line: int = 0  # where the innermost block starts

    @property
    def length(self) -> int:
        return self.end_line - self.line + 1


@dataclass(frozen=True)
class Duplicate:
    """A block of statements that appears more than once, identical up to positions."""

    lines: int  # length of one copy
    places: tuple[tuple[int, int], ...]  # (first line, last line) of each copy
    where: tuple[str, ...]  # the function holding each copy ("" at module level)


@dataclass(frozen=True)
class UnclearName:
    name: str
    line: int
    function: str


@dataclass(frozen=True)
class Growth:
    """How a method's length changed between the snapshots that passed two levels."""

    name: str
    from_level: int
    to_level: int | None  # None: the final submission
    before: int
    after: int

    @property
    def added(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class Review:
    """The findings on the final source, strongest first, and the notes drawn from them."""

    parsed: bool
    error: str | None
    lines: int
    functions: int
    longest: tuple[FunctionFacts, ...]
    deepest: tuple[FunctionFacts, ...]
    duplicates: tuple[Duplicate, ...]
    unclear_names: tuple[UnclearName, ...]
    growth: tuple[Growth, ...]
    notes: tuple[str, ...]
    clear_names: tuple[str, ...] = ()  # names the candidate chose well, to hold up as examples


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
    return replace(found, notes=_notes(found))


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
    return bare.lower() in VAGUE or bool(_NUMBERED.match(bare))


def _growth(snapshots: dict[int, str], final_functions: list[FunctionFacts]) -> tuple[Growth, ...]:
    """Each method's largest gain between consecutive snapshots (levels in order, then the final one)."""
    stages: list[tuple[int | None, dict[str, int]]] = []
    for level in sorted(snapshots):
        try:
            stages.append((level, {f.name: f.length for f in _functions(ast.parse(snapshots[level]))}))
        except SyntaxError:
            continue  # a snapshot that passed a level parses; this guards a hand-edited record
    stages.append((None, {f.name: f.length for f in final_functions}))
    best: dict[str, Growth] = {}
    for (level, before), (next_level, after) in zip(stages, stages[1:]):
        for name, length in after.items():
            if name in before and length > before[name]:
                change = Growth(name, level, next_level, before[name], length)
                if name not in best or change.added > best[name].added:
                    best[name] = change
    return tuple(sorted(best.values(), key=lambda g: (-g.added, g.name)))


# -- what is said ----------------------------------------------------------------------------------


def _notes(found: Review) -> tuple[str, ...]:
    """The few findings worth a sentence, most useful first."""
    notes: list[str] = []
    long = [f for f in found.longest if f.length > LONG_FUNCTION]
    if long:
        top = long[0]
        others = "".join(f", {f.name} ({f.length})" for f in long[1:])
        notes.append(
            f"{top.name} is {top.length} lines (lines {top.line}-{top.end_line}){others}: split out the parts "
            "the next level will change, so a new rule touches one small helper."
        )
    deep = [f for f in found.deepest if f.depth >= DEEP_NESTING]
    if deep:
        top = deep[0]
        notes.append(
            f"{top.name} nests {top.depth} blocks deep (line {top.deepest_line}): return early on the simple cases, "
            "or move the inner loop into a helper."
        )
    if found.duplicates:
        copy = found.duplicates[0]
        spots = ", ".join(f"{a}-{b}" for a, b in copy.places[:3])
        if len(copy.places) > 3:
            spots += f" and {len(copy.places) - 3} more"
        owners = sorted({owner for owner in copy.where if owner})
        inside = f" (in {', '.join(owners)})" if owners else ""
        notes.append(
            f"The same {copy.lines}-line block appears {len(copy.places)} times, lines {spots}{inside}: "
            "one helper means one place to fix when a level changes the rule."
        )
    for change in found.growth[:1]:
        if change.added >= BIG_GROWTH:
            to = f"level {change.to_level}" if change.to_level else "the final submission"
            notes.append(
                f"{change.name} grew from {change.before} to {change.after} lines between passing level "
                f"{change.from_level} and {to}: when a level adds a rule, add a helper rather than a branch."
            )
    if found.unclear_names:
        shown = ", ".join(f"{n.name} (line {n.line})" for n in found.unclear_names[:3])
        more = len(found.unclear_names) - 3
        tail = f" and {more} more" if more > 0 else ""
        notes.append(f"Names that say nothing: {shown}{tail}; {_naming_advice(found.clear_names)}")
    if not notes:
        notes.append(
            f"No function over {LONG_FUNCTION} lines, nesting under {DEEP_NESTING} deep, no repeated blocks, "
            "no vague names: the code kept its shape across the levels."
        )
    return tuple(notes[:MAX_NOTES])


def _naming_advice(examples: tuple[str, ...]) -> str:
    """Name what a value holds; the examples are the candidate's own good names, when there are any."""
    if not examples:
        return "name what a value holds, not its type or a letter."
    quoted = " and ".join(examples)
    verb = "does" if len(examples) == 1 else "do"
    return f"name what a value holds, as {quoted} already {verb}."
