"""Child processes that die with their parent, and a process's descendants (Linux /proc).

A job's pool workers and postings encoders are forked by the job's process. Killed with
SIGKILL, it has no chance to stop them: a worker blocked on its task pipe waits for ever
(the pipe's other end is held open by its siblings), ~180 MB each. So each child asks the
kernel to SIGKILL it when its parent dies (prctl PR_SET_PDEATHSIG on Linux; elsewhere a
thread that watches the parent's pid), and leaves at once if the parent is already gone.
Like search/document.py, this module imports no part and any part may import it.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from pathlib import Path

PR_SET_PDEATHSIG = 1
WATCH_SECONDS = 0.5  # how often the fallback watchdog looks at the parent


def die_with_parent(parent: int) -> None:
    """In a child of `parent`: end this process when the parent ends (call first thing)."""
    if not _ask_the_kernel():
        threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()
    if os.getppid() != parent:  # it died before the request took effect
        os._exit(1)


def _ask_the_kernel() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def descendants(pid: int, proc: Path = Path("/proc")) -> set[int]:
    """Live (not zombie) processes below pid, at any depth; empty where there is no /proc."""
    children: dict[int, list[int]] = {}
    for entry in proc.glob("[0-9]*"):
        state = _stat(entry)
        if state is not None and state[0] != "Z":
            children.setdefault(state[1], []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int, proc: Path = Path("/proc")) -> bool:
    """Whether a process exists and is not a zombie."""
    state = _stat(proc / str(pid))
    return state is not None and state[0] != "Z"


def _stat(entry: Path) -> tuple[str, int] | None:
    """(state, parent pid) from /proc/PID/stat, or None when it is gone."""
    try:
        text = (entry / "stat").read_text()
    except OSError:
        return None
    fields = text[text.rfind(")") + 2 :].split()  # the command name may hold spaces
    return fields[0], int(fields[1])
