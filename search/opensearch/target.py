"""Generations on a cluster: one index per generation, an alias swapped atomically on publish.

The live generation is the index the alias (the URL's NAME) points to. A build writes a new
index NAME-gen-STAMP beside it (no replicas, no refreshes), its manifest into
NAME-gen-STAMP-manifest, then refreshes it, merges it into one segment, adds the replicas,
blocks writes to it and moves the alias in one _aliases request. The index it replaced is
marked retired and deleted by a later publish once GRACE_SECONDS have passed, so a request
that resolved the alias just before can finish. One writer at a time (search.opensearch.lock).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any

from opensearchpy import OpenSearch, helpers

from search.build.manifest import Entry
from search.document import Document
from search.engine.errors import EngineError
from search.opensearch.bulk import BULK_DOCS, send
from search.opensearch.client import answering
from search.opensearch.lock import ClusterLock
from search.opensearch.mapping import LAYOUT, index_body, prepare_batch
from search.opensearch.url import ClusterURL
from search.segments.generations import GRACE_SECONDS
from search.segments.serialize import document_from_data

HEALTH_WAIT = 120  # seconds a publish waits for the replicas to be allocated
MERGE_WAIT = 6 * 3600  # seconds a publish waits for the generation's segments to merge
MANIFEST = "-manifest"


def generation_name(name: str) -> str:
    ns = time.time_ns()
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(ns // 10**9))
    return f"{name}-gen-{stamp}-{ns % 10**9:09d}-{os.getpid()}"


class ClusterTarget:
    """The build jobs' target on an OpenSearch cluster (see search.build.target)."""

    prepare = staticmethod(prepare_batch)

    def __init__(self, client: OpenSearch, url: ClusterURL, grace: float = GRACE_SECONDS) -> None:
        self.client = client
        self.url = url
        self.grace = grace

    def lock(self, command: str) -> ClusterLock:
        return ClusterLock(self.client, self.url, command)

    # --- reading what is there -------------------------------------------------------------

    def generations(self) -> dict[str, dict[str, Any]]:
        """Every generation index of this name with its _meta, oldest first."""
        with answering(self.url, "list the generations"):
            got = self.client.indices.get_mapping(
                index=f"{self.url.name}-gen-*", allow_no_indices=True, expand_wildcards="open"
            )
        found = {
            name: (info.get("mappings") or {}).get("_meta") or {}
            for name, info in got.items()
            if not name.endswith(MANIFEST)
        }
        return dict(sorted(found.items()))

    def name(self, generation: str) -> str:
        return generation

    def live(self) -> str | None:
        with answering(self.url, f"resolve the alias {self.url.name}"):
            # local: from this node's cluster state, so a cluster that has lost its manager
            # node (one of two stopped) still resolves the alias and answers searches
            got = self.client.indices.get_alias(name=self.url.name, ignore=404, local=True)
        names = sorted(k for k in got if k not in ("error", "status"))
        if not names:
            if self.client.indices.exists(index=self.url.name):
                raise EngineError(
                    f"{self.url}: {self.url.name!r} is an index, not an alias; "
                    "choose another name in the engine URL"
                )
            return None
        return names[-1]

    def readable(self, live: str) -> bool:
        return self.generations().get(live, {}).get("layout") == LAYOUT

    def damage(self, live: str) -> str | None:
        return None  # the cluster checksums its own segments

    def manifest(self, live: str) -> dict[str, Entry]:
        entries: dict[str, Entry] = {}
        with answering(self.url, "read the manifest"):
            if not self.client.indices.exists(index=live + MANIFEST):
                return entries
            for hit in helpers.scan(self.client, index=live + MANIFEST, size=2000):
                e = Entry(**hit["_source"]["entry"])
                entries[e.uri] = e
        return entries

    def documents(self, live: str, ids: Iterable[str]) -> list[Document]:
        wanted = list(ids)
        docs = []
        with answering(self.url, "read documents"):
            for i in range(0, len(wanted), BULK_DOCS):
                got = self.client.mget(
                    body={"ids": wanted[i : i + BULK_DOCS]}, index=live, _source=["record"]
                )
                docs += [
                    document_from_data(d["_source"]["record"])
                    for d in got["docs"]
                    if d.get("found")
                ]
        return docs

    def count(self, live: str) -> int:
        with answering(self.url, "count documents"):
            return int(self.client.count(index=live)["count"])

    # --- writing a generation --------------------------------------------------------------

    def clean_debris(self) -> None:
        """Delete generations that were never published (an interrupted build's)."""
        for name, meta in self.generations().items():
            if meta.get("state") == "building":
                self._delete(name)

    def create(self) -> str:
        name = generation_name(self.url.name)
        with answering(self.url, "create a generation index"):
            self.client.indices.create(index=name, body=index_body(self.url))
        return name

    def copy(self, live: str) -> str:
        name = generation_name(self.url.name)
        with answering(self.url, f"clone {live}"):
            self.client.indices.clone(
                index=live,
                target=name,
                body={
                    "settings": {
                        "index.blocks.write": False,
                        "index.number_of_replicas": 0,
                        "index.refresh_interval": "-1",
                    }
                },
                wait_for_active_shards=1,
            )
            self._meta(name, {"layout": LAYOUT, "state": "building"})
        return name

    def write(self, building: str, batches: Iterable[Any], parts: int) -> int:
        send(self.client, self.url, building, _actions(building, batches))
        return self._refreshed_count(building)

    def apply_delta(
        self, building: str, delete_ids: Iterable[str], batches: Iterable[Any], parts: int
    ) -> None:
        deletes = ({"_op_type": "delete", "_index": building, "_id": i} for i in delete_ids)
        send(self.client, self.url, building, deletes, missing_ok=True)
        send(self.client, self.url, building, _actions(building, batches))

    def publish(self, building: str, entries: Iterable[Entry]) -> tuple[str, int]:
        self._write_manifest(building, entries)
        documents = self._refreshed_count(building)
        with answering(self.url, f"publish {building}"):
            # Written without refreshes, the documents are in the translog only: a flush
            # makes them segments, so a replica copies files instead of indexing them again.
            self.client.indices.flush(index=building)
            # A generation is never written again: one segment answers faster, and merging
            # drops the copy of each document's full source kept for recoveries (the
            # analysed text excluded from _source), about half the index.
            self.client.indices.forcemerge(
                index=building, max_num_segments=1, request_timeout=MERGE_WAIT
            )
            self.client.indices.refresh(index=building)
            self.client.indices.put_settings(
                index=building,
                body={
                    "index.number_of_replicas": self.url.replicas,
                    "index.refresh_interval": None,
                    "index.blocks.write": True,
                },
            )
            self._wait_for_replicas(building)
            previous = self.live()
            self._meta(building, {"layout": LAYOUT, "state": "live", "published": time.time()})
            actions: list[dict[str, Any]] = [{"add": {"index": building, "alias": self.url.name}}]
            if previous is not None:
                actions.insert(0, {"remove": {"index": previous, "alias": self.url.name}})
            self.client.indices.update_aliases(body={"actions": actions})
            now = time.time()
            if previous is not None and previous != building:
                meta = self.generations().get(previous, {})
                self._meta(previous, {**meta, "state": "retired", "retired": now})
        for name, meta in self.generations().items():
            if name in (building, previous) or meta.get("state") == "building":
                continue
            if float(meta.get("retired", 0)) < now - self.grace:
                self._delete(name)
        return building, documents

    # --- helpers ---------------------------------------------------------------------------

    def _meta(self, index: str, meta: dict[str, Any]) -> None:
        self.client.indices.put_mapping(index=index, body={"_meta": meta})

    def discard(self, building: str) -> None:
        """A failed job's unpublished generation (clean_debris would find it next time)."""
        if building != self.live():
            self._delete(building)

    def _delete(self, name: str) -> None:
        with answering(self.url, f"delete the old generation {name}"):
            self.client.indices.delete(index=f"{name},{name}{MANIFEST}", ignore_unavailable=True)

    def _refreshed_count(self, index: str) -> int:
        with answering(self.url, f"refresh {index}"):
            self.client.indices.refresh(index=index)
            return int(self.client.count(index=index)["count"])

    def _wait_for_replicas(self, index: str) -> None:
        """Until the replicas are allocated (green; yellow for a lone node), HEALTH_WAIT s at
        most: a slow recovery does not stop the publish, the primaries already answer."""
        nodes = int(self.client.cluster.health()["number_of_nodes"])
        status = "green" if nodes > self.url.replicas else "yellow"
        self.client.cluster.health(
            index=index,
            wait_for_status=status,
            params={"timeout": f"{HEALTH_WAIT}s"},
            request_timeout=HEALTH_WAIT + 10,
            ignore=408,  # timed out waiting: go on
        )

    def _write_manifest(self, building: str, entries: Iterable[Entry]) -> None:
        index = building + MANIFEST
        with answering(self.url, "write the manifest"):
            self.client.indices.create(
                index=index,
                body={
                    "settings": {"number_of_shards": 1, "number_of_replicas": self.url.replicas},
                    "mappings": {
                        "dynamic": "strict",
                        "properties": {"entry": {"type": "object", "enabled": False}},
                    },
                },
            )
        actions = (
            {"_index": index, "_id": e.uri, "_source": {"entry": asdict(e)}} for e in entries
        )
        send(self.client, self.url, index, actions)
        with answering(self.url, "refresh the manifest"):
            self.client.indices.refresh(index=index)


def _actions(index: str, batches: Iterable[list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    for batch in batches:
        for action in batch:
            yield {"_index": index, **action}
