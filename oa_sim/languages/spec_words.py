"""A level's spec in a candidate's language: specs are written once, in neutral words, and each
candidate reads the methods, parameters and values in the spelling of the language they sit in.

A spec names methods and parameters in snake_case and values as ``true``, ``false`` and ``null``
inside code (inline spans and fenced blocks). Only code is rewritten, and within code only whole
identifiers outside string literals, so prose and quoted data stay as written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from oa_sim.languages import Language
    from oa_sim.problem.model import Problem

# A fenced block, or an inline code span of one or more backticks (the same count closes it).
_CODE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[ \t]*$|(`+)(?!`)(.+?)(?<!`)\2(?!`)", re.DOTALL | re.MULTILINE)
# Within code: a string literal (kept as it is) or an identifier (perhaps renamed).
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|[A-Za-z_][A-Za-z0-9_]*')
_VALUES = {"true": True, "false": False, "null": None}


def spec_in_language(problem: "Problem", level: int, language: "Language") -> str:
    """Level ``level``'s spec as a candidate in ``language`` reads it, its time limit stated last."""
    text = rewrite(problem.level(level).spec_text(), names(problem, language))
    limit = f"{problem.test_time_limit:g} s"
    return (
        text.rstrip("\n")
        + f"\n\n---\n\n*Each hidden test has {limit} of CPU time; loading your code is not counted.*\n"
    )


def names(problem: "Problem", language: "Language") -> dict[str, str]:
    """Each neutral name a spec may use (every level's methods and their parameters, and the values
    ``true``, ``false`` and ``null``) mapped to ``language``'s spelling of it."""
    renamed = {word: language.literal(value) for word, value in _VALUES.items()}
    for facts in problem.levels:
        for method in facts.methods:
            for param in method.params:
                renamed.setdefault(param.name, language.param_name(param.name))
    for facts in problem.levels:  # a method's name wins over a parameter's of the same spelling
        for method in facts.methods:
            renamed[method.name] = language.method_name(method.name)
    return {word: spelled for word, spelled in renamed.items() if word != spelled}


def rewrite(text: str, renamed: dict[str, str]) -> str:
    """``text`` with every renamed identifier in its code replaced."""
    if not renamed:
        return text

    def in_code(code: str) -> str:
        return _TOKEN.sub(lambda token: renamed.get(token.group(0), token.group(0)), code)

    def span(match: re.Match[str]) -> str:
        if match.group(1):  # a fenced block: its opening line (the info string) stays
            first, _, rest = match.group(0).partition("\n")
            return first + "\n" + in_code(rest)
        ticks = match.group(2)
        return ticks + in_code(match.group(3)) + ticks

    return _CODE.sub(span, text)


_SNAKE = re.compile(r"(?<![<\w])[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")  # not a <placeholder> of a format
_PROSE_VALUES = re.compile(r"\b(None|True|False)\b")  # docs of older problems speak Python


def doc_in_language(problem: "Problem", text: str, language: "Language") -> str:
    """A method's doc comment in ``language``'s words: its code as in a spec, and in its prose the
    names with an underscore (never mistaken for a word) and ``None``/``True``/``False``."""
    renamed = names(problem, language)
    python_words = {"None": language.literal(None), "True": language.literal(True), "False": language.literal(False)}
    pieces = []
    last = 0
    for match in _CODE.finditer(text):
        pieces.append(_prose(text[last : match.start()], renamed, python_words))
        pieces.append(rewrite(match.group(0), renamed))
        last = match.end()
    pieces.append(_prose(text[last:], renamed, python_words))
    return "".join(pieces)


def _prose(text: str, renamed: dict[str, str], python_words: dict[str, str]) -> str:
    text = _SNAKE.sub(lambda word: renamed.get(word.group(0), word.group(0)), text)
    return _PROSE_VALUES.sub(lambda word: python_words[word.group(1)], text)


def graded_tests_text(problem: "Problem", level: int, language: "Language") -> str:
    """Level ``level``'s graded (hidden) tests as a candidate in ``language`` reads them: for a
    session that shows them, as the real assessment can. Each case's calls and expected results."""
    from oa_sim.problem.cases import load_cases
    from oa_sim.problem.model import CASE_SUFFIXES

    facts = problem.level(level)
    lines = [
        f"# Level {level}: the graded tests",
        "",
        f"`oa-sim submit` grades level {level} with these tests (this session shows them). Editing this file",
        "changes nothing: oa-sim grades with its own copy.",
    ]
    for path in facts.hidden:
        if path.suffix not in CASE_SUFFIXES:
            continue
        for case in load_cases(path):
            lines += ["", f"## {case.name}", "", case.description, "", "```"]
            for number, step in enumerate(case.steps, start=1):
                if number > 40 and number <= len(case.steps) - 10:
                    if number == 41:
                        lines.append(f"... steps 41-{len(case.steps) - 10} are like those above ...")
                    continue
                args = ", ".join(language.literal(arg) for arg in step.args)
                lines.append(f"{number}. {language.method_name(step.method)}({args}) -> {language.literal(step.expected)}")
            lines.append("```")
    return "\n".join(lines) + "\n"
