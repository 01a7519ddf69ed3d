"""oa-sim's data folder: where it is, and when it cannot be written (a read-only disk, a full
one) what is wrong with it, the one error every writing command gives, how the record is still
read, and the error for any failed read or write of the record, which says what is at fault.

A record whose folder cannot be written is intact: it is read as it stands (SQLite's read-only,
immutable mode, which writes nothing beside it), and only writing is refused, before anything is
graded or laid out.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import quote

from oa_sim.errors import ExitCode, OaSimError

HOME_ENV = "OA_SIM_HOME"
READ_ONLY, FULL = "read-only", "full"
READ_ONLY_ERRORS = {errno.EROFS, errno.EACCES, errno.EPERM}
FULL_ERRORS = {errno.ENOSPC, errno.EDQUOT}
PROBE_BYTES = 64 * 1024  # about what a submission adds to the record: a folder with less room is full


def default_home() -> Path:
    """``$OA_SIM_HOME``, else the XDG data folder (``~/.local/share/oa-sim``).

    A relative ``OA_SIM_HOME`` is taken from the user's home folder, not from wherever a command
    runs: every command, in the workspace or above it, must find the same record."""
    if os.environ.get(HOME_ENV):
        chosen = Path(os.environ[HOME_ENV]).expanduser()
        return chosen if chosen.is_absolute() else Path.home() / chosen
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "oa-sim"


def fault_of(error: OSError) -> str | None:
    """READ_ONLY or FULL when ``error`` says a folder cannot be written, else None."""
    if error.errno in READ_ONLY_ERRORS:
        return READ_ONLY
    if error.errno in FULL_ERRORS:
        return FULL
    return None


def write_fault(folder: Path) -> str | None:
    """Whether ``folder`` can take a write: None, or READ_ONLY / FULL.

    Asked by trying, since file modes say nothing to root and nothing of a full disk."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(dir=folder, prefix=".oa-sim-probe-")
    except OSError as error:
        return fault_of(error)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(b"\0" * PROBE_BYTES)
            file.flush()
            os.fsync(file.fileno())
    except OSError as error:
        return fault_of(error)
    finally:
        try:
            os.unlink(probe)
        except OSError:
            pass
    return None


def cannot_write(home: Path, fault: str) -> OaSimError:
    """The one error of a command that would write to a read-only or full data folder."""
    why = "is read-only" if fault == READ_ONLY else "is full (no space left on its disk)"
    fix = "Make it writable" if fault == READ_ONLY else "Free some space on its disk"
    return OaSimError(
        f"oa-sim's data folder {home} {why}, so nothing can be recorded; nothing was.",
        ExitCode.HOME_UNWRITABLE,
        hint=f"{fix}, or point OA_SIM_HOME at another folder, then run the command again; "
        "`oa-sim status`, `report` and `history` still read the record as it is.",
    )


def read_only_connection(path: Path, home: Path, fault: str) -> sqlite3.Connection:
    """A connection that reads the record at ``path`` and writes nothing, not even beside it.

    A record left with entries in its write-ahead log (an oa-sim killed while writing) is read
    with them, which needs SQLite's shared-memory file already there; without one the entries
    cannot be read, and the error says so rather than show a record missing its last entries.
    """
    wal = path.with_name(path.name + "-wal")
    pending = wal.is_file() and wal.stat().st_size > 0
    uri = f"file:{quote(str(path))}?mode=ro" + ("" if pending else "&immutable=1")
    connection = sqlite3.connect(uri, uri=True, timeout=10, isolation_level=None)
    if pending:
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError:
            connection.close()
            raise OaSimError(
                f"The last entries of the oa-sim record {path} are still in {wal.name}, which cannot be "
                f"read while its folder {home} is {fault}.",
                ExitCode.HOME_UNWRITABLE,
                hint=f"{'Make it writable' if fault == READ_ONLY else 'Free some space on its disk'}, "
                "then run the command again: nothing is lost.",
            ) from None
    return connection


# SQLite's words for a record that is whole but cannot be reached or written just now.
_NOT_DAMAGE = ("SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_FULL", "SQLITE_READONLY", "SQLITE_PERM", "SQLITE_BUSY", "SQLITE_LOCKED")


def intact(error: sqlite3.DatabaseError) -> bool:
    """Whether ``error`` says nothing against the record itself (its folder or disk is at fault)."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    return name.startswith(_NOT_DAMAGE) or any(
        words in text for words in ("unable to open", "disk I/O", "disk is full", "readonly database")
    )


def store_error(path: Path, error: Exception) -> OaSimError:
    """The one-line error for a failed read or write of the record, saying what is at fault:
    another writer, the folder (read-only, full), or the file itself. Only a file that really
    is damaged is ever said to need moving aside."""
    text = str(error)
    name = getattr(error, "sqlite_errorname", "") or ""
    if "locked" in text or "busy" in text:
        # Another oa-sim held the write lock longer than the connection's timeout.
        return OaSimError(
            f"The oa-sim record {path} is busy (another oa-sim command is writing to it).",
            ExitCode.BUSY,
            hint="Wait for it to finish, then try again.",
        )
    if isinstance(error, sqlite3.DatabaseError) and intact(error):
        if name.startswith("SQLITE_FULL") or "disk is full" in text:
            return cannot_write(path.parent, FULL)
        fault = write_fault(path.parent)
        if fault is not None:
            return cannot_write(path.parent, fault)
        if name.startswith("SQLITE_READONLY") or "readonly database" in text:
            return OaSimError(
                f"The oa-sim record {path} is read-only, so nothing can be recorded; nothing was.",
                ExitCode.HOME_UNWRITABLE,
                hint="Make the file writable (its folder is), then run the command again.",
            )
        return OaSimError(
            f"The oa-sim record {path} cannot be reached ({text}).",
            ExitCode.NO_SESSION,
            hint=f"Check its folder {path.parent} and its disk, then try again; the record is left as it is.",
        )
    return OaSimError(
        f"The oa-sim record {path} cannot be read ({text}).",
        ExitCode.NO_SESSION,
        hint=f"Move it aside, with any {path.name}-wal and {path.name}-shm beside it, to start afresh "
        f"(oa-sim never deletes it), or point {HOME_ENV} elsewhere.",
    )
