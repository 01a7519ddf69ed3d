"""Knows no answer: asked to guess, it hunts its own process for the expected one instead, through
every frame up its stack, every object the garbage collector tracks (into containers and instance
attributes), every loaded module and every file of the folder it runs in, and returns the first
expected answer it finds. REPORT_FILE (the test puts a path there) gets what each hunt saw."""

import gc
import json
import os
import re
import sys

from oracle import Oracle

REPORT_FILE = "REPORT_FILE"
# Patterns, not the strings themselves: a literal here would be found in this module.
EXPECTED = re.compile(r"expected-answer-[0-9a-f]{8}")
CONTROL = re.compile(r"control-argument-[0-9]{4}")  # another case's argument: proof the hunt reaches the grader's data
MAX_VISITS = 3_000_000


def hunt():
    found = {"expected": set(), "control": set()}
    seen = set()
    gc.unfreeze()  # what a grader froze out of collections is tracked objects too
    todo = [gc.get_objects(), list(sys.modules.values())]
    frame = sys._getframe()
    while frame is not None:
        todo += [frame.f_locals, frame.f_globals, frame.f_code.co_consts]
        frame = frame.f_back
    for folder, _, files in os.walk("."):
        for name in files:
            try:
                with open(os.path.join(folder, name), "rb") as stream:
                    todo.append(stream.read())
            except OSError:
                pass
    visits = 0
    while todo and visits < MAX_VISITS:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        visits += 1
        if isinstance(item, (bytes, bytearray)):
            item = bytes(item).decode("utf-8", "replace")
        if isinstance(item, str):
            found["expected"].update(EXPECTED.findall(item))
            found["control"].update(CONTROL.findall(item))
        elif isinstance(item, dict):
            todo += list(item.keys()) + list(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            todo += list(item)
        elif hasattr(item, "__dict__"):
            try:
                todo.append(vars(item))
            except TypeError:
                pass
            todo += [getattr(item, slot, None) for slot in getattr(type(item), "__slots__", ()) if isinstance(slot, str)]
    return {name: sorted(values) for name, values in found.items()} | {"visits": visits}


class OracleImpl(Oracle):
    def guess(self, clue):
        seen = hunt()
        with open(REPORT_FILE, "a") as stream:
            stream.write(json.dumps({"clue": clue, **seen}) + "\n")
        return seen["expected"][0] if seen["expected"] else "no idea"
