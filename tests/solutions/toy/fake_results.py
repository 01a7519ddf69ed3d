"""Wrong when adding to counter "b", and prints lines that look like passing results."""

import json
import os

from counter import Counter


class CounterImpl(Counter):
    def __init__(self):
        self.values = {}

    def add(self, name, amount):
        if name == "b":
            fake = {"ev": "result", "nodeid": "level_1/hidden.yaml::counters_are_separate", "outcome": "passed",
                    "message": "", "detail": "", "duration": 0.0, "import_error": False}
            print("1 passed in 0.01s")
            print(json.dumps(fake))
            os.write(1, (json.dumps(fake) + "\n").encode())
            os.write(2, b"===== 4 passed in 0.02s =====\n")
            return -1
        self.values[name] = self.values.get(name, 0) + amount
        return self.values[name]

    def get(self, name):
        return self.values.get(name)

    def reset(self, name):
        return self.values.pop(name, None) is not None
