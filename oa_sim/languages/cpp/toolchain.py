"""The C++ toolchain: which compiler, with which flags, and the builds of a grading run.

A run needs two programs. The harness (``harness.cpp``) never changes between submits, so it is
built once per compiler and harness source and kept in a cache folder, with a precompiled header
of what every solution build starts from (the interface's standard headers and the harness API).
The candidate's header is then compiled, with the generated ``dispatch.cpp``, into
``solution.so``: the only compile of a submit. That library is cached too, by its inputs, so
``oa-sim test`` followed by ``oa-sim submit`` of the same code compiles once.

Everything here runs in oa-sim's own process (the parent), before the run's clock starts.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from oa_sim.languages import version_tuple

HERE = Path(__file__).parent
HARNESS_SOURCES = ("harness.cpp", "harness_job.hpp", "harness_json.hpp", "harness_names.hpp", "oa_harness.hpp")
PRELUDE = '// What every solution build starts from, precompiled.\n#include <optional>\n#include <stdexcept>\n#include <string>\n#include <vector>\n#include "oa_harness.hpp"\n'
FLAGS = ("-std=c++17", "-O2", "-fPIC", "-pthread")
# Many C++ candidates write #include <bits/stdc++.h>: parsing all of it costs a submit about 0.75 s
# of CPU, so a solution that includes it starts from a second precompiled prelude that has it.
EVERYTHING = re.compile(r"^\s*#\s*include\s*<bits/stdc\+\+\.h>", re.M)
EVERYTHING_PRELUDE = '// The prelude with all of the standard library, for a solution that includes it anyway.\n#include "prelude.hpp"\n#include <bits/stdc++.h>\n'
MINIMUM = {"gcc": (8,), "clang": (7,)}
COMPILE_SECONDS = 60  # a template that never stops instantiating is a compile error, not a hang
KEPT_SOLUTIONS = 40  # solution builds kept in the cache, the most recently used
SHOWN_LINES = 30  # of the trimmed compiler output
STALE_HARNESS_SECONDS = 30 * 24 * 3600
_lock = threading.Lock()  # validate builds from several threads; other processes take the file lock


@dataclass(frozen=True)
class Compiler:
    path: str
    family: str  # "gcc" or "clang"
    version: tuple[int, ...]
    banner: str  # the first line of --version: part of every cache key

    def diagnostics(self) -> list[str]:
        """Flags for errors a program can trim: no colours, no source snippets, a bounded count."""
        if self.family == "clang":
            return ["-fno-color-diagnostics", "-fno-caret-diagnostics", "-ferror-limit=20"]
        plain = ["-fdiagnostics-plain-output"] if self.version >= (10,) else ["-fno-diagnostics-show-caret", "-fdiagnostics-color=never"]
        return [*plain, "-fmax-errors=20"]


def _candidates() -> list[str]:
    wanted = os.environ.get("CXX", "").strip()
    return [wanted] if wanted else ["g++", "clang++", "c++"]


@lru_cache(maxsize=1)
def find() -> tuple[Compiler | None, str | None]:
    """The compiler to use, or None and why there is none (what to install)."""
    need = "C++ needs g++ 8 or newer (or clang++ 7 or newer) on PATH, for C++17"
    if not sys.platform.startswith("linux"):
        return None, f"C++ grading runs on Linux only (it uses fork, prctl and prlimit); this is {sys.platform}."
    for name in _candidates():
        path = shutil.which(name)
        if path is None:
            continue
        try:
            banner = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=20).stdout.strip()
            family = "clang" if "clang" in banner.lower() else "gcc"
            dumped = "" if family == "clang" else subprocess.run([path, "-dumpfullversion"], capture_output=True, text=True, timeout=20).stdout
        except (OSError, subprocess.SubprocessError) as error:
            return None, f"{need}; `{name} --version` failed ({error})."
        found = re.search(r"version (\d+(?:\.\d+)*)", banner) if family == "clang" else None
        version = version_tuple(found.group(1) if found else dumped or banner)
        if version < MINIMUM[family]:
            return None, f"{need}; this machine has {banner.splitlines()[0] if banner else name}."
        return Compiler(path, family, version, banner.splitlines()[0] if banner else name), None
    if os.environ.get("CXX", "").strip():
        return None, f"{need}; CXX names {os.environ['CXX'].strip()!r}, which is not on PATH."
    return None, f"{need} (`g++` or `clang++`); none is installed. On Debian or Ubuntu: apt-get install g++."


def cache_root() -> Path:
    """Where built harnesses and solutions are kept: the XDG cache folder, else one in the temp folder.

    Computed in oa-sim's own process: the grading child's HOME is a private folder of its run."""
    base = os.environ.get("XDG_CACHE_HOME") or (str(Path.home() / ".cache") if Path.home() != Path("/") else "")
    for folder in ([Path(base) / "oa-sim" / "cpp"] if base else []) + [Path(tempfile.gettempdir()) / f"oa-sim-cache-{os.getuid()}" / "cpp"]:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.access(folder, os.W_OK):
                return folder
        except OSError:
            continue
    raise OSError("no writable cache folder for C++ builds")


def _digest(*parts: bytes | str) -> str:
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode() if isinstance(part, str) else part)
        hashed.update(b"\0")
    return hashed.hexdigest()


def harness_key(compiler: Compiler) -> str:
    """What the harness build depends on: the compiler, the flags, the prelude and the harness's sources."""
    sources = [(HERE / name).read_bytes() for name in HARNESS_SOURCES]
    return _digest(compiler.path, compiler.banner, " ".join(FLAGS), PRELUDE, EVERYTHING_PRELUDE, *sources)[:20]


def ensure_harness(compiler: Compiler) -> Path:
    """The cache folder holding the built harness and the precompiled prelude; built when missing."""
    folder = cache_root() / harness_key(compiler)
    if (folder / "harness").is_file():
        os.utime(folder)  # in use: not swept as stale
        return folder
    with _lock, open(folder.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another oa-sim may be building the same one
        if (folder / "harness").is_file():
            return folder
        staging = Path(tempfile.mkdtemp(prefix=f"{folder.name}.", dir=folder.parent))
        try:
            for name in HARNESS_SOURCES:
                shutil.copyfile(HERE / name, staging / name)
            (staging / "prelude.hpp").write_text(PRELUDE, encoding="utf-8")
            _run(compiler, [*FLAGS, "-o", "harness", "harness.cpp", "-ldl"], staging)
            if compiler.family == "gcc":  # clang reads the prelude as text: its PCH lookup differs
                _run(compiler, [*FLAGS, "-x", "c++-header", "-o", "prelude.hpp.gch", "prelude.hpp"], staging)
            (staging / "solutions").mkdir()
            os.replace(staging, folder) if not folder.exists() else shutil.rmtree(staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        _sweep(folder)
    return folder


def _sweep(current: Path) -> None:
    """Remove the builds of older harnesses (an upgraded oa-sim, a replaced compiler) unused for a month."""
    stale = time.time() - STALE_HARNESS_SECONDS
    for other in current.parent.iterdir():
        try:
            if other != current and other.is_dir() and other.stat().st_mtime < stale:
                shutil.rmtree(other, ignore_errors=True)
                other.with_suffix(".lock").unlink(missing_ok=True)
        except OSError:
            continue


def niced(command: list[str]) -> list[str]:
    """The compiler yields to running tests: validate builds while other runs are timing their cases."""
    nice = shutil.which("nice")
    return [nice, "-n", "5", *command] if nice else command


def _run(compiler: Compiler, args: list[str], cwd: Path) -> None:
    """One step of the harness build; its failure is this installation's, never the candidate's."""
    done = subprocess.run(niced([compiler.path, *args]), cwd=cwd, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise OSError(f"building oa-sim's C++ harness failed: {done.stderr.strip()[-1500:]}")


@dataclass(frozen=True)
class Built:
    """What a solution build gave: None as ``error`` when it compiled; ``cached`` when no compile ran."""

    error: tuple[str, str] | None
    cached: bool = False


def build_solution(compiler: Compiler, harness: Path, workdir: Path, names: dict[str, str]) -> Built:
    """Compile the run folder's dispatch.cpp (with the candidate's header) into the cache, and link
    it into the run folder as solution.so (a link: a temp folder mounted noexec cannot map a copy)."""
    extra = names.get("extra_files", [])
    own = ("dispatch.cpp", names["solution_file"], names["interface_file"], *extra)
    sources = [(workdir / name).read_bytes() for name in own]
    key = _digest(harness.name, " ".join(compiler.diagnostics()), *own, *sources)[:32]
    units = [name for name in extra if name.endswith(".cpp")]  # compiled and linked with the dispatch
    kept = harness / "solutions" / f"{key}.so"
    if kept.is_file():
        os.utime(kept)  # most recently used: kept longest
        (workdir / "solution.so").symlink_to(kept)
        return Built(None, cached=True)
    command = [
        compiler.path, *FLAGS, *compiler.diagnostics(), "-shared", "-Wl,--no-undefined",
        "-include", str(_prelude(compiler, harness, sources[1])), "-o", "build.so", "dispatch.cpp", *units,
    ]  # fmt: skip
    try:
        done = subprocess.run(niced(command), cwd=workdir, capture_output=True, text=True, timeout=COMPILE_SECONDS, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return Built((f"{names['solution_file']}: the compiler did not finish within {COMPILE_SECONDS} s", ""))
    if done.returncode != 0 or not (workdir / "build.so").is_file():
        return Built(trim(done.stderr + done.stdout, names, done.returncode))
    staging = kept.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    shutil.move(workdir / "build.so", staging)
    os.replace(staging, kept)  # whole or not at all, for another oa-sim building the same code
    (workdir / "solution.so").symlink_to(kept)
    _prune(kept.parent)
    return Built(None)


def _prelude(compiler: Compiler, harness: Path, source: bytes) -> Path:
    """The prelude a solution build starts from: with all of the standard library (precompiled the
    first time it is wanted) when the solution includes <bits/stdc++.h>, else the interface's headers."""
    small = harness / "prelude.hpp"
    if compiler.family != "gcc" or not EVERYTHING.search(source.decode("utf-8", "replace")):
        return small
    everything = harness / "prelude_everything.hpp"
    compiled = harness / "prelude_everything.hpp.gch"
    if compiled.is_file():
        return everything
    with _lock, open(harness / "prelude_everything.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if compiled.is_file():
            return everything
        text = everything.with_suffix(f".{os.getpid()}.txt")
        text.write_text(EVERYTHING_PRELUDE, encoding="utf-8")
        os.replace(text, everything)  # a build reading it meanwhile sees the whole text
        staging = compiled.with_suffix(f".{os.getpid()}.tmp")
        try:
            _run(compiler, [*FLAGS, "-x", "c++-header", "-o", str(staging), str(everything)], harness)
            os.replace(staging, compiled)
        except (OSError, subprocess.SubprocessError):
            staging.unlink(missing_ok=True)
            return small  # the text still works, only slower: no reason to fail the submit
    return everything


def _prune(folder: Path) -> None:
    """Keep the most recently used solution builds, and any used in the last hour (a run may be loading it)."""
    recent = time.time() - 3600
    try:
        builds = sorted(folder.glob("*.so"), key=lambda path: path.stat().st_mtime, reverse=True)
        for old in builds[KEPT_SOLUTIONS:]:
            if old.stat().st_mtime < recent:
                old.unlink(missing_ok=True)
        for leftover in folder.glob("*.tmp"):  # from an oa-sim killed while it stored a build
            if leftover.stat().st_mtime < recent:
                leftover.unlink(missing_ok=True)
    except OSError:
        pass  # another oa-sim pruned first


_DIAGNOSTIC = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+):(?:\d+:)? (?P<kind>fatal error|error|warning|note): (?P<text>.*)$")
_REQUIRED = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+):(?:\d+:)?\s+required from")
_LINKER = re.compile(r"(undefined reference to .*|multiple definition of .*)$")


def trim(output: str, names: dict[str, str], returncode: int) -> tuple[str, str]:
    """(one line, the errors that matter) from the compiler's output: ``file:line: error: message``
    for the candidate's files; oa-sim's dispatch.cpp is named as the place the grader calls the class."""
    mine = {names["solution_file"], names["interface_file"], *names.get("extra_files", [])}
    calls = f"oa-sim's call of {names['impl_class']}"
    lines: list[str] = []
    first_mine = first_other = None
    last_required = None  # the candidate's line a template error deep in a library header came from
    for raw in output.splitlines():
        required = _REQUIRED.match(raw)
        if required and Path(required["file"]).name in mine:
            last_required = f"{Path(required['file']).name}:{required['line']}"
            continue
        found = _DIAGNOSTIC.match(raw)
        linked = _LINKER.search(raw)
        if found is None:
            if linked:
                line = f"link error: {linked.group(1)} (declared, but never defined?)" if "undefined" in linked.group(1) else f"link error: {linked.group(1)}"
                lines.append(line)
                first_mine = first_mine or line
            continue
        name = Path(found["file"]).name
        kind, text = found["kind"], found["text"]
        if kind == "warning":
            continue
        if name in mine:
            line = f"{name}:{found['line']}: {kind}: {text}"
        elif name == "dispatch.cpp":
            line = f"{calls}: {kind}: {text}"
        elif kind == "note":
            continue  # a library's notes ("candidate: ...") are noise beside the error itself
        else:
            line = f"{last_required or name}: {kind}: {text}" if last_required else f"{name}:{found['line']}: {kind}: {text}"
        lines.append(line)
        if kind != "note":
            if name in mine:
                first_mine = first_mine or line
            else:
                first_other = first_other or line
    first = first_mine or first_other
    if first is None:
        tail = [line for line in output.strip().splitlines() if line.strip()][-3:]
        return f"the compiler failed (exit status {returncode}): {' | '.join(tail) or 'no output'}", output.strip()[-3000:]
    detail = "\n".join(dict.fromkeys(lines[:SHOWN_LINES]))
    return f"compile error: {first}", detail
