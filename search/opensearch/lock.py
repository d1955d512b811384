"""One writer at a time on a cluster: a lock document, created only if absent, in NAME-lock.

It names its holder like the embedded index's lock file (search.build.lock), and a holder
shown to be gone (a dead process on this host) is taken over.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass

from opensearchpy import OpenSearch
from opensearchpy import exceptions as os_errors

from search.build.lock import LockHeld, is_stale
from search.opensearch.client import answering
from search.opensearch.url import ClusterURL

LOCK_ID = "writer"


@dataclass
class ClusterLock:
    """A document created only if absent: the cluster's writer lock."""

    client: OpenSearch
    url: ClusterURL
    command: str

    @property
    def index(self) -> str:
        return f"{self.url.name}-lock"

    def __enter__(self) -> ClusterLock:
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": self.command,
            "since": time.strftime("%Y-%m-%d %H:%M:%S"),
        }
        with answering(self.url, "take the writer lock"):
            if not self.client.indices.exists(index=self.index):
                self.client.indices.create(
                    index=self.index,
                    body={"settings": {"number_of_shards": 1, "auto_expand_replicas": "0-1"}},
                    ignore=400,  # created meanwhile by another writer
                )
            for _ in range(2):
                try:
                    self.client.index(
                        index=self.index, body=holder, id=LOCK_ID, op_type="create", refresh="true"
                    )
                    return self
                except os_errors.ConflictError:
                    got = self.client.get(index=self.index, id=LOCK_ID, ignore=404)
                    current = got.get("_source") if got.get("found") else None
                    if current is not None and not is_stale(current):
                        raise LockHeld(current) from None
                    self.client.delete(index=self.index, id=LOCK_ID, ignore=404, refresh="true")
        raise LockHeld({})

    def __exit__(self, *exc: object) -> None:
        with answering(self.url, "release the writer lock"):
            got = self.client.get(index=self.index, id=LOCK_ID, ignore=404)
            if got.get("found") and got["_source"].get("pid") == os.getpid():
                if got["_source"].get("host") == socket.gethostname():
                    self.client.delete(index=self.index, id=LOCK_ID, refresh="true", ignore=404)
