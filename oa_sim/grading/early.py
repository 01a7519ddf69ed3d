"""A compiled language's build, started the moment a grading command starts.

A Go, C++ or TypeScript submit waits mostly on the compiler, and the compiler needs only the
solution and the interface, which the workspace holds before oa-sim has loaded click, read its
record or parsed a hidden test. So the console script lays out a run folder from the workspace and
starts its build in a thread at once (``EarlyBuild``): the compiler runs on one core while oa-sim
starts up on the other. The grader takes that build only when the run folder it would lay out is
byte for byte the one built (the same source, the interface of the session's level, the same
harness); otherwise it builds as it always does, in a folder of its own. Either way the build is
the language's own ``build``, with its own time limit, in the parent, before any test's clock.

Kept light to import: it loads before click.
"""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from oa_sim.languages import Language


class EarlyBuild:
    """``files`` written into ``workdir`` and ``language.build`` running on them in a thread.

    ``result()`` waits for it. An unused build is left to finish by itself when the command ends
    (its thread is a daemon): waiting for a compile whose result nobody wants would only delay
    an error the command has already shown.
    """

    def __init__(self, language: "Language", workdir: Path, files: dict[str, bytes]) -> None:
        self.language = language
        self.workdir = workdir
        self.files = files
        self.copies: dict[Path, str] = {}  # each file's checksum, as ``layout.write_run_folder`` gives
        for relative, data in files.items():
            target = workdir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            self.copies[target] = hashlib.sha256(data).hexdigest()
        self.seconds = 0.0  # how long the build took, once it is done
        self._outcome: tuple[str, str] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._build, name="oa-sim early build", daemon=True)
        self._thread.start()

    def _build(self) -> None:
        started = time.monotonic()
        try:
            self._outcome = self.language.build(self.workdir)
        except BaseException as error:  # noqa: BLE001 - handed to the thread that waits for it
            self._error = error
        finally:
            self.seconds = time.monotonic() - started

    def serves(self, files: dict[str, bytes]) -> bool:
        """Whether this build is of exactly these run-folder files."""
        return files == self.files

    def result(self) -> tuple[str, str] | None:
        """Wait for the build; what ``Language.build`` returned, or raise what it raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._outcome
