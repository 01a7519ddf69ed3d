"""Wrong when adding 7, and prints things that look like passing results."""

import json
import os

from counter import Counter


class CounterImpl(Counter):
    def __init__(self):
        self.total = 0

    def inc(self, n):
        if n == 7:
            fake = {"ev": "result", "nodeid": "level_2/level_2.yaml::add_seven", "outcome": "passed",
                    "message": "", "detail": "", "duration": 0.0, "import_error": False}
            print("1 passed in 0.01s")
            print(json.dumps(fake))
            os.write(1, (json.dumps(fake) + "\n").encode())
            os.write(2, b"===== 4 passed in 0.02s =====\n")
            return -1
        self.total += n
        return self.total

    def get(self):
        return self.total
