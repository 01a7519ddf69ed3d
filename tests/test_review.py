"""The code review of a final Python submission: a few concrete notes drawn from the source's ``ast``."""

from __future__ import annotations

import textwrap

from oa_sim.languages.python.review import review as python_review
from oa_sim.report import review
from oa_sim.render import json_out
from report_fixtures import QUAD_REFERENCE, candidate, quad  # noqa: F401  (fixtures)


def src(text: str) -> str:
    return textwrap.dedent(text).lstrip()


def test_tidy_code_gets_one_reassuring_note():
    found = python_review(QUAD_REFERENCE)
    assert found.parsed and found.functions == 6
    assert found.longest[0].name in {"CounterImpl.add"} and found.longest[0].length == 3
    assert found.duplicates == () and found.unclear_names == ()
    assert found.notes == (
        "No function over 25 lines, nesting under 4 deep, no repeated blocks, no vague names: "
        "the code kept its shape across the levels.",
    )


def test_a_long_function_is_named_with_its_lines():
    body = "".join(f"        total += {i}\n" for i in range(30))
    found = python_review(f"class Impl:\n    def scan(self, key):\n        total = 0\n{body}        return total\n")
    assert found.longest[0].name == "Impl.scan" and found.longest[0].length == 33
    assert found.notes[0].startswith("Impl.scan is 33 lines (lines 2-34): split out the parts")


def test_deep_nesting_points_at_the_innermost_block():
    found = python_review(src("""
        def restore(self, at):
            for key in self.backups:
                if key:
                    while at:
                        try:
                            at -= 1
                        except ValueError:
                            pass
            def inner():
                if at:
                    return 1
    """))
    [deepest, *_] = found.deepest
    assert deepest.name == "restore" and deepest.depth == 4 and deepest.deepest_line == 5
    assert any(note.startswith("restore nests 4 blocks deep (line 5)") for note in found.notes)
    assert {f.name: f.depth for f in found.deepest}["restore.inner"] == 1  # measured on its own


def test_a_pasted_block_is_found_in_both_places():
    block = """
                record = self.records.get(key)
                if record is None:
                    return None
                value = record.get(field)
                return value
    """
    found = python_review(src(f"""
        class Impl:
            def get(self, key, field):{block}
            def get_at(self, key, field, timestamp):{block}
    """))
    [copy] = found.duplicates
    assert copy.lines == 5 and copy.places == ((3, 7), (10, 14)) and copy.where == ("get", "get_at")
    assert "The same 5-line block appears 2 times, lines 3-7, 10-14 (in get, get_at)" in " ".join(found.notes)


def test_short_repeats_and_a_run_of_identical_lines_are_not_duplicates():
    found = python_review(src("""
        def f(x):
            x += 1
            x += 1
            x += 1
            x += 1
            x += 1
            x += 1
            x += 1
            x += 1
        def g(y):
            return y
        def h(y):
            return y
    """))
    # x += 1 eight times: windows of the same run overlap, so they are one stretch of code, not a copy
    assert all(len(set(d.places)) == len(d.places) for d in found.duplicates)
    for copy in found.duplicates:
        spans = sorted(copy.places)
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:]))


def test_vague_names_are_listed_but_idiom_is_not():
    found = python_review(src("""
        class Impl:
            def __init__(self):
                self.data = {}
                self.d2 = {}
            def top(self, n):
                for k, v in self.data.items():
                    tmp = [x for x in v]
                ranked = sorted(self.data, key=lambda a: a)
                try:
                    pass
                except ValueError as e:
                    pass
                return ranked[:n]
    """))
    assert [n.name for n in found.unclear_names] == ["data", "d2", "tmp"]
    assert found.notes[-1] == (
        "Names that say nothing: data (line 3), d2 (line 4), tmp (line 7); "
        "name what a value holds, as ranked already does."  # the example is the candidate's own good name
    )


def test_naming_advice_quotes_the_candidates_own_names_never_another_problems():
    banking = python_review(src("""
        class BankImpl:
            def __init__(self):
                self.balances = {}
                self.d = {}
            def transfer(self, source, target, amount):
                withdrawn = self.balances[source] - amount
                self.balances[source] = withdrawn
    """))
    [note] = [n for n in banking.notes if n.startswith("Names that say nothing")]
    assert note == "Names that say nothing: d (line 4); name what a value holds, as balances and withdrawn already do."
    bare = python_review("def f(a):\n    b = a\n    return b\n")
    [note] = [n for n in bare.notes if n.startswith("Names that say nothing")]
    assert note.endswith("; name what a value holds, not its type or a letter.")
    for found in (banking, bare):
        assert not any(word in " ".join(found.notes) for word in ("records", "expires_at"))


def test_growth_compares_the_snapshots_that_passed_each_level():
    level_1 = "class Impl:\n    def set(self, k, v):\n        self.x = v\n"
    level_2 = "class Impl:\n    def set(self, k, v):\n" + "        self.x = v\n" * 4
    final = "class Impl:\n    def set(self, k, v):\n" + "        self.x = v\n" * 20 + "    def get(self):\n" + "        return 1\n" * 30
    found = python_review(final, {1: level_1, 2: level_2})
    [grew] = [g for g in found.growth if g.name == "Impl.set"]
    assert (grew.from_level, grew.to_level, grew.before, grew.after) == (2, None, 5, 21)
    assert "Impl.get" not in {g.name for g in found.growth}  # new methods did not grow, they arrived
    assert any("Impl.set grew from 5 to 21 lines between passing level 2 and the final submission" in n for n in found.notes)


def test_source_that_does_not_parse_says_so():
    found = python_review("def broken(:\n    pass\n")
    assert not found.parsed and found.error.startswith("line 1:")
    assert found.notes == (f"The final submission does not parse ({found.error}), so every hidden test failed on import.",)
    assert json_out.review(found)["parsed"] is False


def test_notes_stay_few():
    body = "".join(f"        if a{i}:\n            for b in a{i}:\n                if b:\n                    while b:\n                        b -= 1\n" for i in range(6))
    found = python_review(f"class Impl:\n    def f(self, a1, a2, a3, a4, a5, a0, l, q, z):\n{body}")
    assert len(found.notes) <= review.MAX_NOTES
    assert len(found.longest) <= review.TOP and len(found.duplicates) <= review.TOP


def test_the_report_reviews_the_final_submission_and_its_growth(candidate):
    grown = QUAD_REFERENCE.replace(
        "    def add(self, name, amount):\n",
        "    def add(self, name, amount):\n" + "        amount = int(amount)\n" * 20,
    )
    candidate.start()
    candidate.submit(5, {1: 4}, QUAD_REFERENCE)
    candidate.submit(20, {1: 4, 2: 4}, grown)
    candidate.at(30)
    candidate.command("finish")
    data = candidate.report_json()
    growth = data["review"]["growth"]
    assert growth[0] == {"name": "CounterImpl.add", "from_level": 1, "to_level": 2, "before": 3, "after": 23}
    assert any("CounterImpl.add grew from 3 to 23 lines between passing level 1 and level 2" in n for n in data["review"]["notes"])


def test_an_untouched_starter_is_not_praised_for_keeping_its_shape():
    from oa_sim import languages
    from oa_sim.problem import catalog

    for name in ("python", "javascript"):
        language = languages.get(name)
        starter = language.starter_source(catalog.find("inmemory-db"))
        notes = language.review(starter, {}).notes
        assert notes == ("The final submission defines no methods of its own yet, so there is no code to review.",)
