"""Starts a process and a non-daemon thread that outlive the test, and records the process id."""

import subprocess
import threading
import time

from counter import Counter


class CounterImpl(Counter):
    def __init__(self):
        self.total = 0

    def inc(self, n):
        self.total += n
        return self.total

    def get(self):
        return self.total

    def start_helpers(self, pid_file):
        helper = subprocess.Popen(["sleep", "60"])
        with open(pid_file, "w") as stream:
            stream.write(str(helper.pid))
        threading.Thread(target=time.sleep, args=(60,)).start()
        return None
