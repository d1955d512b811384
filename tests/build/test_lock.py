"""One writer at a time; the lock names its holder; a dead holder's lock is taken over."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from search.build.lock import LOCK_NAME, LockHeld, WriterLock, is_stale, read_holder


def _write_lock(root: Path, pid: int, host: str | None = None) -> None:
    root.mkdir(parents=True, exist_ok=True)
    holder = {
        "pid": pid,
        "host": host or socket.gethostname(),
        "command": "rebuild",
        "since": "2026-01-01 00:00:00",
    }
    (root / LOCK_NAME).write_text(json.dumps(holder))


def test_the_lock_records_its_holder_and_is_released(tmp_path: Path) -> None:
    with WriterLock(tmp_path, "update"):
        holder = read_holder(tmp_path / LOCK_NAME)
        assert holder["pid"] == os.getpid() and holder["command"] == "update"
    assert not (tmp_path / LOCK_NAME).exists()


def test_a_second_writer_fails_at_once_naming_the_holder(tmp_path: Path) -> None:
    with WriterLock(tmp_path, "rebuild"):
        with pytest.raises(LockHeld) as err:
            WriterLock(tmp_path, "update").acquire()
    message = str(err.value)
    assert f"pid {os.getpid()}" in message and "rebuild" in message and "since" in message


def test_a_live_process_in_another_program_holds_the_lock(tmp_path: Path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        _write_lock(tmp_path, sleeper.pid)
        with pytest.raises(LockHeld, match=str(sleeper.pid)):
            WriterLock(tmp_path).acquire()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_dead_process_lock_is_stale_and_taken_over(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    _write_lock(tmp_path, dead.pid)
    assert is_stale(read_holder(tmp_path / LOCK_NAME))
    with WriterLock(tmp_path, "rebuild"):
        assert read_holder(tmp_path / LOCK_NAME)["pid"] == os.getpid()


@pytest.mark.parametrize("content", ["", "not json", "{}", '{"pid": "x"}'])
def test_an_unreadable_lock_file_is_stale(tmp_path: Path, content: str) -> None:
    (tmp_path / LOCK_NAME).write_text(content)
    with WriterLock(tmp_path):
        pass


def test_a_lock_from_another_host_is_respected(tmp_path: Path) -> None:
    _write_lock(tmp_path, 1, host="some-other-host")
    with pytest.raises(LockHeld, match="some-other-host"):
        WriterLock(tmp_path).acquire()


def test_release_leaves_someone_elses_lock_alone(tmp_path: Path) -> None:
    _write_lock(tmp_path, 1, host="some-other-host")
    WriterLock(tmp_path).release()
    assert (tmp_path / LOCK_NAME).exists()
