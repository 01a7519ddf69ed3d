"""A compiled language's submit starts compiling the workspace's code as the command starts, and
grades with that build only when it is of the very files the grader would build: an edited
interface file, or code changed meanwhile, is built again, never graded in its stead."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from oa_sim import entry, languages
from oa_sim.grading import warm_grader
from oa_sim.grading.process import WarmChild
from oa_sim.problem import catalog
from oa_sim.session import grade_request
from oa_sim.session.store import Store
from test_languages import FIXTURES, oa_sim, require

COMPILED = ["go", "cpp", "typescript"]


def toy_session(tmp_path, home, language_id: str):
    """A toy session in ``language_id`` with the reference in the workspace."""
    language = require(language_id)
    started = oa_sim("start", "toy", "--language", language_id, cwd=tmp_path, home=home, problems=FIXTURES)
    assert started.returncode == 0, started.stderr
    problem = catalog.find("toy", [FIXTURES])
    folder = tmp_path / "toy"
    (folder / language.solution_file(problem)).write_text(problem.solutions[language_id].reference.read_text())
    return language, problem, folder


@pytest.mark.parametrize("language_id", COMPILED)
def test_the_early_build_is_of_the_files_the_grader_builds_at_every_level(tmp_path, oa_sim_home, language_id):
    language, problem, folder = toy_session(tmp_path, oa_sim_home, language_id)
    for level in (1, 2):
        marker = json.loads((folder / ".oa-sim").read_text())
        source = (folder / language.solution_file(problem)).read_text()
        request = grade_request(problem, language, source, range(1, level + 1), hidden=True)
        assert entry._build_files(language, str(folder), marker) == language.child(request, {}, {}).files
        if level == 1:
            assert oa_sim("submit", cwd=folder, home=oa_sim_home, problems=FIXTURES).returncode == 0


def test_a_run_takes_the_early_build_only_when_it_is_of_its_own_code(monkeypatch):
    language = require("go")
    problem = catalog.find("toy", [FIXTURES])
    reference = problem.solutions["go"].reference.read_text()
    builds = []
    real_build = type(language).build
    monkeypatch.setattr(type(language), "build", lambda self, workdir: builds.append(workdir) or real_build(self, workdir))

    def grade(early_source: str, source: str):
        request = grade_request(problem, language, source, range(1, 2), hidden=True)
        warm = WarmChild(language, language.child(replace(request, source=early_source), {}, {}).files)
        with warm_grader(warm) as graded:
            return graded(request)

    same = grade(reference, reference)
    assert all(test.passed for test in same.tests) and len(builds) == 1  # compiled once, early
    assert same.build_seconds > 0
    # The early build compiled passing code; the code to grade is the starter: it must fail.
    changed = grade(reference, language.starter_source(problem))
    assert changed.tests and not any(test.passed for test in changed.tests)
    assert len(builds) == 3


def test_an_edited_interface_file_does_not_change_what_is_graded(tmp_path, oa_sim_home):
    language, problem, folder = toy_session(tmp_path, oa_sim_home, "go")
    interface = folder / language.interface_file(problem)
    interface.write_text(interface.read_text() + "\nthis is not Go\n")
    submitted = oa_sim("submit", cwd=folder, home=oa_sim_home, problems=FIXTURES)
    assert submitted.returncode == 0, submitted.stdout
    store = Store.open(oa_sim_home)
    [record] = store.sessions()
    results = store.submissions(record.id)[-1].results
    store.close()
    assert all(test.passed for test in results.tests)
    assert results.build_seconds > 0  # the record keeps what the compile cost


def test_a_workspace_from_before_early_builds_is_graded_as_ever(tmp_path, oa_sim_home):
    language, problem, folder = toy_session(tmp_path, oa_sim_home, "go")
    marker = json.loads((folder / ".oa-sim").read_text())
    for key in ("solution", "impl_class"):
        del marker[key]
    (folder / ".oa-sim").write_text(json.dumps(marker))
    assert entry._build_files(language, str(folder), marker) is None
    submitted = oa_sim("submit", cwd=folder, home=oa_sim_home, problems=FIXTURES)
    assert submitted.returncode == 0, submitted.stdout
