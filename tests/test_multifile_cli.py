"""A candidate who splits the solution into several files, through the real installed ``oa-sim``
in Python and in C++: submit grades them together, a missing one is named, too many or too large
are refused with nothing recorded, and the record keeps every file for diff, report and resume."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from oa_sim import languages
from test_multifile import SPLIT, TOY, edited

BIN = Path(sys.executable).parent
FIXTURES = Path(__file__).parent / "fixtures" / "problems"


def oa_sim(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "OA_SIM_HOME": str(home), "OA_SIM_PROBLEMS": str(FIXTURES), "COLUMNS": "200"}
    done = subprocess.run([str(BIN / "oa-sim"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def started(tmp_path: Path, home: Path, language_id: str) -> tuple[languages.Language, Path]:
    language = languages.get(language_id)
    why = language.unavailable()
    if why:
        pytest.skip(why)
    done = oa_sim("start", "toy", "--language", language_id, cwd=tmp_path, home=home)
    assert done.returncode == 0, done.stderr
    return language, tmp_path / "toy"


def split_solution(language_id: str, folder: Path) -> str:
    """Write the reference, split into the solution file and the files beside it; return the solution's text."""
    edits, others, _, _ = SPLIT[language_id]
    source = edited(TOY.solutions[language_id].reference.read_text(), edits)
    (folder / languages.get(language_id).solution_file(TOY)).write_text(source)
    for name, text in others.items():
        (folder / name).write_text(text)
    return source


def submissions(folder: Path, home: Path) -> int:
    return len(json.loads(oa_sim("status", "--json", cwd=folder, home=home).stdout)["submissions"])


@pytest.mark.parametrize("language_id", ["python", "cpp"])
def test_a_split_solution_is_graded_and_recorded_whole(tmp_path, oa_sim_home, language_id):
    language, folder = started(tmp_path, oa_sim_home, language_id)
    split_solution(language_id, folder)
    first = oa_sim("submit", cwd=folder, home=oa_sim_home)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "Level 2 is unlocked" in first.stdout

    others = SPLIT[language_id][1]
    review = json.loads(oa_sim("report", "--json", cwd=folder, home=oa_sim_home).stdout)["review"]
    assert review["other_files"] == [{"name": name, "lines": len(text.splitlines())} for name, text in sorted(others.items())]

    other, text = sorted(others.items())[-1]
    (folder / other).write_text(text + "\n// a second look\n" if language_id == "cpp" else text + "\n# a second look\n")
    second = oa_sim("submit", cwd=folder, home=oa_sim_home)
    assert second.returncode == 0, second.stdout
    diff = oa_sim("diff", "2", cwd=folder, home=oa_sim_home).stdout
    assert f"--- {other} in submission 1" in diff and f"+++ {other} in submission 2" in diff and "a second look" in diff
    assert language.solution_file(TOY) not in diff  # unchanged: no diff of its own

    shutil.rmtree(folder)  # the folder is lost; the record rebuilds it with every file
    resumed = oa_sim("start", "toy", "--resume", "1", cwd=tmp_path, home=oa_sim_home)
    assert resumed.returncode == 0, resumed.stderr
    assert (folder / other).read_text().endswith("a second look\n")
    assert all((folder / name).is_file() for name in others)
    again = oa_sim("submit", cwd=folder, home=oa_sim_home)
    assert again.returncode == 0, again.stdout


@pytest.mark.parametrize("language_id", ["python", "cpp"])
def test_a_missing_file_is_named_in_one_line(tmp_path, oa_sim_home, language_id):
    _, folder = started(tmp_path, oa_sim_home, language_id)
    source = split_solution(language_id, folder)
    _, _, missing, account = SPLIT[language_id]
    solution = folder / languages.get(language_id).solution_file(TOY)
    solution.write_text(edited(source, [missing]))
    done = oa_sim("submit", cwd=folder, home=oa_sim_home)
    assert done.returncode == 1
    assert account in " ".join(done.stdout.split())


@pytest.mark.parametrize("language_id", ["python", "cpp"])
def test_too_many_or_too_large_files_are_refused_and_nothing_is_recorded(tmp_path, oa_sim_home, language_id):
    language, folder = started(tmp_path, oa_sim_home, language_id)
    split_solution(language_id, folder)
    suffix = language.source_suffixes[0]
    for number in range(30):
        (folder / f"part{number}{suffix}").write_text("\n")
    many = oa_sim("submit", cwd=folder, home=oa_sim_home)
    assert many.returncode == 2
    assert f"holds more than 30 {language.name} source files" in many.stderr
    assert "Move the files that are not part of your solution out of the workspace." in many.stderr
    assert len(many.stderr.strip().splitlines()) == 2  # the error and its hint

    for number in range(30):
        (folder / f"part{number}{suffix}").unlink()
    (folder / f"table{suffix}").write_text("x" * (2 * 1024 * 1024))
    large = oa_sim("submit", cwd=folder, home=oa_sim_home)
    assert large.returncode == 2
    assert f"table{suffix} is 2.0 MiB; oa-sim grades up to 1 MiB of source in all." in large.stderr
    assert oa_sim("test", cwd=folder, home=oa_sim_home).returncode == 2  # the sample tests read the same files
    assert submissions(folder, oa_sim_home) == 0


def test_a_solution_file_that_only_imports_the_class_is_reviewed_as_such(tmp_path, oa_sim_home):
    _, folder = started(tmp_path, oa_sim_home, "python")
    reference = TOY.solutions["python"].reference.read_text()
    (folder / "counting.py").write_text(reference)
    (folder / "counter_impl.py").write_text('"""The class lives in counting.py."""\n\nfrom counting import CounterImpl\n')
    assert oa_sim("submit", cwd=folder, home=oa_sim_home).returncode == 0
    review = json.loads(oa_sim("report", "--json", cwd=folder, home=oa_sim_home).stdout)["review"]
    assert review["notes"] == [
        "The review reads the solution file only, which defines no methods of its own: the code in counting.py is not reviewed."
    ]
    text = oa_sim("report", cwd=folder, home=oa_sim_home).stdout
    assert f"not reviewed: counting.py ({len(reference.splitlines())} lines)" in " ".join(text.split())


def test_a_submission_recorded_before_files_were_kept_diffs_against_a_split_one(oa_sim_home):
    from oa_sim.grading.results import RunResult
    from oa_sim.report import diffs
    from oa_sim.session.store import Store

    store = Store.open(oa_sim_home)
    record = store.create_session(
        problem_id="toy", problem_title="Toy", problem_fingerprint="x", workspace=Path("/gone"), started_at=0.0,
        time_limit=600, level_count=2,
    )  # fmt: skip
    empty = RunResult(tests=())
    old = store.add_submission(record.id, submitted_at=10, level=1, source="a = 1\n", results=empty)  # as schema 5 kept it
    new = store.add_submission(
        record.id, submitted_at=20, level=1, source="a = 2\n", results=empty,
        solution_file="counter_impl.py", extra_files=(("tally.py", "b = 1\n"),),
    )  # fmt: skip
    kept = store.submissions(record.id)
    assert kept[0].extra_files == () and kept[0].solution_file is None
    assert kept[1].files("ignored.py") == (("counter_impl.py", "a = 2\n"), ("tally.py", "b = 1\n"))
    lines = diffs.between(record, kept[0], kept[1]).lines
    assert "--- counter_impl.py in submission 1 (+00:10, level 1)" in lines and "+a = 2" in lines
    assert "--- tally.py, not in submission 1 (+00:10, level 1)" in lines and "+b = 1" in lines
    assert old.number == 1 and new.number == 2
    store.close()


def test_a_drill_from_a_split_solution_starts_with_every_file_of_it(tmp_path, oa_sim_home):
    _, folder = started(tmp_path, oa_sim_home, "python")
    split_solution("python", folder)
    assert oa_sim("submit", cwd=folder, home=oa_sim_home).returncode == 0  # level 1 passed: code a drill can start from
    assert oa_sim("finish", cwd=folder, home=oa_sim_home).returncode == 0
    drill = oa_sim("start", "toy", "--level", "2", "--dir", "drill", cwd=tmp_path, home=oa_sim_home)
    assert drill.returncode == 0, drill.stderr
    assert "starting from your code of session 1 (submission 1)" in " ".join(drill.stdout.split())
    for name, text in SPLIT["python"][1].items():
        assert (tmp_path / "drill" / name).read_text() == text
    assert oa_sim("submit", cwd=tmp_path / "drill", home=oa_sim_home).returncode == 0
