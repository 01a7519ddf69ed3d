"""oa-sim's speed targets, measured as ratios against baselines taken in the same run.

Run by hand from a checkout with oa-sim installed (``.venv/bin/python bench/run.py``). Each figure
is the median of several runs of a real command in a fresh process; each target is a ratio, so a
slow or busy machine moves figure and baseline together. Exits 1 when a target is missed.

The figures live in the other modules of this folder, one a group of figures; every module here
that registers figures (``bench.measure.figures``) is found and run, so a new group is a new file.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import platform
import shutil
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: import the folder as the ``bench`` package
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

import bench
from bench.measure import REGISTRY, Bench, Figure

NOT_FIGURES = {"measure", "run"}


def load_groups() -> list:
    """Every registered group of figures, in their order (then by module, then as registered)."""
    for module in pkgutil.iter_modules(bench.__path__):
        if module.name not in NOT_FIGURES:
            importlib.import_module(f"bench.{module.name}")
    return sorted(REGISTRY, key=lambda group: group.order)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs per figure (the median is reported; at least 7)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--only", metavar="WORDS", default="", help="only the figures whose name holds these words (say, history)")
    parser.add_argument("--list", action="store_true", help="list the figures' names and exit")
    args = parser.parse_args()
    groups = load_groups()
    if args.list:
        print("\n".join(name for group in groups for name in group.names))
        return 0
    runs = max(7, args.runs)
    scratch = Path(tempfile.mkdtemp(prefix="oa-sim-bench-"))
    context = Bench(scratch, runs, args.only)
    figures: list[Figure] = []
    try:
        for group in groups:
            if any(context.wanted(name) for name in group.names):
                figures += group.run(context)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if not figures:
        print(f"No figure is named like {args.only!r}; `--list` names them all.", file=sys.stderr)
        return 2
    return _print(figures, runs, args.json)


def _print(figures: list[Figure], runs: int, as_json: bool) -> int:
    if as_json:
        print(json.dumps([{**f.__dict__, "ratio": f.ratio, "met": f.met} for f in figures], indent=2))
    else:
        print(f"oa-sim benchmark · {platform.node()} · {platform.processor() or platform.machine()} · "
              f"{os.cpu_count()} cores · Python {platform.python_version()} · median of {runs} runs, each figure's runs taken in turn with its baseline's")
        width = max(len(f.name) for f in figures)
        base_width = max(len(f.baseline_name) for f in figures)
        for f in figures:
            verdict = "ok" if f.met else "MISSED"
            print(f"{f.name:<{width}}  {f.shown(f.value)}  vs {f.baseline_name:<{base_width}} {f.shown(f.baseline)}"
                  f"  = {f.ratio:4.2f}x  (target ≤ {f.target:.2f}x)  {verdict}")
            if getattr(f, "detail", ""):  # where a compiled language's time goes
                print(f"{'':<{width}}  {f.detail}")
    return 0 if all(f.met for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
