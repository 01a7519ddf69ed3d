"""The JDK: finding it, compiling the harness once into a cache, and the candidate's files per run.

Compilation dominates a Java submit, so what does not change between submits is kept: the
harness's classes, and a class-data archive of the compiler itself (``javac`` then starts in half
the time), in a folder keyed by a hash of the harness sources and the JDK's version. The folder is
found here, in the parent: a grading child's ``HOME`` and ``XDG_*`` are private to its run.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MINIMUM_MAJOR = 17
HARNESS_SOURCES = Path(__file__).with_name("harness")
HARNESS_MAIN = "oasim.Harness"
# The JVM settings of every java and javac this language starts: the client compiler (C1) and the
# serial collector start fastest, and a run of a few hundred thousand calls needs no more.
JVM_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto")
# javac's messages in English, whatever the machine's locale: the parent reads them.
JAVAC_JVM = (*JVM_FLAGS, "-Duser.language=en", "-Duser.country=US", "-Xmx768m")
JAVAC_OPTIONS = ("-proc:none", "-implicit:none", "-encoding", "UTF-8", "-nowarn", "-Xlint:none", "-Xmaxerrs", "20")
COMPILE_SECONDS = 120  # a compile that takes longer is stuck; real solutions take well under one
# Variables that would change how a JVM starts (or what it loads) behind the flags above.
HIDDEN_ENV = ("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS", "JAVA_OPTIONS", "CLASSPATH")
STALE_CACHE_SECONDS = 30 * 24 * 3600  # another version's cache, untouched this long, is removed
SOURCE_DIR = "src"
CLASSES_DIR = "classes"
_ERROR = re.compile(r"^(?P<file>[^\s:][^:]*\.java):(?P<line>\d+): error: (?P<message>.*)$")
_DETAIL = re.compile(r"^\s+(symbol|location|required|found|reason)\s*:")
_COUNT = re.compile(r"^\d+ errors?$")


@dataclass(frozen=True)
class Jdk:
    java: str
    javac: str
    version: str  # "17.0.15", javac's


@lru_cache(maxsize=1)
def find() -> "Jdk | str":
    """The JDK on PATH, or why there is none this language can use (cached for the process)."""
    need = f"Java needs JDK {MINIMUM_MAJOR} or newer (javac and java on PATH)"
    java, javac = shutil.which("java"), shutil.which("javac")
    if java is None and javac is None:
        return f"{need}; neither is installed."
    if javac is None:
        return f"{need}; only a Java runtime is installed, not the compiler (javac)."
    if java is None:
        return f"{need}; `java` is not on PATH."
    try:
        compiler, runtime = _version(javac, "-version"), _version(java, "-version")
    except (OSError, subprocess.SubprocessError) as error:
        return f"{need}; `javac -version` failed ({error})."
    if _major(compiler) < MINIMUM_MAJOR:
        return f"{need}; this machine has javac {compiler or '(version unknown)'}."
    if _major(runtime) < MINIMUM_MAJOR:
        return f"{need}; `java` on PATH is older: {runtime or 'version unknown'}."
    return Jdk(java, javac, compiler)


def _version(binary: str, flag: str) -> str:
    """The version of the JDK ``binary`` belongs to ("17.0.15"): from the ``release`` file beside
    its ``bin`` folder, which every JDK build has, else by asking it (half a second for javac, and
    every oa-sim command that grades asks)."""
    release = Path(os.path.realpath(binary)).parent.parent / "release"
    try:
        found = re.search(r'^JAVA_VERSION="([^"]+)"', release.read_text(encoding="utf-8", errors="replace"), re.M)
    except OSError:
        found = None
    if found:
        return found.group(1)
    said = _run_quietly([binary, flag])
    found = re.search(r'(?:javac |version ")(\d[\w.+-]*)', said)
    return found.group(1) if found else ""


def _major(version: str) -> int:
    """17 for "17.0.15", 8 for the old style "1.8.0_392", 0 for nothing readable."""
    parts = re.findall(r"\d+", version)
    if not parts:
        return 0
    return int(parts[1]) if parts[0] == "1" and len(parts) > 1 else int(parts[0])


def _run_quietly(command: list[str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=30, env=clean_env(dict(os.environ)), stdin=subprocess.DEVNULL)
    return done.stdout + done.stderr


def clean_env(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k not in HIDDEN_ENV}


def cache_root() -> Path:
    """``$XDG_CACHE_HOME/oa-sim`` (``~/.cache/oa-sim``), or a private folder of the temp dir when
    that cannot be written."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    for folder in (Path(base) / "oa-sim", Path(tempfile.gettempdir()) / f"oa-sim-cache-{os.getuid()}"):
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if os.access(folder, os.W_OK | os.X_OK):
                return folder
        except OSError:
            continue
    raise OSError("no cache folder can be written")


@lru_cache(maxsize=1)
def harness_home() -> Path:
    """The cache folder of this harness on this JDK: ``classes/`` and the compiler's ``javac.jsa``."""
    jdk = find()
    digest = hashlib.sha256(str(jdk).encode())
    digest.update(" ".join(JAVAC_JVM).encode())
    for source in sorted(HARNESS_SOURCES.glob("*.java")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return cache_root() / f"java-{digest.hexdigest()[:16]}"


def harness_classes() -> Path:
    return harness_home() / CLASSES_DIR


def ensure_harness(jdk: Jdk) -> None:
    """Compile the harness into the cache unless it is there; the same run records the compiler's
    class-data archive, which every later compile starts from."""
    home = harness_home()
    if (home / CLASSES_DIR / "oasim" / "Harness.class").is_file():
        return
    staging = Path(tempfile.mkdtemp(prefix=f"{home.name}.", dir=home.parent))
    try:
        sources = sorted(str(p) for p in HARNESS_SOURCES.glob("*.java"))
        archive = staging / "javac.jsa"
        command = [jdk.javac, *(f"-J{flag}" for flag in JAVAC_JVM), f"-J-XX:ArchiveClassesAtExit={archive}"]
        command += [*JAVAC_OPTIONS, "-d", str(staging / CLASSES_DIR), *sources]
        done = subprocess.run(command, capture_output=True, text=True, timeout=COMPILE_SECONDS, env=clean_env(dict(os.environ)), stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise OSError(f"the Java harness does not compile: {done.stderr.strip()[:2000]}")
        try:
            staging.rename(home)
        except OSError:  # another oa-sim compiled it meanwhile: theirs is as good
            if not (home / CLASSES_DIR / "oasim" / "Harness.class").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _prune(home)


def _prune(kept: Path) -> None:
    """Remove the caches of other harness versions or JDKs (and half-built ones) not made lately:
    each holds a compiler archive of some megabytes, and a new one appears with every upgrade."""
    now = time.time()
    for folder in kept.parent.glob("java-*"):
        try:
            if folder != kept and now - folder.stat().st_mtime > STALE_CACHE_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def compile_run(jdk: Jdk, workdir: Path) -> "tuple[str, str] | None":
    """Compile the run folder's ``src/*.java`` into ``classes/``; (one line, the errors) when they do not compile."""
    ensure_harness(jdk)
    sources = sorted(p.name for p in (workdir / SOURCE_DIR).glob("*.java"))
    archive = harness_home() / "javac.jsa"
    command = [jdk.javac, *(f"-J{flag}" for flag in JAVAC_JVM)]
    if archive.is_file():
        command.append(f"-J-XX:SharedArchiveFile={archive}")
    command += [*JAVAC_OPTIONS, "-d", os.path.join("..", CLASSES_DIR), *sources]
    try:
        done = subprocess.run(
            command, cwd=workdir / SOURCE_DIR, capture_output=True, text=True, errors="replace",
            timeout=COMPILE_SECONDS, env=clean_env(dict(os.environ)), stdin=subprocess.DEVNULL,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return f"the Java compiler did not finish within {COMPILE_SECONDS} s", ""
    if done.returncode == 0:
        return None
    return compile_errors(done.stderr)


def compile_errors(output: str) -> tuple[str, str]:
    """javac's output as (the first error on one line, every error with its symbol and location).

    The source line and caret javac prints under each error are left out: the candidate has the
    file open, and the line number says where."""
    kept: list[str] = []
    errors = []
    for line in output.splitlines():
        found = _ERROR.match(line)
        if found:
            errors.append(found)
            kept.append(line)
        elif errors and _DETAIL.match(line):
            kept.append("  " + " ".join(line.split()))
    if not errors:  # not a compile error: the compiler itself failed (out of memory, a crash)
        tail = [line for line in output.strip().splitlines() if line.strip()][-3:]
        return f"the Java compiler failed: {' | '.join(tail) or 'no output'}", output.strip()[-2000:]
    first = errors[0]
    message = first["message"]
    if message == "cannot find symbol":  # which symbol is on a line of its own: say it on this one
        symbol = next((line.split(":", 1)[1].strip() for line in kept[1:] if line.strip().startswith("symbol")), "")
        message += f": {symbol}" if symbol else ""
    more = f" (and {len(errors) - 1} more error{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
    summary = f"does not compile: {first['file']}:{first['line']}: {message}{more}"
    return summary, "\n".join(line for line in kept if not _COUNT.match(line))
