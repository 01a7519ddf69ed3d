"""The TypeScript compiler, as the grader uses it: find it, compile a run folder, keep what it made.

``tsc`` is found on ``PATH``. TypeScript 7's ``tsc`` is a small Node script that starts the native
compiler shipped beside it; when that binary is found it is run directly, which spares a Node
start-up on every compile. Older TypeScript (5.x) is a JavaScript program and is run as it is.

A compile's result, the emitted JavaScript or the diagnostics, is kept in a cache folder keyed by
a hash of the compiler and every file it read, so submitting code that was just tested (or a
validation grading the same source twice) does not compile again.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from oa_sim.languages import version_tuple

MINIMUM = (5, 0)  # lib "es2023" and the diagnostics format used here
COMPILE_SECONDS = 120  # far above any real compile; a pathological type must not hang the submit
CACHE_ENTRIES = 200  # a few KB each; the oldest go first
CACHE_FORMAT = "2"  # bump when what an entry holds changes
FAILED = "diagnostics.txt"
# "src/x.ts(12,5): error TS2322: ..." and the indented lines that elaborate on it.
_DIAGNOSTIC = re.compile(r"^(?P<file>[^\s(][^(]*)\((?P<line>\d+),(?P<col>\d+)\): error (?P<code>TS\d+): (?P<text>.*)$")
_GLOBAL_DIAGNOSTIC = re.compile(r"^error (TS\d+): (.*)$")
_MACHINES = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


@dataclass(frozen=True)
class Compiler:
    """A TypeScript compiler found on this machine: the command that runs it and its version."""

    command: tuple[str, ...]
    version: str

    @property
    def identity(self) -> str:
        """What tells this compiler from another, for the cache key."""
        try:
            stamp = os.stat(self.command[-1]).st_mtime_ns
        except OSError:
            stamp = 0
        return f"{' '.join(self.command)}|{self.version}|{stamp}"


@dataclass(frozen=True)
class Diagnostic:
    """One error the compiler printed, with the lines that elaborate on it."""

    file: str  # as the compiler named it, relative to the run folder ("src/x.ts"), or "" for a global one
    line: int
    column: int
    code: str
    text: str
    more: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def find() -> "Compiler | str":
    """The compiler, or why there is none usable (a sentence naming what to install)."""
    tsc = shutil.which("tsc")
    if tsc is None:
        return "it is not installed"
    command = _native(Path(tsc)) or (tsc,)
    found = _package_version(Path(tsc)) or _reported_version(command)
    if not version_tuple(found):
        return found
    if version_tuple(found) < MINIMUM:
        return f"this machine has TypeScript {found}"
    return Compiler(command, found)


def _package_version(wrapper: Path) -> str:
    """The version in the ``typescript`` package's own package.json beside ``bin/tsc``: read, not
    asked of the compiler, so a submit starts no process to learn it."""
    try:
        package = json.loads((wrapper.resolve().parent.parent / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    if not isinstance(package, dict) or package.get("name") != "typescript":
        return ""
    return str(package.get("version") or "")


def _reported_version(command: tuple[str, ...]) -> str:
    """``tsc --version``'s answer ("5.9.3"), or why it gave none."""
    try:
        done = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as error:
        return f"`tsc --version` failed ({error})"
    found = done.stdout.strip().removeprefix("Version ")
    if done.returncode != 0 or not version_tuple(found):
        return f"`tsc --version` failed ({(done.stderr or found).strip()[:200] or f'exit status {done.returncode}'})"
    return found


def _native(wrapper: Path) -> tuple[str, ...] | None:
    """TypeScript 7's native compiler beside the ``tsc`` script that would start it, if there is one."""
    try:
        package = wrapper.resolve().parent.parent  # <package>/bin/tsc
        if not (package / "lib" / "getExePath.js").is_file():
            return None
    except OSError:
        return None
    machine = _MACHINES.get(platform.machine().lower())
    system = {"linux": "linux", "darwin": "darwin"}.get(platform.system().lower())
    if machine is None or system is None:
        return None
    name = f"typescript-{system}-{machine}"
    for folder in (package / "node_modules" / "@typescript" / name, package.parent / "@typescript" / name):
        exe = folder / "lib" / "tsc"
        if exe.is_file() and os.access(exe, os.X_OK):
            return (str(exe),)
    return None


# -- compiling -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """A compile's result: ``diagnostics`` empty when it succeeded; ``cached`` when no compiler ran."""

    diagnostics: tuple[Diagnostic, ...]
    seconds: float
    cached: bool


def compile_folder(
    compiler: Compiler, workdir: Path, inputs: list[str], outputs_from: tuple[str, ...], mapped: tuple[str, ...]
) -> Outcome:
    """Compile ``workdir`` (its ``tsconfig.json`` reads ``inputs``); the JavaScript lands beside it.

    ``outputs_from`` are the emitted files' stems. Those in ``mapped`` keep a source map, made to
    name the source without the ``src/`` folder, so a stack trace says ``x.ts:12`` as the
    candidate's folder does; the others lose theirs, because Node reads a module's map each time
    the module loads, and the harness loads the solution's modules afresh for every test.
    Raises ``CompilerFailed`` when the compiler itself fails (no diagnostics, a crash, too long).
    """
    started = time.monotonic()
    key = _key(compiler, workdir, inputs)
    cache = cache_root()
    entry = cache / key if cache is not None else None
    if entry is not None and _restore(entry, workdir):
        text = (entry / FAILED).read_text(encoding="utf-8") if (entry / FAILED).is_file() else ""
        return Outcome(parse(text), time.monotonic() - started, True)
    env = {k: v for k, v in os.environ.items() if k not in ("NODE_OPTIONS", "NODE_PATH")}
    try:
        done = subprocess.run(
            [*compiler.command, "-p", "tsconfig.json"],
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=COMPILE_SECONDS,
        )
    except subprocess.TimeoutExpired:
        raise CompilerFailed(f"the TypeScript compiler did not finish within {COMPILE_SECONDS} s") from None
    except OSError as error:
        raise CompilerFailed(f"the TypeScript compiler could not start ({error.strerror})") from None
    text = (done.stdout + done.stderr).decode("utf-8", "replace")
    diagnostics = parse(text)
    if done.returncode != 0 and not diagnostics:
        tail = " | ".join(text.strip().splitlines()[-3:]) or "no output"
        raise CompilerFailed(f"the TypeScript compiler failed (exit status {done.returncode}): {tail}")
    if not diagnostics:
        for stem in outputs_from:
            if stem in mapped:
                _name_sources_plainly(workdir / f"{stem}.js.map")
            else:
                _drop_source_map(workdir, stem)
    produced = [] if diagnostics else [f"{stem}.js" for stem in outputs_from] + [f"{stem}.js.map" for stem in mapped]
    if entry is not None:
        _keep(entry, workdir, produced, text if diagnostics else None)
    return Outcome(diagnostics, time.monotonic() - started, False)


class CompilerFailed(Exception):
    """The compiler did not compile (it crashed, or ran too long): not an error in the candidate's code."""


def parse(text: str) -> tuple[Diagnostic, ...]:
    """The errors in the compiler's plain (``--pretty false``) output."""
    found: list[Diagnostic] = []
    for line in text.splitlines():
        match = _DIAGNOSTIC.match(line)
        if match:
            found.append(Diagnostic(match["file"], int(match["line"]), int(match["col"]), match["code"], match["text"]))
            continue
        plain = _GLOBAL_DIAGNOSTIC.match(line)
        if plain:
            found.append(Diagnostic("", 0, 0, plain[1], plain[2]))
        elif found and line.startswith(" ") and line.strip():
            last = found[-1]
            found[-1] = Diagnostic(last.file, last.line, last.column, last.code, last.text, (*last.more, line.rstrip()))
    return tuple(found)


def _drop_source_map(workdir: Path, stem: str) -> None:
    script = workdir / f"{stem}.js"
    text = script.read_text(encoding="utf-8")
    script.write_text(re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text), encoding="utf-8")
    (workdir / f"{stem}.js.map").unlink(missing_ok=True)


def _name_sources_plainly(map_path: Path) -> None:
    try:
        data = json.loads(map_path.read_text(encoding="utf-8"))
        data["sources"] = [Path(source).name for source in data.get("sources", [])]
        data.pop("sourceRoot", None)
        map_path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    except (OSError, ValueError, AttributeError):
        pass  # a trace that says src/x.ts is still a right one


# -- the cache ------------------------------------------------------------------------------------


def cache_root() -> Path | None:
    """``$XDG_CACHE_HOME/oa-sim/typescript`` (``~/.cache`` by default), else one in the temp folder,
    else None (no cache: every compile runs). Worked out in the parent, whose environment is the user's."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    candidates = [Path(base) / "oa-sim" / "typescript", Path(tempfile.gettempdir()) / f"oa-sim-cache-{os.getuid()}" / "typescript"]
    for folder in candidates:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.access(folder, os.W_OK):
                return folder
        except OSError:
            continue
    return None


def _key(compiler: Compiler, workdir: Path, inputs: list[str]) -> str:
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{compiler.identity}".encode())
    for name in ["tsconfig.json", *inputs]:
        data = (workdir / name).read_bytes()
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()[:40]


def _restore(entry: Path, workdir: Path) -> bool:
    try:
        names = [path.name for path in entry.iterdir()]
        for name in names:
            if name != FAILED:
                shutil.copyfile(entry / name, workdir / name)
        os.utime(entry)  # recently used: the pruning keeps it
        return bool(names)
    except OSError:
        return False


def _keep(entry: Path, workdir: Path, produced: list[str], failed: str | None) -> None:
    """Store an entry atomically (a folder renamed into place), so parallel compiles never see half of one."""
    if entry.exists():
        return
    try:
        staging = Path(tempfile.mkdtemp(prefix="new-", dir=entry.parent))
        for name in produced:
            shutil.copyfile(workdir / name, staging / name)
        if failed is not None:
            (staging / FAILED).write_text(failed, encoding="utf-8")
        try:
            os.rename(staging, entry)
        except OSError:  # another run stored the same entry first
            shutil.rmtree(staging, ignore_errors=True)
        _prune(entry.parent)
    except OSError:
        pass  # a cache that cannot be written only costs time


def _prune(root: Path) -> None:
    """Keep the newest ``CACHE_ENTRIES`` entries; drop staging folders a killed oa-sim left."""
    dated = []
    for path in root.iterdir() if root.is_dir() else ():
        try:
            dated.append((path.stat().st_mtime, path))
        except OSError:
            continue  # removed by a parallel prune
    dated.sort()
    entries = [path for _, path in dated if not path.name.startswith("new-")]
    stale = [path for stamp, path in dated if path.name.startswith("new-") and stamp < time.time() - 3600]
    for path in entries[: max(0, len(entries) - CACHE_ENTRIES)] + stale:
        shutil.rmtree(path, ignore_errors=True)
