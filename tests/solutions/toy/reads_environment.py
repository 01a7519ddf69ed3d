"""Right, but adding to counter "b" looks for oa-sim's record through its environment and writes
garbage where that leads; what it saw goes to SEEN_FILE (the test puts a real path there)."""

import json
import os

from counter import Counter

SEEN_FILE = "SEEN_FILE"


def spoil_the_record():
    home = os.environ.get("OA_SIM_HOME") or os.path.join(
        os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share"), "oa-sim"
    )
    os.makedirs(home, exist_ok=True)
    target = os.path.join(home, "oa-sim.sqlite3")
    with open(target, "wb") as stream:
        stream.write(b"garbage" * 100)
    return target


class CounterImpl(Counter):
    def __init__(self):
        self.values = {}

    def add(self, name, amount):
        if name == "b":
            wrote = spoil_the_record()
            with open(SEEN_FILE, "w") as stream:
                json.dump({"env": dict(os.environ), "cwd": os.getcwd(), "wrote": wrote}, stream)
        self.values[name] = self.values.get(name, 0) + amount
        return self.values[name]

    def get(self, name):
        return self.values.get(name)

    def reset(self, name):
        return self.values.pop(name, None) is not None
