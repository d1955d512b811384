"""One writer at a time: an exclusive lock file that names its holder and outlives no process."""

from __future__ import annotations

import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

LOCK_NAME = "write.lock"


class LockHeld(Exception):
    """Another live process holds the writer lock."""

    def __init__(self, holder: dict[str, object]) -> None:
        self.holder = holder
        super().__init__(
            f"another writer holds the index lock: pid {holder.get('pid')} on "
            f"{holder.get('host')}, running {holder.get('command')!r} since {holder.get('since')}"
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_holder(path: Path) -> dict[str, object] | None:
    """The holder recorded in a lock file, or None when there is none or it is unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_stale(holder: dict[str, object] | None) -> bool:
    """A lock is stale when its process is gone (on this host) or the file is unreadable."""
    pid, host = (holder or {}).get("pid"), (holder or {}).get("host")
    if not (isinstance(pid, int) and isinstance(host, str)):
        return True  # half-written or foreign: no process can be shown to hold it
    if host != socket.gethostname():
        return False  # cannot check another machine's processes
    return not _alive(pid)


@dataclass
class WriterLock:
    """Context manager: `with WriterLock(root, "rebuild"):` or LockHeld at once."""

    root: Path
    command: str = "write"

    @property
    def path(self) -> Path:
        return self.root / LOCK_NAME

    def acquire(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": self.command,
            "since": time.strftime("%Y-%m-%d %H:%M:%S"),
        }
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                current = read_holder(self.path)
                if not is_stale(current):
                    raise LockHeld(current or {}) from None
                self.path.unlink(missing_ok=True)  # a dead writer's lock
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(holder, f)
            return
        raise LockHeld(read_holder(self.path) or {})

    def release(self) -> None:
        holder = read_holder(self.path)
        if holder and holder.get("pid") == os.getpid():
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
