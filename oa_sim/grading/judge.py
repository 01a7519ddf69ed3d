"""Judge a case from the answers the candidate's process sent back. Pure, and in the parent only.

The harness of every language plays a case's calls and answers each with plain data, one of:

- ``V``: the call returned V, a JSON value (string, integer, boolean, null, list); never a
  mapping, so a mapping is always one of the two below (``{"value": V}`` is read as V too);
- ``{"unsupported": "tuple"}``: it returned something that is no such value (the name of its type);
- ``{"error": {"type": ..., "message": ..., "where": ..., "trace": ...}}``: it raised (then the
  harness stops the case: a raised error is always a failure).

Expected values never leave this process, so no object of the candidate's can decide its own
verdict. A missing answer (the case stopped early) is a failure, never a pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from oa_sim.grading.results import ERROR, FAILED, PASSED
from oa_sim.problem.cases import Case

MESSAGE_CHARS = 200  # a one-line message quoting the candidate's exception stays readable
ELIDE_AFTER = 20  # a transcript longer than twice this shows its first and last steps


@dataclass(frozen=True)
class Verdict:
    outcome: str
    message: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Words:
    """How a language writes calls and values in messages and transcripts."""

    method: Callable[[str], str]  # neutral method name -> the language's
    literal: Callable[[Any], str]  # a plain value -> the language's literal for it


UNDEFINED = "undefined"  # what a harness says of JavaScript's undefined


def judge(case: Case, answers: Any, words: Words, void_methods: frozenset[str] = frozenset()) -> Verdict:
    """The verdict on a case from the answers to its calls; ``void_methods`` return no value, which
    a method of theirs may also say with its language's other kind of nothing (``undefined``)."""
    if not isinstance(answers, list):
        answers = []
    for number, step in enumerate(case.steps, start=1):
        if number > len(answers):
            missing = "no answer came back"
            return Verdict(ERROR, f"step {number} ({words.method(step.method)}): {missing}", transcript(case, words, number, got=missing, full=True))
        answer = answers[number - 1]
        expected = step.expected
        if type(answer) is type(expected) and type(answer) is not list and answer == expected:
            continue  # the common case, and a scale case has tens of thousands of steps
        if type(answer) is dict and answer.get("unsupported") == UNDEFINED and step.method in void_methods:
            continue  # JavaScript's usual answer from a void method, as common as the case above
        if not isinstance(answer, dict):  # a plain value: no value is ever a mapping
            got = answer
        elif "value" in answer:
            got = answer["value"]
        else:
            return _not_a_value(case, words, number, answer)
        if not same(got, step.expected):
            if kind_of(got) != kind_of(step.expected):
                message = f"step {number} ({words.method(step.method)}) returned {kind_of(got)}, expected {kind_of(step.expected)}"
            else:
                message = f"step {number} ({words.method(step.method)}) returned a wrong result"
            return Verdict(FAILED, message, transcript(case, words, number, got=f"got {words.literal(got)}", full=True))
    return Verdict(PASSED)


def _not_a_value(case: Case, words: Words, number: int, answer: dict) -> Verdict:
    """The verdict on an answer that is an error or no plain value (a void method's ``undefined``
    passed before this)."""
    step = case.steps[number - 1]
    method = words.method(step.method)
    if "error" in answer:
        error = answer["error"] if isinstance(answer["error"], dict) else {}
        text = error_text(error)
        where = str(error.get("where") or "")
        message = f"step {number} ({method}) raised {text}" + (f" at {where}" if where else "")
        trace = str(error.get("trace") or "").strip()
        detail = transcript(case, words, number, got=f"raised {text}", full=True) + (f"\n\n{trace}" if trace else "")
        return Verdict(ERROR, message, detail)
    if "unsupported" not in answer:
        unreadable = "the answer could not be read"
        return Verdict(ERROR, f"step {number} ({method}): {unreadable}", transcript(case, words, number, got=unreadable, full=True))
    kind = str(answer.get("unsupported") or "value of an unknown type")
    message = f"step {number} ({method}) returned {_article(kind)}, expected {kind_of(step.expected)}"
    return Verdict(FAILED, message, transcript(case, words, number, got=f"got {_article(kind)}", full=True))


def same(got: Any, expected: Any) -> bool:
    """Equal by value and by type: ``true`` is no ``1``, ``"1"`` is no ``1``, null only matches null.

    A whole-valued number matches an integer (``3.0`` is ``3``), as in Python and JavaScript.
    """
    if isinstance(expected, bool) or isinstance(got, bool):
        return type(got) is type(expected) and got == expected
    if expected is None or got is None:
        return got is None and expected is None
    if isinstance(expected, list):
        return isinstance(got, list) and len(got) == len(expected) and all(map(same, got, expected))
    if isinstance(expected, int):
        return isinstance(got, (int, float)) and got == expected
    return type(got) is type(expected) and got == expected


def kind_of(value: Any) -> str:
    """A plain value's kind in words, for a message that never shows the expected value itself."""
    if value is None:
        return "no value"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number with a fraction" if not value.is_integer() else "an integer"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return _article(type(value).__name__)


def error_text(error: dict[str, Any]) -> str:
    """``KeyError: 'x'``, one line, shortened."""
    kind = str(error.get("type") or "an error")
    message = str(error.get("message") or "")
    text = " ".join((f"{kind}: {message}" if message else kind).split())
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 3] + "..."


def transcript(case: Case, words: Words, failed_step: int | None, got: str = "", *, full: bool = False) -> str:
    """The steps of a case as the candidate's code answered them, the failed one marked.

    Without ``full`` the transcript stops at the failed step (what the candidate's code was asked
    before it went wrong); ``full`` lists every step with its expected result.
    """
    lines = [f"{case.name}: {case.description}"]
    shown = len(case.steps) if full or failed_step is None else failed_step
    for number, step in enumerate(case.steps[:shown], start=1):
        if ELIDE_AFTER < number <= shown - ELIDE_AFTER and number != failed_step:
            if number == ELIDE_AFTER + 1:  # a scale case: its thousands of steps say nothing one by one
                lines.append(f"  ... steps {number}-{shown - ELIDE_AFTER} not shown ...")
            continue
        call = f"{words.method(step.method)}({', '.join(words.literal(arg) for arg in step.args)})"
        expected = _clip(words.literal(step.expected))
        if number == failed_step:
            lines.append(f"  {number}. {call} -> expected {expected}, {_clip(got)}   <-- here")
        elif failed_step is not None and number > failed_step:
            lines.append(f"  {number}. {call} -> {expected}   (not run)")
        else:
            lines.append(f"  {number}. {call} -> {expected}")
    if shown < len(case.steps):
        lines.append(f"  ... {len(case.steps) - shown} more step(s) not run")
    return "\n".join(lines)


def _clip(text: str, width: int = 300) -> str:
    return text if len(text) <= width else f"{text[: width - 20]}... ({len(text):,} characters)"


def _article(noun: str) -> str:
    if noun.startswith(("a ", "an ", "no ")):
        return noun
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"
