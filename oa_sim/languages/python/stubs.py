"""Python's part of a drill: a model solution with some methods' bodies replaced by the stub the
interface gives an unwritten method, found with ``ast`` and replaced line by line, so every comment
and line outside those bodies stays as it was written."""

from __future__ import annotations

import ast

from oa_sim.languages import CannotTakeOut


def not_implemented(name: str) -> str:
    """The one statement of a method not written yet (the interface's body for it)."""
    return f'raise NotImplementedError("{name} is not implemented yet")'


def without_methods(source: str, impl_class: str, names: list[str]) -> str:
    """``source`` with the bodies of class ``impl_class``'s methods ``names`` stubbed (a docstring
    kept); ``CannotTakeOut`` when the text does not parse or a method is not found."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError) as error:
        raise CannotTakeOut(f"the model solution does not parse ({error})") from None
    found = next((node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == impl_class), None)
    if found is None:
        raise CannotTakeOut(f"class {impl_class} is not in the model solution")
    lines = source.splitlines(keepends=True)
    spans = []
    for name in names:
        methods = [node for node in found.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name]
        if not methods:
            raise CannotTakeOut(f"no method {impl_class}.{name} in the model solution")
        for method in methods:
            body = method.body[1:] if _has_docstring(method) and len(method.body) > 1 else method.body
            if _has_docstring(method) and len(method.body) == 1:
                spans.append((method.end_lineno, method.end_lineno, _indent(lines, method.body[0]), name, True))
                continue
            if body[0].lineno == method.lineno:
                raise CannotTakeOut(f"{impl_class}.{name} is written on one line")
            first = body[0].lineno
            while first - 1 > method.lineno and lines[first - 2].strip().startswith("#"):  # its leading comments go too
                first -= 1
            spans.append((first, method.end_lineno, _indent(lines, body[0]), name, False))
    for first, last, indent, name, after in sorted(spans, reverse=True):
        stub = f"{indent}{not_implemented(name)}\n"
        if after:  # only a docstring: the stub goes under it
            lines[last:last] = [stub]
        else:
            lines[first - 1 : last] = [stub]
    return "".join(lines)


def _has_docstring(method: ast.AST) -> bool:
    first = method.body[0]
    return isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)


def _indent(lines: list[str], node: ast.AST) -> str:
    return lines[node.lineno - 1][: node.col_offset]
