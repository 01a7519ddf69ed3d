"""The neutral types a problem declares for its methods, which every language renders in its own idiom.

The grammar is small on purpose, just what the problems need::

    type   := "string" | "integer" | "boolean" | "list<" type ">" | "optional<" type ">"
    return := type | "void"

``optional<T>`` is "a T, or no value" (None, null, a null pointer, ``std::optional``...); ``void``
is a method whose result is ignored and must be no value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

SCALARS = ("string", "integer", "boolean")
VOID = "void"
LIST = "list"
OPTIONAL = "optional"
_WRAPPED = re.compile(r"^(list|optional)<(.+)>$")


@dataclass(frozen=True)
class Type:
    """A parsed type: a scalar (``kind`` alone), ``void``, or a list/optional of ``item``."""

    kind: str
    item: "Type | None" = None

    def __str__(self) -> str:
        return f"{self.kind}<{self.item}>" if self.item is not None else self.kind

    @property
    def is_void(self) -> bool:
        return self.kind == VOID

    @property
    def is_optional(self) -> bool:
        return self.kind == OPTIONAL


class TypeError_(ValueError):
    """Text that is not a type of the grammar above."""


def parse(text: str, *, allow_void: bool = False) -> Type:
    """Read a type; raise ``TypeError_`` with what was expected."""
    text = str(text).strip().replace(" ", "")
    if text == VOID:
        if not allow_void:
            raise TypeError_("void is only for a method's result")
        return Type(VOID)
    if text in SCALARS:
        return Type(text)
    match = _WRAPPED.match(text)
    if match is None:
        raise TypeError_(f"{text!r} is not a type (string, integer, boolean, list<T>, optional<T>)")
    inner = parse(match.group(2))
    if match.group(1) == OPTIONAL and inner.is_optional:
        raise TypeError_(f"{text!r}: an optional of an optional says nothing more")
    return Type(match.group(1), inner)


def conforms(value: Any, type_: Type) -> bool:
    """Whether a case's plain data value (as YAML or JSON gives it) is of ``type_``."""
    kind = type_.kind
    if kind == VOID:
        return value is None
    if kind == OPTIONAL:
        return value is None or conforms(value, type_.item)
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    return isinstance(value, list) and all(conforms(item, type_.item) for item in value)


def describe(type_: Type) -> str:
    """The type in words, for messages: "a list of strings", "a string or no value"."""
    kind = type_.kind
    if kind == VOID:
        return "no value"
    if kind == OPTIONAL:
        return f"{describe(type_.item)} or no value"
    if kind == LIST:
        return f"a list of {_plural(type_.item)}"
    return {"string": "a string", "integer": "an integer", "boolean": "a boolean"}[kind]


def _plural(type_: Type) -> str:
    if type_.kind == LIST:
        return f"lists of {_plural(type_.item)}"
    if type_.kind == OPTIONAL:
        return f"{_plural(type_.item)} or no values"
    return {"string": "strings", "integer": "integers", "boolean": "booleans"}[type_.kind]
