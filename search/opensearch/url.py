"""opensearch://HOST:PORT[,HOST:PORT...]/NAME[?shards=N&replicas=N]: which cluster, which alias."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

SCHEMES = {"opensearch": "http", "opensearchs": "https"}
DEFAULT_PORT = 9200
# An index name OpenSearch accepts, kept short so generation suffixes fit (255 bytes at most).
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
# One shard by default: scores use the whole index's statistics, and a corpus of millions of
# articles is still a small shard; the replica lets either node answer.
_OPTIONS = {"shards": (1, 64, 1), "replicas": (0, 8, 1)}


class BadURL(ValueError):
    """An engine URL that names no cluster or alias we can use."""


@dataclass(frozen=True)
class ClusterURL:
    """Where the cluster is and under which alias the live generation is published."""

    hosts: tuple[tuple[str, int], ...]
    name: str
    scheme: str = "http"
    shards: int = 1
    replicas: int = 1

    def __str__(self) -> str:
        prefix = next(k for k, v in SCHEMES.items() if v == self.scheme)
        return f"{prefix}://{','.join(f'{h}:{p}' for h, p in self.hosts)}/{self.name}"

    @property
    def http(self) -> str:
        """The first node's address, for messages."""
        host, port = self.hosts[0]
        return f"{self.scheme}://{host}:{port}"


def _host(part: str, url: str) -> tuple[str, int]:
    host, sep, port = part.strip().rpartition(":")
    if not sep:
        host, port = part.strip(), str(DEFAULT_PORT)
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise BadURL(f"engine URL {url!r}: {part!r} is not HOST:PORT")
    return host, int(port)


def parse_url(url: str) -> ClusterURL:
    """The parts of an engine URL (BadURL with what is wrong)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in SCHEMES:
        raise BadURL(f"engine URL {url!r}: expected opensearch://HOST:PORT/NAME")
    if not parts.netloc:
        raise BadURL(f"engine URL {url!r} names no host: expected opensearch://HOST:PORT/NAME")
    hosts = tuple(_host(p, url) for p in parts.netloc.split(","))
    name = parts.path.strip("/")
    if not _NAME.match(name):
        raise BadURL(
            f"engine URL {url!r}: the index name {name!r} must be lower-case letters, digits,"
            " '-' or '_' (at most 100), e.g. opensearch://127.0.0.1:9200/zonesearch"
        )
    options = {}
    for key, values in parse_qs(parts.query, keep_blank_values=True).items():
        if key not in _OPTIONS:
            raise BadURL(f"engine URL {url!r}: unknown option {key!r} (shards, replicas)")
        low, high, _ = _OPTIONS[key]
        value = values[-1]
        if not value.isdigit() or not low <= int(value) <= high:
            raise BadURL(f"engine URL {url!r}: {key} must be a whole number {low}..{high}")
        options[key] = int(value)
    return ClusterURL(hosts, name, SCHEMES[parts.scheme], **options)
