"""The Go toolchain seen from the parent: is it there, where its build cache lives, how a run folder
is compiled, and how the compiler's and the runtime's words are cut to what a candidate needs.

Compiling happens here, in oa-sim's own process, before any test starts (``Language.build``): the
child is the program built. Go's build cache does the caching, keyed by the hash of every input,
so the harness and the standard library are compiled once per machine and only the candidate's
package and the link are redone on a submit. The cache is oa-sim's own folder, computed here: the
child's HOME is a private folder of each run, and a cache there would make every build cold.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

MINIMUM = (1, 19)
BINARY = "oasim-harness"
SOLUTION_PACKAGE = "oasimrun/solution"  # the candidate's package in the run folder's module
BUILD_SECONDS = 300  # a cold cache compiles the standard library first: tens of seconds on a slow machine
SHOWN_ERRORS = 10
KEPT_PROGRAMS = 24  # built programs kept for reuse (about 2 MB each): a few sessions' worth
# What the parent's environment may say that would change the build (a cross-compile target, a
# workspace file, a proxy to download from) or the program's runtime behaviour.
BUILD_ENV_DROPPED = ("GOOS", "GOARCH", "GOFLAGS", "GOWORK", "GOEXPERIMENT", "GOENV", "GOTOOLCHAIN", "GOPROXY")
RUNTIME_ENV_DROPPED = ("GOGC", "GOMEMLIMIT", "GODEBUG", "GOTRACEBACK", "GOMAXPROCS")
_VERSION = re.compile(r"go(\d+)\.(\d+)")
_ERROR = re.compile(r"^(?:\./)?(?P<path>[^\s:]+\.go):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<message>.*)$")


@lru_cache(maxsize=1)
def problem() -> str | None:
    """Why Go cannot be graded here (no ``go``, or one older than 1.19), or None."""
    found = version()
    if found is None:
        return "Go needs the Go toolchain 1.19 or newer (`go` on PATH; Debian and Ubuntu: apt-get install golang-go); it is not installed."
    if found < MINIMUM:
        return f"Go needs the Go toolchain 1.19 or newer (`go` on PATH); this machine has go{found[0]}.{found[1]}."
    return None


@lru_cache(maxsize=1)
def version() -> tuple[int, int] | None:
    """The toolchain's (major, minor), or None when there is no working ``go``."""
    match = _VERSION.search(_version_text())
    return (int(match.group(1)), int(match.group(2))) if match else None


@lru_cache(maxsize=1)
def _version_text() -> str:
    """What ``go version`` says (``go version go1.19.8 linux/amd64``), or "" without a working ``go``."""
    go = shutil.which("go")
    if go is None:
        return ""
    try:
        return subprocess.run([go, "version"], capture_output=True, text=True, timeout=20, env=build_env()).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def go_directive() -> str:
    """The ``go`` line of a go.mod: the toolchain's own version, so every feature it has is on and
    nothing newer is asked for (which a newer toolchain would try to download)."""
    found = version() or MINIMUM
    return f"{found[0]}.{found[1]}"


def cache_dir() -> Path:
    """oa-sim's Go cache: ``$OA_SIM_CACHE``, else ``$XDG_CACHE_HOME/oa-sim``, else ``~/.cache/oa-sim``;
    a folder of the temp dir when none of those can be written."""
    base = os.environ.get("OA_SIM_CACHE") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "oa-sim")
    folder = Path(base) / "go"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder
    except OSError:
        pass
    folder = Path(tempfile.gettempdir()) / f"oa-sim-cache-{os.getuid()}" / "go"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def build_env() -> dict[str, str]:
    """The compiler's environment: oa-sim's cache, no network, no cgo (so no C compiler is needed)."""
    env = {k: v for k, v in os.environ.items() if k not in BUILD_ENV_DROPPED and k not in RUNTIME_ENV_DROPPED}
    cache = cache_dir()
    env.update(
        GOCACHE=str(cache / "build"),
        GOPATH=str(cache / "path"),
        GOFLAGS="-mod=mod",
        GOPROXY="off",  # the standard library only: a build never downloads anything
        GOSUMDB="off",
        GOTOOLCHAIN="local",
        GOWORK="off",  # a go.work above the run folder must not pull other modules in
        GOENV="off",
        GOTELEMETRY="off",
        GO111MODULE="on",
        CGO_ENABLED="0",
    )
    return env


def run_env(env: dict[str, str]) -> dict[str, str]:
    """The child's environment: without the variables that change how a Go program runs."""
    return {k: v for k, v in env.items() if k not in RUNTIME_ENV_DROPPED}


def build(workdir: Path, solution_file: str, impl_class: str, package: str) -> tuple[str, str] | None:
    """Compile the run folder into ``BINARY``; ``(one line, the errors as file:line: message)`` when it fails.

    A program built before from the very same files (``oa-sim test``, then ``submit`` of unchanged
    code) is copied from the cache: Go's own cache spares the compile, but never the link."""
    key = _inputs_key(workdir)
    programs = cache_dir() / "programs"
    if _reuse(programs / key, workdir / BINARY):
        return None
    go = shutil.which("go") or "go"
    try:
        process = subprocess.Popen(build_command(go), cwd=workdir, env=build_env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **_OWN_GROUP)
    except OSError as error:
        return f"cannot run the Go compiler: {error.strerror}", ""
    try:
        out, _ = process.communicate(timeout=BUILD_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # go runs the compiler and linker as processes of its own
        process.communicate()
        return f"compiling took longer than {BUILD_SECONDS} s", ""
    if process.returncode != 0:
        return compile_account(out.decode("utf-8", "replace"), str(workdir), solution_file, impl_class, package)
    _keep(workdir / BINARY, programs, key)
    return None


# A process group of its own, to kill the compiler's processes with it; in oa-sim's session, so that
# Linux's per-session CPU share (autogroup) does not give a compile as much CPU as a timed test
# of another run going on at the same time (validate grades two at once).
_OWN_GROUP = {"process_group": 0} if sys.version_info >= (3, 11) else {"start_new_session": True}


def build_command(go: str, output: str = BINARY) -> list[str]:
    """How the run folder is compiled (the benchmark builds its bare Go program the same way)."""
    # -trimpath names files by import path, not by the run's folder, so the cache's entries for the
    # harness match from one run to the next; -s -w drop the symbol tables that a panic's trace does
    # not need (Go keeps its own line tables), which makes the link quicker.
    return [go, "build", "-trimpath", "-ldflags=-s -w", "-o", output, "."]


def _inputs_key(workdir: Path) -> str:
    """A hash of everything the program is built from: the run folder's Go files, the toolchain, the command."""
    digest = hashlib.sha256(repr((_version_text(), build_command("go"), build_env().get("CGO_ENABLED"))).encode())
    for path in sorted([*workdir.rglob("*.go"), workdir / "go.mod"]):
        digest.update(str(path.relative_to(workdir)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _reuse(cached: Path, target: Path) -> bool:
    try:
        shutil.copyfile(cached, target)  # a copy: the run may do what it likes with its own
    except OSError:
        return False
    target.chmod(0o755)
    os.utime(cached)  # recently used: kept by the pruning below
    return True


def _keep(built: Path, programs: Path, key: str) -> None:
    """Put a newly built program in the cache (atomically), and drop the least recently used ones."""
    try:
        programs.mkdir(parents=True, exist_ok=True)
        partial = programs / f".{key}.{os.getpid()}.{threading.get_ident()}"
        shutil.copyfile(built, partial)
        os.replace(partial, programs / key)
        kept = sorted(programs.iterdir(), key=lambda path: path.stat().st_mtime, reverse=True)
        for stale in kept[KEPT_PROGRAMS:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs the next link


def compile_account(output: str, workdir: str, solution_file: str, impl_class: str, package: str) -> tuple[str, str]:
    """The compiler's complaint cut to what the candidate wrote: each error as ``file:line:col:
    message``, without the run folder, the package headers, or the generated main's own names."""
    errors: list[list[str]] = []  # [file, line, column, message (and the lines that explain it)]
    for raw in output.replace(workdir + "/", "").replace(workdir, "").splitlines():
        line = raw.rstrip()
        if not line.strip() or line.startswith(("#", "go: finding module")):
            continue
        if raw[:1].isspace() and errors:  # "have X / want Y" under the error it explains
            errors[-1][3] += "\n" + line
            continue
        match = _ERROR.match(line)
        if match is None:
            errors.append(["", "", "", line])
        elif match.group("path").startswith("harness/"):  # oa-sim's own code: not the candidate's failure
            from oa_sim.grading.layout import grader_error

            raise grader_error(f"oa-sim's Go harness does not compile with this toolchain: {line}")
        elif match.group("path").startswith("solution/"):
            name = match.group("path").rsplit("/", 1)[-1]
            errors.append([name, match.group("line"), match.group("col") or "1", _plain(match.group("message"), package)])
        else:  # the generated main.go: what it says is about the constructor or the package clause
            errors.append([solution_file, "", "", _glue_message(_plain(match.group("message"), package), impl_class, package)])
    if not errors:
        errors.append(["", "", "", "the Go compiler failed without saying why"])
    detail = "\n".join(":".join(part for part in error[:3] if part) + (": " if error[0] else "") + error[3] for error in errors[:SHOWN_ERRORS])
    name, line, _, message = errors[0]
    where = f"{name} line {line}: " if line else f"{name}: " if name else ""
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}compile error: {message.splitlines()[0]}{more}", detail


def _plain(message: str, package: str) -> str:
    """The compiler's message without the grader's package paths, and with a hint where one helps."""
    # "counter.NewCounterImpl" is the candidate's NewCounterImpl; "counter.go" stays a file name.
    message = re.sub(rf"\b(?:{re.escape(SOLUTION_PACKAGE)}|solution|{re.escape(package)})\.(?=[A-Z(*])", "", message)
    message = message.replace(" in solution", "")
    if "module providing package" in message or "is not in GOROOT" in message or "no required module provides" in message:
        message += " (only Go's standard library is available)"
    return message


def _glue_message(message: str, impl_class: str, package: str) -> str:
    constructor = f"func New{impl_class}() *{impl_class}"
    if "found packages" in message or "is a program, not an importable package" in message:
        return f"keep `package {package}`, the package of the interface file, in every .go file of yours ({message})"
    if message.startswith("undefined:"):
        return f"declare `{constructor}`: the grader creates each test's instance with it"
    return f"the grader creates each test's instance with `{constructor}`, so it must take no arguments and return one value ({message})"


def crash_note(output: str, returncode: int | None) -> str:
    """What a Go program that died mid-test said last, as `` (...)``: an unrecovered panic (in a
    goroutine of the candidate's: the harness recovers its own), a fatal runtime error, or an exit
    status (os.Exit, log.Fatal)."""
    lines = output.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("panic: "):
            what = _clip(line[len("panic: ") :])
            # Goroutine 1 runs package initialization; the harness plays every call in another.
            if any(later.startswith("goroutine 1 [") for later in lines[number + 1 : number + 4]):
                return f" (panic: {what})"
            return f" (panic in a goroutine, which no recover reaches: {what})"
        if line.startswith("fatal error: "):
            what = line[len("fatal error: ") :]
            if "out of memory" in what or "cannot allocate memory" in what:
                return " (ran out of memory)"
            if "stack overflow" in what:
                return " (fatal error: stack overflow: a recursion that never ends?)"
            return f" (fatal error: {_clip(what)})"
    if returncode is not None and returncode > 0:
        return f" (os.Exit({returncode}), or log.Fatal)"
    if returncode == 0:
        return " (os.Exit(0))"
    return ""


def _clip(text: str, width: int = 160) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."
