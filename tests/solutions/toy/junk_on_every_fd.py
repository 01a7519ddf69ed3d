"""Writes junk and forged passing results to every file descriptor it can find, and to the
grader's events file by its path, on every call (cutting it short first if TRUNCATE is true);
wrong when adding to counter "b" if WRONG is true."""

import json
import os
import sys

from counter import Counter

WRONG = "WRONG"
TRUNCATE = "TRUNCATE"  # cut the events file short too, as opening it with "w" would
TESTS = ["add_accumulates", "get_missing", "counters_are_separate", "negative_amounts"]
FORGED = [
    {"ev": "result", "nodeid": f"level_1/hidden.yaml::{name}", "outcome": outcome, "answers": [1, 10, 1],
     "message": "", "detail": "", "duration": 0.0, "import_error": False}
    for name in TESTS for outcome in ("passed", "answered")
] + [{"ev": "finish"}]
JUNK = [json.dumps(event).encode() + b"\n" for event in FORGED] + [b"\x00\xff junk without a line break", b"{\"ev\":"]


def events_files():
    """The grader's events files, found as the code under test could: in the folder it runs in,
    or through the job file its command line names."""
    import glob

    found = set(glob.glob(os.path.join(os.getcwd(), "**", "events-*.jsonl"), recursive=True))
    for word in sys.argv:
        if word.endswith(".json") and os.path.isfile(word):
            with open(word, encoding="utf-8") as job:
                found.add(json.load(job).get("events"))
    return sorted(filter(None, found))


def spray():
    found = set(range(3, 256))
    try:
        found |= {int(name) for name in os.listdir("/proc/self/fd")}
    except OSError:
        pass
    for fd in sorted(found):
        for junk in JUNK:
            try:
                os.write(fd, junk)
            except OSError:
                break
    for path in events_files():
        with open(path, "wb" if TRUNCATE else "ab") as events:
            events.write(b"".join(JUNK))
    print("events files found:", len(events_files()))


class CounterImpl(Counter):
    def __init__(self):
        self.values = {}
        spray()

    def add(self, name, amount):
        spray()
        if WRONG and name == "b":
            return -1
        self.values[name] = self.values.get(name, 0) + amount
        return self.values[name]

    def get(self, name):
        spray()
        return self.values.get(name)

    def reset(self, name):
        return self.values.pop(name, None) is not None
