"""``oa-sim watch``: from a save to the pane showing the new run, against a cold ``oa-sim test``."""

from __future__ import annotations

import os
import pty
import statistics
import subprocess
import threading
import time

from bench.measure import OA_SIM, Bench, Command, Figure, figures

WATCH = "watch, a run after a save"
RUNNING, WATCHING = b"running the sample tests", b"watching for a save"
PATIENCE = 60.0


class Pane:
    """``oa-sim watch`` in a pseudo-terminal (it draws a live pane only on a terminal), its output
    read as it comes so the pane never blocks on a full terminal."""

    def __init__(self, folder, env):
        self.folder = folder
        leader, follower = pty.openpty()
        self.process = subprocess.Popen([OA_SIM, "watch"], cwd=folder, env={**env, "TERM": "xterm"},
                                        stdin=follower, stdout=follower, stderr=follower, start_new_session=True)
        os.close(follower)
        self.leader = leader
        self.output = bytearray()
        self.changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.leader, 65536)
            except OSError:
                chunk = b""
            with self.changed:
                if not chunk:
                    self.output += b"\0closed"
                    self.changed.notify_all()
                    return
                self.output += chunk
                self.changed.notify_all()

    def wait_for(self, text: bytes, after: int) -> int:
        """Where ``text`` next appears in the output past ``after``; fails after a minute."""
        deadline = time.monotonic() + PATIENCE
        with self.changed:
            while (found := self.output.find(text, after)) < 0:
                if b"\0closed" in self.output or time.monotonic() > deadline:
                    raise SystemExit(f"oa-sim watch never showed {text.decode()!r}: {self.output[-500:].decode(errors='replace')}")
                self.changed.wait(0.5)
            return found + len(text)

    def rerun(self, solution) -> float:
        """Seconds from a save of ``solution`` to the pane's showing the run it started."""
        with self.changed:
            mark = len(self.output)
        text = solution.read_text().split("\n# run ")[0]
        started = time.perf_counter()
        solution.write_text(f"{text}\n# run {time.perf_counter_ns()}\n")
        self.wait_for(WATCHING, self.wait_for(RUNNING, mark))
        return time.perf_counter() - started

    def close(self) -> None:
        os.killpg(self.process.pid, 2)  # Ctrl-C, as a user stops it
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
            self.process.wait()
        os.close(self.leader)


@figures(WATCH, order=25)
def watch(bench: Bench):
    folder, env = bench.session_at_level("watched", 4, variant="transactions")
    solution = folder / "in_memory_db_impl.py"
    cold = Command([OA_SIM, "test"], folder, env)
    pane = Pane(folder, env)
    try:
        pane.wait_for(WATCHING, 0)
        reruns, colds = [], []
        for index in range(bench.runs + 1):
            rerun = pane.rerun(solution)
            time.sleep(0.5)  # the pane's next grading child is ready before the cold run starts
            baseline = cold.run_once()
            time.sleep(0.5)  # a pause between saves, as a candidate types
            if index:  # the first of each is a warm-up
                reruns.append(rerun)
                colds.append(baseline)
    finally:
        pane.close()
    yield Figure(WATCH, statistics.median(reruns), "a cold oa-sim test", statistics.median(colds), 0.5)
