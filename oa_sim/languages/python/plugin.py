"""The pytest plugin the grading child runs with: loads the solution, plays the cases, reports events.

Loaded with ``-p oa_sim.languages.python.plugin --oa-job <job.json>``. Each case is one item whose
calls (never expected values) come with the job; playing them yields answers, which the parent
judges. It appends one JSON line per event (the protocol of ``oa_sim.grading.runner``) to the job's
events file with an unbuffered ``os.write``, so every answer survives whatever the candidate's code
does to the process afterwards. Candidate output only ever reaches pytest's capture, never that file.

The candidate's other modules (``records.py`` beside the solution) come with the job and are
imported from there, afresh for every test, as the solution is.

A hidden ``.py`` test file runs as it is, with the ``solution`` fixture: the one kind of test that
judges inside this process, for checks only Python can make. What a test that did not pass is
told (its outcome, message and detail) is worded in ``verdicts``.
"""

from __future__ import annotations

import gc
import json
import linecache
import os
import signal
import sys
import time
import types
from pathlib import Path
from typing import Any, Iterator

import pytest

from oa_sim.grading.results import ANSWERED, PASSED, TIMEOUT
from oa_sim.languages.python.answers import candidate_traceback, play
from oa_sim.languages.python.modules import CandidateModules
from oa_sim.languages.python.verdicts import CandidateInterrupt, SolutionLoadError, TimeLimitExceeded, Verdicts, clean, clip

CALLS_SUFFIX = ".calls"  # as oa_sim.languages.python writes them; importing it here would cost start-up


GRADER = pytest.StashKey["Grader"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--oa-job", dest="oa_job", default=None, help="oa-sim grading job (JSON)")


# Jobs the child has parsed already, by path: the plugin takes its job from here when it is there.
READ_JOBS: dict[str, dict[str, Any]] = {}


def pytest_configure(config: pytest.Config) -> None:
    job_path = config.getoption("oa_job")
    if job_path:
        job = READ_JOBS.pop(job_path, None) or json.loads(Path(job_path).read_text(encoding="utf-8"))
        grader = Grader(job, Path(config.rootpath))
        config.stash[GRADER] = grader
        config.pluginmanager.register(grader, "oa-sim-grader")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name.endswith(CALLS_SUFFIX):
        return CaseFile.from_parent(parent, path=file_path)
    return None


@pytest.fixture
def solution_class(request: pytest.FixtureRequest) -> type:
    """The candidate's class, from the solution freshly executed into a new module for this test."""
    return request.config.stash[GRADER].load_solution()


@pytest.fixture
def solution(solution_class: type) -> Any:
    """A new instance of the candidate's class."""
    return solution_class()


class CaseFile(pytest.File):
    """A placeholder for one case file of the problem's: its cases' calls come with the job."""

    def collect(self) -> Iterator["CaseItem"]:
        grader = self.config.stash[GRADER]
        for case in grader.calls_for(self.path):
            yield CaseItem.from_parent(self, name=case["name"], case_id=case["id"], calls=case["calls"])


class CaseItem(pytest.Item):
    """One case: its setup loads the solution, its call plays the calls on a new instance."""

    def __init__(self, *, case_id: str, calls: list[list[Any]], **kwargs: Any):
        super().__init__(**kwargs)
        self.case_id = case_id
        self.calls = calls
        self.solution_class: type | None = None
        self.answers: list[Any] | None = None

    def setup(self) -> None:
        self.solution_class = self.config.stash[GRADER].load_solution()

    def runtest(self) -> None:
        grader = self.config.stash[GRADER]
        self.answers = []  # filled as the calls are answered: a timeout then knows its step
        play(self.solution_class(), self.calls, grader.source_names, self.answers)

    def teardown(self) -> None:
        self.solution_class = None  # items live all session; let this test's module go

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, self.name

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        # The time limit's signal can land on an instruction with no line number (tb_lineno None),
        # which pytest's traceback drawing cannot take: the session would end in an internal error
        # and the test get no verdict. The verdict needs none of that drawing.
        try:
            return super().repr_failure(excinfo, style)
        except Exception:  # noqa: BLE001 - any failure to draw the traceback
            return f"{excinfo.typename}: {excinfo.value}"


class Grader(Verdicts):
    """Per-session state: the compiled solution, the time limit, and the verdicts being reported."""

    def __init__(self, job: dict[str, Any], rootdir: Path):
        self.rootdir = rootdir
        self.calls: dict[str, list[dict[str, Any]]] = job["calls"]
        self.skip = set(job["skip"])
        self.limit = float(job["test_time_limit"])
        self.load_limit = float(job.get("load_time_limit", self.limit))
        self.memory_mb = job["memory_limit_mb"]
        self.output_limit = job["output_limit_bytes"]
        self.file_size_limit = job["file_size_limit"]
        self.source_name = job["solution_file"]
        self.impl_module = job["impl_module"]
        self.impl_class = job["impl_class"]
        self.code = _compile((rootdir / job["source_file"]).read_text(encoding="utf-8"), self.source_name)
        self._install_interface(job["interface_module"], (rootdir / job["interface_file"]).read_text(encoding="utf-8"))
        # The candidate's other modules, importable by name; one the grader itself already runs on
        # (the parent refuses a name of the standard library's) stays the grader's.
        self.modules = {
            name: _compile((rootdir / path).read_text(encoding="utf-8"), f"{name}.py")
            for name, path in job.get("modules", {}).items()
            if name not in sys.modules
        }
        self.source_names = frozenset((self.source_name, *(f"{name}.py" for name in self.modules)))
        sys.meta_path.insert(0, CandidateModules(self.modules))
        self._fd = os.open(job["events"], os.O_WRONLY | os.O_APPEND)
        self._token = str(job.get("token", "")).encode()
        self._items: dict[str, pytest.Item] = {}
        self._deadline = 0.0
        self._verdicts: dict[str, tuple[str, str, str, bool]] = {}
        self._durations: dict[str, float] = {}
        self.wall_limit = float(job.get("wall_time_limit", self.limit))
        self._cpu: dict[str, float] = {}
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.signal(signal.SIGPROF, _on_alarm)

    def calls_for(self, path: Path) -> list[dict[str, Any]]:
        """The cases of a placeholder file: their ids, names and calls, as the job gives them."""
        return self.calls.get(Path(path).relative_to(self.rootdir).as_posix(), [])

    # -- loading the solution ------------------------------------------------------------------

    def _install_interface(self, name: str, source: str) -> None:
        # Once per process: hidden tests may import it too, and need the same class objects.
        module = types.ModuleType(name)
        module.__file__ = f"{name}.py"
        sys.modules[name] = module
        exec(_compile(source, module.__file__), module.__dict__)

    def load_solution(self) -> type:
        """Execute the solution into a fresh module and return its class; raise SolutionLoadError."""
        for name in self.modules:  # each test imports the candidate's modules afresh too: no state leaks
            sys.modules.pop(name, None)
        module = types.ModuleType(self.impl_module)
        module.__file__ = self.source_name
        sys.modules[self.impl_module] = module  # dataclasses and pickle look the module up here
        try:
            exec(self.code, module.__dict__)
        except TimeLimitExceeded:
            raise
        except BaseException as error:  # noqa: BLE001 - even SystemExit at import is an ordinary error
            raise SolutionLoadError(self._import_message(error), candidate_traceback(error, self.source_names)) from None
        found = module.__dict__.get(self.impl_class)
        if not isinstance(found, type):
            classes = sorted(name for name, value in vars(module).items() if isinstance(value, type))
            raise SolutionLoadError(
                f"{self.source_name} defines no class {self.impl_class}",
                f"Classes it defines or imports: {', '.join(classes) or 'none'}.",
            )
        self._emit(ev="loaded")
        return found

    # -- collection -----------------------------------------------------------------------------

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        # A restarted child runs only the tests the parent has not judged yet.
        if self.skip:
            config.hook.pytest_deselected(items=[item for item in items if _id(item) in self.skip])
            items[:] = [item for item in items if _id(item) not in self.skip]

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self._emit(ev="collect_error", nodeid=report.nodeid, text=clip(str(report.longrepr), self.output_limit))

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self._items = {item.nodeid: item for item in session.items}
        self._emit(ev="collected", tests=[self._describe(item) for item in session.items])
        gc.freeze()  # the grader's own objects (pytest, the calls) out of every collection the tests cause

    def _describe(self, item: pytest.Item) -> dict[str, Any]:
        if isinstance(item, CaseItem):  # the parent knows its cases: their ids say enough
            return {"nodeid": item.case_id}
        doc = getattr(getattr(item, "obj", None), "__doc__", None) or ""
        description = doc.strip().splitlines()[0] if doc.strip() else ""
        folder = Path(item.path).relative_to(self.rootdir).parts[0]
        return {"nodeid": item.nodeid, "level": int(folder.rpartition("_")[2]), "name": item.name, "description": description}

    # -- running --------------------------------------------------------------------------------

    def pytest_runtest_logstart(self, nodeid: str) -> None:
        self._emit(ev="start", nodeid=self._event_id(nodeid))

    def _event_id(self, nodeid: str) -> str:
        item = self._items.get(nodeid)
        return _id(item) if item is not None else nodeid

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> Iterator[None]:
        # Loading the solution (setup) has an allowance of its own; the test's limit starts at its call.
        self._deadline = time.monotonic() + self.load_limit
        return (yield from self._guarded())

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Iterator[None]:
        # The limit is CPU time (ITIMER_PROF), so a busy machine cannot time out a fast solution;
        # a wall-clock backstop catches code that waits rather than computes.
        self._deadline = time.monotonic() + self.wall_limit
        started = time.process_time()
        signal.setitimer(signal.ITIMER_PROF, self.limit)
        try:
            return (yield from self._guarded())
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            self._cpu[item.nodeid] = time.process_time() - started

    def _guarded(self) -> Iterator[None]:
        # setitimer(0) would disarm, so an exhausted budget still gets a minimal alarm.
        signal.setitimer(signal.ITIMER_REAL, max(self._deadline - time.monotonic(), 0.001))
        try:
            return (yield)
        except KeyboardInterrupt as error:
            raise CandidateInterrupt() from error
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
        # pytest keeps every item's captured output all session: clip it before it piles up.
        item._report_sections = [
            (when, key, clip(content, self.output_limit)) for when, key, content in item._report_sections
        ]
        report = yield
        if call.when == "call":  # what the limit counts: loading the solution has an allowance of its own
            self._durations[item.nodeid] = self._durations.get(item.nodeid, 0.0) + call.duration
        if item.nodeid not in self._verdicts and not report.passed:
            self._verdicts[item.nodeid] = self._judge(call, report)
        return report

    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        outcome, message, detail, import_error = self._verdicts.pop(nodeid, (PASSED, "", "", False))
        wall = self._durations.pop(nodeid, 0.0)
        duration = self._cpu.pop(nodeid, wall)  # what the limit counts: CPU time, the call alone
        item = self._items.get(nodeid)
        if outcome == PASSED and duration > self.limit:  # the alarm was swallowed, yet the test returned
            outcome, message = TIMEOUT, self._timeout_message(item)
        answers = None
        if isinstance(item, CaseItem):
            answers, item.answers = item.answers, None
            if outcome == PASSED:  # it played its calls: the parent judges the answers
                # What the code printed, for the parent to show should the answers be wrong.
                outcome, detail = ANSWERED, self._detail(_captured(item))
        self._emit(
            ev="result",
            nodeid=self._event_id(nodeid),
            outcome=outcome,
            message=clean(message),
            detail=clean(detail),
            duration=round(duration, 6),
            import_error=import_error,
            **({"answers": answers} if outcome == ANSWERED else {}),
        )

    def pytest_sessionfinish(self) -> None:
        self._emit(ev="finish")

    # -- verdicts (the rest of their wording: ``verdicts``) -------------------------------------

    def _timeout_message(self, item: pytest.Item | None) -> str:
        """The limit, and the step under way when it struck (the first call not yet answered)."""
        message = f"timed out after {self.limit:g} s"
        if isinstance(item, CaseItem) and item.answers is not None and len(item.answers) < len(item.calls):
            step = len(item.answers)
            message += f" in step {step + 1:,} ({item.calls[step][0]})"
        return message

    def _emit(self, **event: Any) -> None:
        # The run's token opens every line, and a line break comes first: whatever the candidate's
        # code wrote to this file (it shares the descriptor) is a line of its own, without the token.
        data = b"\n" + self._token + (json.dumps(event, separators=(",", ":")) + "\n").encode()
        while data:
            data = data[os.write(self._fd, data) :]


def _captured(item: pytest.Item) -> str:
    """The output an item's code printed, under the headings a failing pytest test shows it with."""
    return "".join(f"\n\n--- Captured {key} {when} ---\n{content}" for when, key, content in item._report_sections if content)


def _id(item: pytest.Item) -> str:
    """The id the parent knows a test by: a case's own id, else pytest's node id."""
    return item.case_id if isinstance(item, CaseItem) else item.nodeid


def _on_alarm(signum: int, frame: Any) -> None:
    raise TimeLimitExceeded()


def _compile(source: str, filename: str) -> types.CodeType:
    # Registered in linecache so tracebacks show the candidate's lines without the file existing here.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    return compile(source, filename, "exec")
