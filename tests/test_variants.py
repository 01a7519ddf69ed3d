"""Level variants: a session gets one of a problem's versions of a level, and every screen says which."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from oa_sim.cli import Env, cli
from oa_sim.problem import catalog
from oa_sim.session.rules import choose_variant
from oa_sim.session.store import SCHEMA_VERSION
from oa_sim.errors import OaSimError

VARIANTS = Path(__file__).parent / "fixtures" / "variants"
PROBLEM = VARIANTS / "toy-variants"


def oa_sim(*args: str, cwd: Path):
    return CliRunner().invoke(cli, ["--problems-dir", str(VARIANTS), *args], obj=Env(cwd=cwd), catch_exceptions=False)


def test_a_chosen_variant_gives_its_own_level_and_every_screen_names_it(tmp_path):
    started = oa_sim("start", "toy-variants", "--variant", "doubling", cwd=tmp_path)
    assert started.exit_code == 0, started.output
    assert "Variant    doubling (others: resetting)" in started.output
    assert "2 Doubling" in started.output  # every level's title is shown up front
    folder = tmp_path / "toy-variants"
    reference = (PROBLEM / "solutions" / "python" / "reference.py").read_text()
    (folder / "counter_impl.py").write_text(reference)
    first = oa_sim("submit", cwd=folder)
    assert first.exit_code == 0, first.output
    assert "def double(self, name: str) -> int | None:" in (folder / "counter.py").read_text()
    assert "def reset" not in (folder / "counter.py").read_text()  # the other variant's method is not asked for
    assert "`double(\"a\")`" in (folder / "LEVEL_2.md").read_text()
    assert oa_sim("submit", cwd=folder).exit_code == 0
    status = json.loads(oa_sim("status", "--json", cwd=folder).output)
    assert status["variant"] == "doubling"
    assert status["levels"][1]["title"] == "Doubling"
    report = json.loads(oa_sim("report", "--json", cwd=folder).output)
    assert report["variant"] == "doubling" and report["score"]["raw"] == 500
    assert "(doubling)" in oa_sim("status", cwd=folder).output


def test_without_a_choice_the_variant_is_drawn_and_recorded(tmp_path):
    problem = catalog.load(PROBLEM)
    assert choose_variant(problem, None, draw=lambda names: names[-1]) == "doubling"
    assert choose_variant(problem, None) in ("resetting", "doubling")
    started = oa_sim("start", "toy-variants", cwd=tmp_path)
    assert started.exit_code == 0, started.output
    status = json.loads(oa_sim("status", "--json", cwd=tmp_path / "toy-variants").output)
    assert status["variant"] in ("resetting", "doubling")


def test_an_unknown_variant_is_refused_naming_the_ones_there_are(tmp_path):
    refused = oa_sim("start", "toy-variants", "--variant", "tripling", cwd=tmp_path)
    assert refused.exit_code == 2
    assert "has no variant 'tripling'" in refused.output and "resetting, doubling" in refused.output
    assert not (tmp_path / "toy-variants").exists()
    with pytest.raises(OaSimError, match="has no variants"):
        choose_variant(catalog.load(Path(__file__).parent / "fixtures" / "problems" / "toy"), "doubling")


def test_history_keeps_a_trend_per_variant(tmp_path):
    for number, variant in enumerate(["doubling", "resetting", "doubling"]):
        assert oa_sim("start", "toy-variants", "--variant", variant, "--dir", f"s{number}", cwd=tmp_path).exit_code == 0
        assert oa_sim("finish", cwd=tmp_path / f"s{number}").exit_code == 0
    history = json.loads(oa_sim("history", "--json", cwd=tmp_path).output)
    assert {(p["variant"], p["sessions"]) for p in history["problems"]} == {("doubling", 2), ("resetting", 1)}
    assert [line["variant"] for line in history["sessions"]] == ["doubling", "resetting", "doubling"]


def test_a_variant_whose_method_clashes_with_another_is_refused(tmp_path):
    import shutil

    copy = tmp_path / "toy-variants"
    shutil.copytree(PROBLEM, copy)
    text = (copy / "problem.yaml").read_text()
    (copy / "problem.yaml").write_text(text.replace("- name: double\n", "- name: reset\n"))
    with pytest.raises(OaSimError, match="method 'reset' differs from another variant's"):
        catalog.load(copy)


def test_a_record_from_before_variants_is_upgraded_and_keeps_its_sessions(tmp_path, oa_sim_home):
    assert oa_sim("start", "toy-variants", "--variant", "resetting", cwd=tmp_path).exit_code == 0
    database = oa_sim_home / "oa-sim.sqlite3"
    with sqlite3.connect(database) as connection:  # as schema 4 left it
        connection.execute("ALTER TABLE sessions DROP COLUMN variant")
        connection.execute("ALTER TABLE sessions DROP COLUMN feedback")
        connection.execute("ALTER TABLE sessions DROP COLUMN graded_tests")
        for column in ("drill_level", "drill_code_session", "drill_code_number"):  # schema 6's
            connection.execute(f"ALTER TABLE sessions DROP COLUMN {column}")
        connection.execute("ALTER TABLE submissions DROP COLUMN solution_file")  # schema 7's
        connection.execute("ALTER TABLE submissions DROP COLUMN extra_files")
        connection.execute("DROP INDEX submission_tallies")
        connection.execute("ALTER TABLE submissions DROP COLUMN failed")
        connection.execute("ALTER TABLE submissions DROP COLUMN passed_level")
        for column in ("submission_count", "last_submitted_at", "levels_passed", "unsure_submissions", "last_tallies"):
            connection.execute(f"ALTER TABLE sessions DROP COLUMN {column}")
        connection.execute("PRAGMA user_version=4")
    status = json.loads(oa_sim("status", "--json", cwd=tmp_path / "toy-variants").output)
    assert status["variant"] is None  # not recorded then: the levels as written
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
