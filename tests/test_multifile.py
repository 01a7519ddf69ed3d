"""A solution split into several files, in every language, graded directly: another file the
solution imports passes, a missing one is named in one line, an error raised in another file names
that file's line; and which files of a workspace count as the candidate's, with the refusals of too many or
too large ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from oa_sim import languages
from oa_sim.errors import ExitCode, OaSimError
from oa_sim.problem import catalog
from oa_sim.session import workspace

FIXTURES = Path(__file__).parent / "fixtures" / "problems"
TOY = catalog.load(FIXTURES / "toy")

# language: (edits that make the reference call a function of another file, those files, what a missing one says)
SPLIT = {
    "python": (
        [("from counter import Counter\n", "from counter import Counter\nfrom tally import bump\n"),
         ("        self.values[name] = self.values.get(name, 0) + amount\n        return self.values[name]",
          "        return bump(self.values, name, amount)")],
        {"tally.py": "def bump(values, name, amount):\n    values[name] = values.get(name, 0) + amount\n    return values[name]\n"},
        ("from tally import", "from tallyz import"),
        "counter_impl.py line 2 imports tallyz, which does not exist: no tallyz.py beside counter_impl.py",
    ),
    "javascript": (
        [("require('./counter');\n", "require('./counter');\nconst { bump } = require('./tally');\n"),
         ("    this.values.set(name, (this.values.get(name) ?? 0) + amount);\n    return this.values.get(name);",
          "    return bump(this.values, name, amount);")],
        {"tally.js": "'use strict';\nfunction bump(values, name, amount) {\n  values.set(name, (values.get(name) ?? 0) + amount);\n"
                     "  return values.get(name);\n}\nmodule.exports = { bump };\n"},
        ("require('./tally')", "require('./tallyz')"),
        "counter-impl.js requires './tallyz', which does not exist: no file ./tallyz beside counter-impl.js",
    ),
    "typescript": (
        [("import { Counter } from './counter';\n", "import { Counter } from './counter';\nimport { bump } from './tally';\n"),
         ("    const value = (this.values.get(name) ?? 0) + amount;\n    this.values.set(name, value);\n    return value;",
          "    return bump(this.values, name, amount);")],
        {"tally.ts": "export function bump(values: Map<string, number>, name: string, amount: number): number {\n"
                     "  const value = (values.get(name) ?? 0) + amount;\n  values.set(name, value);\n  return value;\n}\n"},
        ("from './tally'", "from './tallyz'"),
        "counter-impl.ts(2,22): error TS2307: Cannot find module './tallyz'",
    ),
    "java": (
        [("        int total = values.getOrDefault(name, 0) + amount;\n        values.put(name, total);\n        return total;",
          "        return Tally.bump(values, name, amount);")],
        {"Tally.java": "import java.util.Map;\n\nfinal class Tally {\n    static int bump(Map<String, Integer> values, String name, int amount) {\n"
                       "        int total = values.getOrDefault(name, 0) + amount;\n        values.put(name, total);\n        return total;\n    }\n}\n"},
        ("Tally.bump", "Tallyz.bump"),
        "CounterImpl.java:10: cannot find symbol: variable Tallyz",
    ),
    "go": (
        [("\tc.values[name] += amount\n\treturn c.values[name]", "\treturn bump(c.values, name, amount)")],
        {"tally.go": "package counter\n\nfunc bump(values map[string]int, name string, amount int) int {\n"
                     "\tvalues[name] += amount\n\treturn values[name]\n}\n"},
        ("return bump(", "return bumpz("),
        "counter_impl.go line 15: compile error: undefined: bumpz",
    ),
    "cpp": (
        [('#include "counter.hpp"\n', '#include "counter.hpp"\n#include "tally.hpp"\n'),
         ("        return values_[name] += amount;", "        return bump(values_, name, amount);")],
        {"tally.hpp": "#pragma once\n#include <string>\n#include <unordered_map>\n\n"
                      "long long bump(std::unordered_map<std::string, long long>& values, const std::string& name, long long amount);\n",
         "tally.cpp": '#include "tally.hpp"\n\nlong long bump(std::unordered_map<std::string, long long>& values, const std::string& name, long long amount) {\n'
                      "    return values[name] += amount;\n}\n"},
        ('#include "tally.hpp"', '#include "tallyz.hpp"'),
        "compile error: counter_impl.hpp:10: fatal error: tallyz.hpp: No such file or directory",
    ),
}


def require(language_id: str) -> languages.Language:
    language = languages.get(language_id)
    why = language.unavailable()
    if why:
        pytest.skip(why)
    return language


def edited(source: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        assert old in source, old
        source = source.replace(old, new, 1)
    return source


def graded(language: languages.Language, source: str, others: dict[str, str]):
    from oa_sim.grading import grade
    from oa_sim.session.actions import grade_request

    request = grade_request(TOY, language, source, range(1, 2), hidden=True, extra_sources=tuple(sorted(others.items())))
    return grade(request)


@pytest.mark.parametrize("language_id", sorted(SPLIT))
def test_a_solution_that_calls_another_file_passes_and_a_missing_one_is_named(language_id):
    language = require(language_id)
    edits, others, missing, account = SPLIT[language_id]
    source = edited(TOY.solutions[language_id].reference.read_text(), edits)

    result = graded(language, source, others)
    assert result.tests and all(t.passed for t in result.tests), [t.message for t in result.tests]

    alone = graded(language, source, {})  # the other file left behind: the solution cannot build or load
    assert not any(t.passed for t in alone.tests)

    broken = graded(language, edited(source, [missing]), others)
    assert not any(t.passed for t in broken.tests)
    assert account in broken.problem and "\n" not in broken.problem, broken.problem


THROWS = {  # another file that raises, and where the account must say it was raised
    "python": ({"tally.py": "def bump(values, name, amount):\n    raise ValueError('no counters today')\n"}, "tally.py line 2"),
    "javascript": ({"tally.js": "'use strict';\nfunction bump() {\n  throw new RangeError('no counters today');\n}\nmodule.exports = { bump };\n"},
                   "tally.js line 3"),
    "typescript": ({"tally.ts": "export function bump(values: Map<string, number>, name: string, amount: number): number {\n"
                                "  throw new RangeError('no counters today');\n}\n"}, "tally.ts line 2"),
}


@pytest.mark.parametrize("language_id", sorted(THROWS))
def test_an_error_raised_in_another_file_names_its_line(language_id):
    language = require(language_id)
    edits, _, _, _ = SPLIT[language_id]
    others, where = THROWS[language_id]
    result = graded(language, edited(TOY.solutions[language_id].reference.read_text(), edits), others)
    adds = next(t for t in result.tests if t.name == "add_accumulates")
    assert adds.outcome == "error" and "no counters today" in adds.message and where in adds.message, adds.message


def test_a_python_modules_state_starts_afresh_in_every_test():
    language = languages.get("python")
    edits = [
        ("from counter import Counter\n", "from counter import Counter\nfrom tally import bump, value\n"),
        ("        self.values[name] = self.values.get(name, 0) + amount\n        return self.values[name]",
         "        return bump(name, amount)"),
        ("        return self.values.get(name)", "        return value(name)"),
    ]
    shared = {  # the counters kept in the module itself, not in the instance
        "tally.py": "TOTALS = {}\n\n\ndef bump(name, amount):\n    TOTALS[name] = TOTALS.get(name, 0) + amount\n"
                    "    return TOTALS[name]\n\n\ndef value(name):\n    return TOTALS.get(name)\n"
    }
    result = graded(language, edited(TOY.solutions["python"].reference.read_text(), edits), shared)
    # add_accumulates and counters_are_separate both count "a" from nothing: a module kept from
    # one test to the next would give the second 6, not 1.
    assert all(t.passed for t in result.tests), [t.message for t in result.tests]


# -- which files are the candidate's -------------------------------------------------------------

IGNORED = {  # language: files beside the solution that are not graded with it
    "python": ["test_mine.py", "conftest.py", "counter.py"],
    "javascript": ["tally.test.js", "counter.js"],
    "typescript": ["tally.test.ts", "node-globals.d.ts", "counter.ts"],
    "java": ["Counter.java"],
    "go": ["tally_test.go", "level1_test.go", "counter.go"],
    "cpp": ["counter.hpp"],
}


def laid_out(tmp_path: Path, language_id: str) -> tuple[languages.Language, Path]:
    language = languages.get(language_id)
    folder = tmp_path / "toy"
    folder.mkdir()
    (folder / language.solution_file(TOY)).write_text(TOY.solutions[language_id].reference.read_text())
    return language, folder


@pytest.mark.parametrize("language_id", sorted(SPLIT))
def test_only_the_candidates_source_files_beside_the_solution_are_read(tmp_path, language_id):
    language, folder = laid_out(tmp_path, language_id)
    others = SPLIT[language_id][1]
    for name, text in others.items():
        (folder / name).write_text(text)
    suffix = language.source_suffixes[0]
    for name in [*IGNORED[language_id], f".#tally{suffix}", f".tally{suffix}.swp", "sandbox.yaml", "notes.txt", ".oa-sim"]:
        (folder / name).write_text("not a source file of the solution\n")
    for sub in ("tests", "build", "node_modules", "__pycache__"):
        (folder / sub).mkdir()
        (folder / sub / f"inside{suffix}").write_text("left alone\n")
    (folder / f"folder{suffix}").mkdir()  # a folder named like a source file is not one

    main, extra = workspace.read_sources(TOY, language, folder)
    assert main == TOY.solutions[language_id].reference.read_text()
    assert extra == tuple(sorted(others.items()))


@pytest.mark.parametrize("language_id", sorted(SPLIT))
def test_too_many_or_too_large_source_files_are_refused_in_one_line(tmp_path, language_id):
    language, folder = laid_out(tmp_path, language_id)
    suffix = language.source_suffixes[0]
    for number in range(workspace.MAX_SOURCE_FILES):
        (folder / f"part{number}{suffix}").write_text("\n")
    with pytest.raises(OaSimError) as many:
        workspace.read_sources(TOY, language, folder)
    assert many.value.exit_code == ExitCode.USAGE
    assert f"holds more than {workspace.MAX_SOURCE_FILES} {language.name} source files" in many.value.message

    for number in range(workspace.MAX_SOURCE_FILES):
        (folder / f"part{number}{suffix}").unlink()
    (folder / f"data{suffix}").write_text("x" * (workspace.MAX_SOLUTION_BYTES - 100))
    with pytest.raises(OaSimError) as large:
        workspace.read_sources(TOY, language, folder)
    assert large.value.exit_code == ExitCode.USAGE
    assert f"data{suffix} is 1.0 MiB; oa-sim grades up to 1 MiB of source in all, and your other source files already take" in large.value.message


@pytest.mark.parametrize(
    "language_id, name, says",
    [
        ("python", "json.py", "a module named json would hide Python's own json"),
        ("python", "pytest.py", "a module named pytest would hide Python's own pytest"),
        ("javascript", "harness.js", "harness.js is the name of one of oa-sim's own grading files"),
        ("typescript", "harness.ts", "harness.ts is the name of one of oa-sim's own grading files"),
        ("cpp", "dispatch.cpp", "dispatch.cpp is the name of one of oa-sim's own grading files"),
        ("go", "my tally.go", "oa-sim grades source files named with letters, digits"),
    ],
)
def test_a_source_file_the_grader_cannot_take_is_refused_by_name(tmp_path, language_id, name, says):
    language, folder = laid_out(tmp_path, language_id)
    (folder / name).write_text("\n")
    with pytest.raises(OaSimError, match="Rename it") as refused:
        workspace.read_sources(TOY, language, folder)
    assert f"{folder / name}: {says}" in refused.value.message
