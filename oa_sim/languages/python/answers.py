"""Play a case's calls on the candidate's object and turn what comes back into plain data.

Runs in the grading child, which never holds an expected value: it only answers. A returned object
is converted by value, never asked to compare itself: a ``str`` subclass becomes its string, an
``int``-like object its integer, and anything that is no plain value is named by its type.
"""

from __future__ import annotations

import errno
import math
import operator
import traceback
import types
from typing import Any

MAX_DEPTH = 20  # a list nested deeper than any problem returns is reported, not walked forever
MAX_ITEMS = 1_000_000


class Unsupported(Exception):
    """A returned value that is no plain value; ``args[0]`` names its type."""


def play(instance: Any, calls: list[list[Any]], source_name: str, answers: list[Any] | None = None) -> list[Any]:
    """Each call's answer, in order, appended to ``answers`` (a new list if none is given); the
    first call that raises ends the case.

    ``Exception`` is the candidate's answer. Harsher exceptions (``SystemExit``, the time limit),
    and ``MemoryError`` and a runaway print (limits of the grader's), propagate to the caller,
    and the answers given so far say which step was under way.
    """
    answers = [] if answers is None else answers
    for method, args in calls:
        try:
            got = getattr(instance, method)(*args)
        except Exception as error:  # noqa: BLE001 - the candidate's exception is the answer
            if isinstance(error, MemoryError) or output_too_large(error):
                raise
            answers.append({"error": describe_error(error, source_name)})
            return answers
        answers.append(answer(got))
    return answers


def answer(value: Any) -> Any:
    try:
        return plain(value, 0)  # bare: a scale case sends tens of thousands
    except Unsupported as kind:
        return {"unsupported": str(kind)}
    except Exception as error:  # noqa: BLE001 - an __index__ that raises, say
        return {"unsupported": f"{type(value).__name__} that could not be read ({type(error).__name__})"}


def plain(value: Any, depth: int) -> Any:
    """``value`` as JSON data; raise ``Unsupported`` naming what is not."""
    if value is None or value is True or value is False:
        return value
    if isinstance(value, str):
        return str.__str__(value)  # the characters themselves, whatever a subclass's __str__ says
    if isinstance(value, int) and not isinstance(value, bool):
        return int.__int__(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise Unsupported(f"float ({value!r})")
        return float.__float__(value)
    if isinstance(value, list):
        if depth >= MAX_DEPTH or len(value) > MAX_ITEMS:
            raise Unsupported("list too deep or too long to send")
        items = []
        for item in list.__iter__(value):
            try:
                items.append(plain(item, depth + 1))
            except Unsupported as kind:
                raise Unsupported(f"list holding a {kind}") from None
        return items
    if not isinstance(value, (bytes, bytearray, dict, tuple, set, frozenset)) and hasattr(type(value), "__index__"):
        return operator.index(value)  # numpy's integers, an IntEnum's relatives
    raise Unsupported(type(value).__name__)


def describe_error(error: BaseException, source_name: str) -> dict[str, str]:
    """What was raised and where, as data: the type, its text, the candidate's line, the traceback."""
    return {
        "type": type(error).__name__,
        "message": _text(error),
        "where": where(error.__traceback__, source_name),
        "trace": candidate_traceback(error, source_name),
    }


def where(tb: types.TracebackType | None, source_name: str) -> str:
    """``impl.py line 12``: the deepest frame in the candidate's code, else the deepest of any file
    without a folder (the interface, also compiled under its bare name)."""
    in_solution = bare = ""
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename == source_name:
            in_solution = f"{filename} line {tb.tb_lineno}"
        elif "/" not in filename and "\\" not in filename and not filename.startswith("<"):
            bare = f"{filename} line {tb.tb_lineno}"
        tb = tb.tb_next
    return in_solution or bare


def candidate_traceback(error: BaseException, source_name: str) -> str:
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != source_name:
        tb = tb.tb_next  # skip the grader's own frames
    try:
        return "".join(traceback.format_exception(type(error), error, tb))
    except Exception:  # noqa: BLE001 - a candidate's __str__ may itself raise
        return type(error).__name__


def output_too_large(error: BaseException | None) -> bool:
    # The child's RLIMIT_FSIZE turns a runaway print into EFBIG on pytest's capture file.
    return isinstance(error, OSError) and error.errno == errno.EFBIG


def _text(error: BaseException) -> str:
    try:
        return str(error)
    except Exception:  # noqa: BLE001 - a candidate's __str__ may itself raise
        return ""
