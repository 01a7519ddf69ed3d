"""Problem folders: found, loaded, and, when malformed, refused with one line naming file, field and line."""

from __future__ import annotations

import pytest

from oa_sim.problem import catalog as problems
from oa_sim.problem.mutants import load as load_mutants
from oa_sim.errors import ExitCode, OaSimError
from oa_sim.durations import parse_duration


@pytest.mark.parametrize("text, seconds", [("90m", 5400), ("45s", 45), ("1h30m", 5400), ("0.4s", 0.4), ("120", 120), (2, 2)])
def test_durations_read_as_people_write_them(text, seconds):
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "ninety", "5x", "m5", "-3", "0s", True])
def test_unreadable_durations_are_refused(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_shipped_problems_load_with_the_schema():
    ids = {folder.name for folder in problems.discover()}
    assert {"inmemory-db", "banking"} <= ids
    for problem_id in ("inmemory-db", "banking"):
        problem = problems.find(problem_id)
        assert len(problem.levels) == 4
        assert problem.time_limit == 90 * 60 and problem.test_time_limit == pytest.approx(0.4)
        for level in problem.levels:
            assert level.hidden_count() >= 10


def test_unknown_problem_names_the_known_ones():
    with pytest.raises(OaSimError) as caught:
        problems.find("no-such-problem")
    assert caught.value.exit_code == ExitCode.USAGE
    assert "inmemory-db" in str(caught.value)


def _load_error(folder) -> str:
    with pytest.raises(OaSimError) as caught:
        problems.load(folder)
    assert caught.value.exit_code == ExitCode.PROBLEM_INVALID
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_bad_yaml_names_file_and_line(problems_dir):
    toy = problems_dir / "toy"
    (toy / "problem.yaml").write_text("id: toy\ntitle: [unclosed\n")
    message = _load_error(toy)
    assert "problem.yaml" in message and "line" in message


def test_unknown_key_names_the_field_and_line(problems_dir):
    toy = problems_dir / "toy"
    text = (toy / "problem.yaml").read_text().replace("  - title: Resetting\n", "  - title: Resetting\n    colour: blue\n")
    (toy / "problem.yaml").write_text(text)
    message = _load_error(toy)
    assert "levels.1" in message and "colour" in message and "unknown key" in message
    assert "line 26" in message  # the line of the unknown key itself


def test_wrong_type_names_the_field(problems_dir):
    toy = problems_dir / "toy"
    text = (toy / "problem.yaml").read_text().replace("time_limit: 10m", "time_limit: soon")
    (toy / "problem.yaml").write_text(text)
    message = _load_error(toy)
    assert "field time_limit (line 4)" in message and "not a duration" in message


def test_missing_file_is_named(problems_dir):
    toy = problems_dir / "toy"
    (toy / "spec" / "level_2.md").unlink()
    message = _load_error(toy)
    assert "levels.1.spec" in message and "spec/level_2.md" in message


def test_missing_problem_yaml(tmp_path):
    (tmp_path / "empty").mkdir()
    assert "file not found" in _load_error(tmp_path / "empty")


def test_problems_dir_from_the_environment(problems_dir, monkeypatch):
    monkeypatch.setenv("OA_SIM_PROBLEMS", str(problems_dir))
    assert problems.find("toy").title == "Toy counter"


def _mutants_file(toy):
    return toy / "solutions" / "python" / "mutants.yaml"


def _mutants(toy):
    return load_mutants(problems.load(toy).solutions["python"])


def _mutants_error(toy, hint: str = "") -> str:
    """The one line ``validate`` shows for the toy's Python mutants file; ``hint`` is in its hint
    (by default: how to validate the problem's folder, not solutions/python)."""
    with pytest.raises(OaSimError) as caught:
        _mutants(toy)
    assert caught.value.exit_code == ExitCode.PROBLEM_INVALID
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    assert "mutants.yaml: " in message
    assert (hint or f"`oa-sim author validate {toy}`") in caught.value.hint
    return message


def test_a_mutant_is_a_file_or_edits_of_the_reference(problems_dir):
    toy = problems_dir / "toy"
    [mutant] = _mutants(toy)
    assert (mutant.name, mutant.level, mutant.file) == ("reset_always_true", 2, None)
    reference = mutant.reference.read_text()
    assert mutant.reference == toy / "solutions" / "python" / "reference.py"
    assert mutant.source() == reference.replace(
        "return self.values.pop(name, None) is not None", "self.values.pop(name, None)\n        return True"
    )


def test_a_problem_without_a_mutants_file_has_none(problems_dir):
    toy = problems_dir / "toy"
    _mutants_file(toy).unlink()
    assert _mutants(toy) == ()


def _with_edits(toy, edits_yaml: str) -> None:
    text = _mutants_file(toy).read_text()
    _mutants_file(toy).write_text(text[: text.index("  edits:\n")] + edits_yaml)


def test_an_edit_whose_old_text_is_missing_names_mutant_and_edit(problems_dir):
    toy = problems_dir / "toy"
    _with_edits(toy, "  edits:\n    - {old: 'return self.values.get(name)', new: 'return 0'}\n    - {old: 'no such text', new: ''}\n")
    message = _mutants_error(toy, hint="Copy old exactly from reference.py")
    assert "mutants.yaml: entry 0 (line 6): " in message
    assert "mutant reset_always_true, edit 2" in message and "'no such text' is not in reference.py after edit 1" in message


def test_edits_apply_in_order_and_each_old_text_must_be_unique_there(problems_dir):
    toy = problems_dir / "toy"
    doubled = "  edits:\n    - {old: 'return self.values.get(name)', new: 'return self.values.get(name) or self.values.get(name)'}\n"
    _with_edits(toy, doubled + "    - {old: ' or self.values.get(name)', new: ''}\n")
    reference = (toy / "solutions" / "python" / "reference.py").read_text()
    assert _mutants(toy)[0].source() == reference  # the second undid the first
    _with_edits(toy, doubled + "    - {old: 'self.values.get(name)', new: 'None'}\n")
    assert "occurs more than once in reference.py after edit 1" in _mutants_error(toy, hint="enough lines to occur once")


@pytest.mark.parametrize(
    "declaration, complaint",
    [
        ("- {name: m, level: 2, bug: b}\n", "entry 0 (line 1): a mutant needs file (a whole buggy solution) or edits"),
        ("- {level: 2, bug: b, edits: [{old: a, new: b}]}\n", "entry 0 (line 1): a mutant with edits needs a name"),
        ("- {file: buggy.py, name: m, level: 2, bug: b, edits: [{old: a, new: b}]}\n", "entry 0 (line 1): a mutant has file or edits, not both"),
        ("- {name: m, level: 2, bug: b, edits: []}\n", "entry 0, field edits (line 1): [] should be non-empty"),
        ("- {name: m, level: 2, bug: b, colour: blue, edits: [{old: a, new: b}]}\n", "entry 0 (line 1): unknown key"),
    ],
)
def test_a_mutant_declared_wrongly_is_one_clear_line(problems_dir, declaration, complaint):
    toy = problems_dir / "toy"
    _mutants_file(toy).write_text(declaration)
    assert complaint in _mutants_error(toy)


def test_two_mutants_cannot_share_a_name(problems_dir):
    toy = problems_dir / "toy"
    (toy / "solutions" / "python" / "buggy.py").write_text("class CounterImpl:\n    pass\n")
    text = _mutants_file(toy).read_text()
    _mutants_file(toy).write_text(text + "- {file: buggy.py, name: reset_always_true, level: 1, bug: b}\n")
    assert "entry 1: mutant name 'reset_always_true' is already used by entry 0" in _mutants_error(toy)


def test_a_mutant_file_that_is_missing_is_named(problems_dir):
    toy = problems_dir / "toy"
    _mutants_file(toy).write_text("- {file: buggy.py, level: 1, bug: b}\n")
    assert "entry 0: file 'buggy.py' does not exist in" in _mutants_error(toy)


def test_a_scale_case_is_data_with_counted_strings_integers_and_several_steps_a_round():
    from oa_sim.problem.cases import CaseFileError, parse_cases

    text = """cases:
  - name: many_workers
    description: workers registered and read back
    steps:
      - repeat: 3
        steps:
          - [register, ["w{i:02d}", {from: 100, by: 10}], true]
          - [get, ["w{i:02d}"], {from: 100, by: 10}]
      - [ids, [], {repeat: 3, item: {from: 1}}]
"""
    steps = parse_cases(text, "scale.yaml")[0].steps
    assert [(s.method, s.args, s.expected) for s in steps[:4]] == [
        ("register", ("w00", 100), True), ("get", ("w00",), 100), ("register", ("w01", 110), True), ("get", ("w01",), 110),
    ]
    assert steps[-1].expected == [1, 2, 3]
    with pytest.raises(CaseFileError, match="a counted integer is {from: N, by: K} with whole numbers"):
        parse_cases(text.replace("{from: 1}", "{from: one}"), "scale.yaml")
    empty = "cases:\n  - name: c\n    description: d\n    steps:\n      - {repeat: 2, steps: []}\n"
    with pytest.raises(CaseFileError, match="'steps' of a repeat must be a non-empty list"):
        parse_cases(empty, "scale.yaml")
