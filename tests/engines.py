"""Serving a corpus on either engine: the embedded Whoosh index, or an alias on the test cluster."""

from __future__ import annotations

from pathlib import Path

from zone_corpus import write_index

from search.document import Document
from search.opensearch.engine import OpenSearchEngine
from tests.opensearch_cluster import cluster_url, fresh_name, require_cluster

ENGINES = ["whoosh", "opensearch"]


def engine_config(kind: str, root: Path, docs: list[Document]) -> dict[str, str]:
    """create_app's config serving docs on an engine: "whoosh", the embedded index under
    root; "opensearch", a fresh alias on the test cluster (skipped when none answers)."""
    if kind == "whoosh":
        return {"INDEX_DIR": str(write_index(root, docs))}
    require_cluster()
    url = cluster_url(fresh_name("web"))
    engine = OpenSearchEngine(url)
    engine.publish_documents(docs)
    engine.close()
    return {"INDEX_DIR": str(root), "ENGINE": url}


def cli_args(config: dict[str, str]) -> list[str]:
    """The command line's options for the engine a config names."""
    if "ENGINE" in config:
        return ["--engine", config["ENGINE"]]
    return ["--index", config["INDEX_DIR"]]
