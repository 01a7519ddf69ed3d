"""Mutants of a Python reference, made by machine: every small slip a candidate might make, on every
line, for ``validate --mutate`` to grade against the hidden tests.

Each mutant changes one span of one line (an operator, a constant, a returned value, a statement,
the order of two arguments), so it is named by that line as written and as mutated: a name that
stays true while the rest of the reference changes, and that an author can record as equivalent.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Iterator

COMPARE_SWAPS = {
    ast.Lt: ("<", "<="), ast.LtE: ("<=", "<"), ast.Gt: (">", ">="), ast.GtE: (">=", ">"),
    ast.Eq: ("==", "!="), ast.NotEq: ("!=", "=="),
}  # fmt: skip
MEMBERSHIP_SWAPS = {ast.In: ("in", "not in"), ast.NotIn: ("not in", "in"), ast.Is: ("is", "is not"), ast.IsNot: ("is not", "is")}
BINARY_SWAPS = {ast.Add: ("+", "-"), ast.Sub: ("-", "+"), ast.Mult: ("*", "//"), ast.FloorDiv: ("//", "*"), ast.Mod: ("%", "//")}
BOOL_SWAPS = {ast.And: ("and", "or"), ast.Or: ("or", "and")}


@dataclass(frozen=True)
class LineMutant:
    """One machine-made mutant: ``kind`` of change, the line as written and as mutated, its source."""

    kind: str
    line_number: int
    original: str
    mutated: str
    source: str
    function: str = ""  # the method (or function) the line is in, "Class.method"

    @property
    def edit(self) -> str:
        where = f" (in {self.function})" if self.function else ""
        return f"line {self.line_number}{where}: {self.original.strip()}  =>  {self.mutated.strip()}"


def mutants(source: str) -> list[LineMutant]:
    """Every mutant of ``source``, one change each, in line order; none for code that does not parse.

    Lines that differ only by the change made are kept once: two mutants that read the same are one.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    lines = source.splitlines(keepends=True)
    functions = _functions_by_line(tree)
    made: dict[tuple[int, str], LineMutant] = {}
    for kind, line_number, start, end, replacement in _changes(tree, lines):
        raw = lines[line_number - 1].encode()
        mutated_line = (raw[:start] + replacement.encode() + raw[end:]).decode(errors="replace")
        if mutated_line == lines[line_number - 1]:
            continue
        key = (line_number, mutated_line)
        if key in made:
            continue
        new_source = "".join(lines[: line_number - 1]) + mutated_line + "".join(lines[line_number:])
        try:
            ast.parse(new_source)
        except SyntaxError:
            continue
        made[key] = LineMutant(
            kind, line_number, lines[line_number - 1].rstrip("\n"), mutated_line.rstrip("\n"), new_source, functions.get(line_number, "")
        )
    return sorted(made.values(), key=lambda mutant: (mutant.line_number, mutant.kind, mutant.mutated))


def _changes(tree: ast.AST, lines: list[str]) -> Iterator[tuple[str, int, int, int, str]]:
    """(kind, line, start byte, end byte, replacement) for each change; spans stay on one line."""

    def text(line: int, start: int, end: int) -> str:
        return lines[line - 1].encode()[start:end].decode(errors="replace")

    def one_line(node: ast.AST) -> bool:
        return getattr(node, "lineno", None) is not None and node.lineno == node.end_lineno

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and one_line(node):
            before = node.left
            for op, right in zip(node.ops, node.comparators):
                gap = text(node.lineno, before.end_col_offset, right.col_offset)
                swap = COMPARE_SWAPS.get(type(op)) or MEMBERSHIP_SWAPS.get(type(op))
                if swap and gap.strip() == swap[0]:  # the operator alone lies between its operands
                    at = before.end_col_offset + gap.encode().index(swap[0].encode())
                    kind = "comparison" if type(op) in COMPARE_SWAPS else "membership"
                    yield kind, node.lineno, at, at + len(swap[0]), swap[1]
                before = right
        elif isinstance(node, ast.BinOp) and one_line(node):
            swap = BINARY_SWAPS.get(type(node.op))
            gap = text(node.lineno, node.left.end_col_offset, node.right.col_offset) if node.left.end_lineno == node.lineno else ""
            if swap and swap[0] in gap:
                at = node.left.end_col_offset + gap.encode().index(swap[0].encode())
                yield "arithmetic", node.lineno, at, at + len(swap[0]), swap[1]
        elif isinstance(node, ast.BoolOp) and one_line(node) and len(node.values) == 2:
            swap = BOOL_SWAPS[type(node.op)]
            left, right = node.values
            gap = text(node.lineno, left.end_col_offset, right.col_offset)
            if f" {swap[0]} " in gap:
                at = left.end_col_offset + gap.index(f" {swap[0]} ") + 1
                yield "logic", node.lineno, at, at + len(swap[0]), swap[1]
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not) and one_line(node):
            yield "negation", node.lineno, node.col_offset, node.end_col_offset, text(node.lineno, node.operand.col_offset, node.operand.end_col_offset)
        elif isinstance(node, ast.Constant) and type(node.value) is int and one_line(node):
            for changed in (node.value + 1, node.value - 1):
                yield "constant", node.lineno, node.col_offset, node.end_col_offset, str(changed)
        elif isinstance(node, ast.Return) and node.value is not None and one_line(node):
            if not (isinstance(node.value, ast.Constant) and node.value.value is None):
                yield "return value", node.lineno, node.value.col_offset, node.value.end_col_offset, "None"
        elif isinstance(node, ast.Call) and one_line(node) and len(node.args) >= 2:
            first, second = node.args[0], node.args[1]
            if not any(isinstance(arg, ast.Starred) for arg in (first, second)):
                between = text(node.lineno, first.end_col_offset, second.col_offset)
                swapped = text(node.lineno, second.col_offset, second.end_col_offset) + between + text(node.lineno, first.col_offset, first.end_col_offset)
                yield "argument order", node.lineno, first.col_offset, second.end_col_offset, swapped
        if isinstance(node, (ast.FunctionDef, ast.For, ast.While, ast.If, ast.With, ast.Try)):
            for body in ("body", "orelse", "finalbody"):
                statements = getattr(node, body, None) or []
                for statement in statements:
                    droppable = isinstance(statement, (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Delete))
                    if droppable and one_line(statement) and not _is_docstring(statement):
                        yield "dropped statement", statement.lineno, statement.col_offset, statement.end_col_offset, "pass"


def _functions_by_line(tree: ast.AST) -> dict[int, str]:
    """Each line's innermost function, as ``Class.method`` (inner definitions win)."""
    found: dict[int, str] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{child.name}"
                for line in range(child.lineno, (child.end_lineno or child.lineno) + 1):
                    found[line] = name
                visit(child, f"{name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def _is_docstring(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) and isinstance(statement.value.value, str)
