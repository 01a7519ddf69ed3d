"""`oa-sim validate`: a problem folder proves itself, and a broken one says exactly what is wrong."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner

from oa_sim.problem import catalog as problems
from oa_sim.problem.mutants import load as load_mutants
from oa_sim.cli import Env, cli


def validate(*paths, cwd, only=None):
    languages = ["--language", only] if only else []
    return CliRunner().invoke(cli, ["validate", *map(str, paths), *languages], obj=Env(cwd=cwd), catch_exceptions=False)


@pytest.mark.parametrize("problem_id", [folder.name for folder in problems.discover()])
def test_every_shipped_problem_is_sound(problem_id, tmp_path):
    """In every language offered: the reference passes everything, the starter fails level 1, every
    mutant is caught at its level."""
    problem = problems.find(problem_id)
    result = validate(problem.root, cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "sound" in result.output
    assert result.output.count("✘") == 0
    assert "python" in problem.languages
    for language in problem.languages:
        mutants = load_mutants(problem.solutions[language])
        per_level = [sum(1 for m in mutants if m.level == level.number) for level in problem.levels]
        assert min(per_level) >= (3 if language == "python" else 1), (language, per_level)
        assert "reference passes every hidden test" in result.output
    # A drill at every level above 1, in every language and variant, starts from the reference with
    # that level's methods stubbed: the given levels pass and the drilled one fails.
    drills = [line for line in result.output.splitlines() if "drill from level" in line]
    variants = len(problem.variants) or 1
    assert len(drills) == len(problem.languages) * variants * (len(problem.levels) - 1), drills
    for language in problem.languages:
        for level in range(2, len(problem.levels) + 1):
            assert sum(f"[{language}]" in line and f"drill from level {level}:" in line for line in drills) == variants


def test_the_toy_problem_is_sound(problems_dir, tmp_path):
    result = validate(problems_dir / "toy", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "mutant reset_always_true caught at level 2" in result.output


def test_a_reference_whose_given_levels_need_the_drilled_methods_is_reported(problems_dir, tmp_path):
    """A drill from it would start broken: level 1's add calls level 2's reset, a stub in the drill."""
    reference = python_solution(problems_dir / "toy") / "reference.py"
    text = reference.read_text()
    reference.write_text(text.replace("    def add(self, name, amount):\n", "    def add(self, name, amount):\n        self.reset('')\n"))
    result = validate(problems_dir / "toy", cwd=tmp_path, only="python")
    assert result.exit_code == 1
    assert "drill from level 2" in result.output and "the stubbed reference fails given level 1" in result.output
    reference.write_text(text.replace("    def reset(self, name):\n        return", "    def reset(self, name): return"))
    result = validate(problems_dir / "toy", cwd=tmp_path, only="python")
    assert result.exit_code == 1
    assert "its drills start from the whole reference: CounterImpl.reset is written on one line" in " ".join(result.output.split())


def python_solution(toy):
    """The toy's Python folder: its reference and its mutants.yaml."""
    return toy / "solutions" / "python"


def declare_mutant(toy, **fields):
    """Replace the toy's one Python mutant (a level 2 bug) with this declaration."""
    mutant = {"level": 2, "bug": "reset returns True for a counter that never existed", **fields}
    (python_solution(toy) / "mutants.yaml").write_text(yaml.safe_dump([mutant], sort_keys=False))


RESET_ALWAYS_TRUE = {"old": "return self.values.pop(name, None) is not None", "new": "self.values.pop(name, None)\n        return True"}


def test_a_mutant_the_suites_miss_is_reported(problems_dir, tmp_path):
    toy = problems_dir / "toy"
    harmless = {"old": "self.values.pop(name, None) is not None", "new": "name in self.values and self.values.pop(name) is not None"}
    declare_mutant(toy, name="reset_rewritten", edits=[harmless])
    result = validate(toy, cwd=tmp_path)
    assert result.exit_code == 1
    assert "[python] mutant reset_rewritten" in result.output and "not caught: every level 2 test passes" in result.output


def test_a_mutant_caught_too_early_is_reported(problems_dir, tmp_path):
    toy = problems_dir / "toy"
    declare_mutant(toy, name="reset_always_true", edits=[RESET_ALWAYS_TRUE, {"old": "+ amount", "new": "- amount"}])
    result = validate(toy, cwd=tmp_path)
    assert result.exit_code == 1
    assert "caught too early: level 1" in result.output


def test_a_mutant_can_be_a_whole_file_named_after_it(problems_dir, tmp_path):
    toy = problems_dir / "toy"
    buggy = (python_solution(toy) / "reference.py").read_text().replace(RESET_ALWAYS_TRUE["old"], RESET_ALWAYS_TRUE["new"])
    (python_solution(toy) / "mutants").mkdir()
    (python_solution(toy) / "mutants" / "reset_always_true.py").write_text(buggy)
    declare_mutant(toy, file="mutants/reset_always_true.py")
    result = validate(toy, cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "mutant reset_always_true caught at level 2" in result.output


def test_an_edit_the_reference_outgrew_fails_the_schema_check_alone(problems_dir, tmp_path):
    """The reference changed under a mutant: validate names the mutant and edit, and grades nothing of
    that language."""
    toy = problems_dir / "toy"
    reference = python_solution(toy) / "reference.py"
    reference.write_text(reference.read_text().replace("self.values.pop(name, None) is not None", "bool(self.values.pop(name, None))"))
    result = validate(toy, cwd=tmp_path)
    assert result.exit_code == 1
    assert "✔   schema and files" in result.output  # the problem itself still loads: sessions go on
    assert "✘   [python] mutants" in result.output
    assert "mutant reset_always_true, edit 1" in " ".join(result.output.split())
    assert "[python] reference passes" not in result.output and "Traceback" not in result.output


def test_a_reference_that_fails_is_reported(problems_dir, tmp_path):
    toy = problems_dir / "toy"
    reference = python_solution(toy) / "reference.py"
    reference.write_text(reference.read_text().replace("return self.values.get(name)", "return 0"))
    result = validate(toy, cwd=tmp_path)
    assert result.exit_code == 1
    assert "✘   [python] reference passes every hidden test" in result.output
    assert "get_missing" in result.output


def test_level_one_tests_the_untouched_starter_passes_are_reported(problems_dir, tmp_path):
    """The starter is derived from the interface, so only tests that never call a method let it pass."""
    toy = problems_dir / "toy"
    (toy / "tests" / "level_1" / "test_hidden.py").write_text(
        'def test_constructs(solution):\n    """A new counter can be made."""\n    assert solution is not None\n'
    )
    data = yaml.safe_load((toy / "problem.yaml").read_text())
    data["levels"][0]["hidden"] = ["tests/level_1/test_hidden.py"]
    (toy / "problem.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    result = validate(toy, cwd=tmp_path)
    assert result.exit_code == 1
    assert "✘   [python] untouched starter fails level 1" in result.output
    assert "the starter passes level 1" in result.output


def test_a_broken_case_file_is_named(problems_dir, tmp_path):
    toy = problems_dir / "toy"
    (toy / "tests" / "level_2" / "hidden.yaml").write_text("cases:\n  - name: x\n    steps: []\n")
    result = validate(toy, cwd=tmp_path)
    assert result.exit_code == 1
    assert "hidden.yaml: case 1" in result.output and "description" in result.output


def test_a_malformed_problem_yaml_is_one_clear_line(problems_dir, tmp_path):
    toy = problems_dir / "toy"
    (toy / "problem.yaml").write_text((toy / "problem.yaml").read_text().replace("title: Toy counter", "title: 7"))
    result = validate(toy, cwd=tmp_path)
    assert result.exit_code == 1
    assert "field title (line 2): 7 is not of type 'string'" in result.output
    assert "Traceback" not in result.output


def mutate(toy, cwd):
    return CliRunner().invoke(cli, ["author", "validate", "--mutate", "-l", "python", str(toy)], obj=Env(cwd=cwd), catch_exceptions=False)


def test_mutation_reports_each_slip_the_hidden_tests_let_through(problems_dir, tmp_path):
    toy = problems_dir / "toy"
    complete = mutate(toy, tmp_path)
    assert complete.exit_code == 0, complete.output
    assert "kill rate 100%" in complete.output
    # Keep only the tests of missing counters: nothing then checks what add returns.
    for level, kept in ((1, "get_missing"), (2, "reset_missing")):
        hidden = toy / "tests" / f"level_{level}" / "hidden.yaml"
        cases = yaml.safe_load(hidden.read_text())
        cases["cases"] = [case for case in cases["cases"] if case["name"] == kept]
        hidden.write_text(yaml.safe_dump(cases, sort_keys=False))
    (toy / "manifest.sha256").unlink(missing_ok=True)
    gap = mutate(toy, tmp_path)
    assert gap.exit_code == 1
    assert "survived: line 9 (in CounterImpl.add): self.values[name] = self.values.get(name, 0) + amount  =>" in gap.output


def test_a_mutant_recorded_as_equivalent_is_not_a_survivor_and_a_stale_record_is_named(problems_dir, tmp_path):
    from oa_sim.languages.python.mutation import mutants

    toy = problems_dir / "toy"
    reference = (python_solution(toy) / "reference.py").read_text()
    made = mutants(reference)
    assert made and all(m.source != reference for m in made)
    first = made[0]
    record = [
        {"line": first.original.strip(), "mutant": first.mutated.strip(), "reason": "said to be equivalent"},
        {"line": "no such line", "mutant": "nor this", "reason": "left over"},
    ]
    (python_solution(toy) / "equivalent.yaml").write_text(yaml.safe_dump(record, sort_keys=False))
    result = mutate(toy, tmp_path)
    assert result.exit_code == 1
    assert "recorded as equivalent, yet a test catches it" in result.output  # every toy mutant is caught
    assert "no such line => nor this (no such mutant now)" in " ".join(result.output.split())


def test_an_equivalent_record_can_stand_for_one_methods_copy_of_a_line():
    from oa_sim.languages.python.mutation import mutants
    from oa_sim.problem.mutation import Equivalent

    source = "class A:\n    def f(self):\n        self.g()\n\n    def h(self):\n        self.g()\n"
    dropped = [m for m in mutants(source) if m.kind == "dropped statement"]
    assert [m.function for m in dropped] == ["A.f", "A.h"]
    assert "line 3 (in A.f): self.g()  =>  pass" == dropped[0].edit
    scoped = Equivalent("self.g()", "pass", "f needs no g", within="f")
    assert [scoped.matches(m) for m in dropped] == [True, False]
    assert all(Equivalent("self.g()", "pass", "never needed").matches(m) for m in dropped)
