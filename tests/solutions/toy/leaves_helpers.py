"""Right, but adding to counter "b" starts a process and a non-daemon thread that would outlive
the test, and records the process id in PID_FILE (the test puts a real path there)."""

import subprocess
import threading
import time

from counter import Counter

PID_FILE = "PID_FILE"


class CounterImpl(Counter):
    def __init__(self):
        self.values = {}

    def add(self, name, amount):
        if name == "b":
            helper = subprocess.Popen(["sleep", "60"])
            with open(PID_FILE, "w") as stream:
                stream.write(str(helper.pid))
            threading.Thread(target=time.sleep, args=(60,)).start()
        self.values[name] = self.values.get(name, 0) + amount
        return self.values[name]

    def get(self, name):
        return self.values.get(name)

    def reset(self, name):
        return self.values.pop(name, None) is not None
