"""How a job fails: an OS error (a full disk) in one line, an input stopped when its time is up."""

from __future__ import annotations

import shutil
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class BuildFailed(Exception):
    """A job stopped by an OS error (a full disk): its partial generation is gone, the live one
    serves on; the message says in one line what failed."""


def describe(err: OSError) -> str:
    """An OS error in one line: its reason and the file, the first of a failed copy's."""
    if isinstance(err, shutil.Error) and err.args and isinstance(err.args[0], list):
        problems = err.args[0]
        if problems and len(problems[0]) == 3:
            src, _dst, why = problems[0]
            more = f" (and {len(problems) - 1} more files)" if len(problems) > 1 else ""
            return f"copying {src}: {why}{more}".replace("\n", " ")
    text = err.strerror or str(err) or type(err).__name__
    if err.filename:
        text += f": {err.filename}"
    return text.replace("\n", " ")


@contextmanager
def job_errors(job: str) -> Iterator[None]:
    """An OS error of a job as BuildFailed with a one-line message (see describe)."""
    try:
        yield
    except OSError as e:
        raise BuildFailed(f"{job} failed: {describe(e)}; the live index is unchanged") from e


# One input's time in the pipeline. The largest legal input (20 MB) takes seconds; a page
# that makes a parser go quadratic would hold its worker, and the whole job, for hours.
PIPELINE_SECONDS = 120.0


class Overtime(BaseException):
    """Raised in the stage running when an input's time is up: a BaseException, so that no
    library's `except Exception` takes it for one of its own errors and carries on."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Overtime in this block once seconds have passed (SIGALRM; the main thread only, as a
    pool worker's task runs; elsewhere no limit)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if seconds is None or not usable:
        yield
        return

    def alarm(signum: int, frame: object) -> None:
        raise Overtime

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
