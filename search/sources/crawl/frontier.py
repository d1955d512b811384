"""The crawl frontier: every URL the crawls of a store know, in SQLite beside the pages.

STORE/frontier.sqlite holds one row per URL: its site, host and kind (a page, or an index:
a sitemap or feed), whether it is a list page or an article, its state, and when it is next
due. States:

  queued     known, never fetched
  fetched    fetched; ETag, Last-Modified and content hash kept for the next conditional GET
  failed     the last try failed (reason kept); next_at says when to try again
  missing    answered 404/410 once; its stored copy stays until the second answer
  gone       answered 404/410 twice, gone_after apart: its stored copy is removed
  redirect   answers with a redirect to target (folded into it: nothing stored under it)
  duplicate  serves the same bytes as target (nothing stored under it)
  refused    robots.txt forbids it (asked again when it is next due)

A URL is due in a run when its next_at has come and the run has not yet dealt with it
(last_at before the run started). A run that never finished (the crawl was killed) is taken
up again by the next crawl, so whatever it dealt with is not fetched again. Every outcome is
committed at once (WAL), so a kill loses at most the requests in flight.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

FILE = "frontier.sqlite"
LOCK = "crawl.lock"
FORMAT = 1
STATES = ("queued", "fetched", "failed", "missing", "gone", "redirect", "duplicate", "refused")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, started REAL NOT NULL, finished REAL, stopped TEXT);
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY, site TEXT NOT NULL, host TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'page', role TEXT, depth INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'queued', next_at REAL, last_at REAL, found_at REAL,
    etag TEXT, last_modified TEXT, content_hash TEXT, status INTEGER, reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 0, missing_since REAL, target TEXT);
CREATE INDEX IF NOT EXISTS urls_due ON urls (site, next_at);
CREATE INDEX IF NOT EXISTS urls_hash ON urls (content_hash);
CREATE TABLE IF NOT EXISTS robots (
    origin TEXT PRIMARY KEY, fetched REAL NOT NULL, status INTEGER NOT NULL, body BLOB);
"""
_FIELDS = (
    "url site host kind role depth state next_at last_at found_at etag last_modified"
    " content_hash status reason attempts missing_since target"
).split()


class CrawlLocked(Exception):
    """Another crawl is using this store."""


@dataclass(frozen=True)
class Entry:
    """One URL's row."""

    url: str
    site: str
    host: str
    kind: str = "page"  # "page" or "index" (a sitemap or a feed)
    role: str | None = None  # "list" or "article" once known; "guess": /sitemap.xml tried
    depth: int = 0
    state: str = "queued"
    next_at: float | None = None
    last_at: float | None = None
    found_at: float | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    status: int | None = None
    reason: str | None = None
    attempts: int = 0
    missing_since: float | None = None
    target: str | None = None


@dataclass(frozen=True)
class Run:
    """One crawl run: resumed when the crawl before it was killed."""

    id: int
    started: float
    resumed: bool


class Frontier:
    """The frontier of a crawl store, locked against a second crawl while open."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._lock = os.open(self.root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._lock)
            raise CrawlLocked(f"another crawl is running on the store {self.root}") from None
        try:
            self.db = sqlite3.connect(self.root / FILE, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (str(FORMAT),))
        except sqlite3.DatabaseError as e:
            os.close(self._lock)
            raise ValueError(f"the crawl frontier {self.root / FILE} is unreadable: {e}") from e

    def close(self) -> None:
        self.db.close()
        os.close(self._lock)

    def __enter__(self) -> Frontier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs ------------------------------------------------------------------------------

    def begin_run(self, now: float) -> Run:
        """The unfinished run to take up, or a new one."""
        row = self.db.execute("SELECT id, started, finished FROM runs ORDER BY id DESC LIMIT 1")
        last = row.fetchone()
        if last is not None and last[2] is None:
            return Run(last[0], last[1], True)
        cursor = self.db.execute("INSERT INTO runs (started) VALUES (?)", (now,))
        return Run(int(cursor.lastrowid or 0), now, False)

    def finish_run(self, run: Run, now: float, stopped: str | None) -> None:
        self.db.execute(
            "UPDATE runs SET finished = ?, stopped = ? WHERE id = ?", (now, stopped, run.id)
        )

    # -- reading ---------------------------------------------------------------------------

    def get(self, url: str) -> Entry | None:
        row = self.db.execute(f"SELECT {', '.join(_FIELDS)} FROM urls WHERE url = ?", (url,))
        found = row.fetchone()
        return Entry(*found) if found else None

    def due(self, sites: Iterable[str], run: Run, now: float) -> Iterator[Entry]:
        """The URLs of these sites due in this run, indexes first, then list pages, then new."""
        names = list(sites)
        marks = ", ".join("?" * len(names))
        query = (
            f"SELECT {', '.join(_FIELDS)} FROM urls WHERE site IN ({marks})"
            " AND next_at IS NOT NULL AND next_at <= ? AND (last_at IS NULL OR last_at < ?)"
            " ORDER BY kind = 'page', role IS NOT 'list', state != 'queued', depth, rowid"
        )
        for row in self.db.execute(query, (*names, now, run.started)):
            yield Entry(*row)

    def owner_of(self, content_hash: str, url: str, site: str) -> str | None:
        """Another fetched page of the site with these exact bytes, if there is one."""
        row = self.db.execute(
            "SELECT url FROM urls WHERE content_hash = ? AND url != ? AND state = 'fetched'"
            " AND kind = 'page' AND site = ? LIMIT 1",
            (content_hash, url, site),
        ).fetchone()
        return row[0] if row else None

    def dealt_with(self, run: Run) -> dict[str, int]:
        """Pages per site this run has already requested (for a resumed run's page caps)."""
        rows = self.db.execute(
            "SELECT site, count(*) FROM urls WHERE kind = 'page' AND last_at >= ? GROUP BY site",
            (run.started,),
        )
        return dict(rows.fetchall())

    def counts(self) -> dict[str, int]:
        """URLs per state."""
        return dict(self.db.execute("SELECT state, count(*) FROM urls GROUP BY state").fetchall())

    def site_sizes(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT site, count(*) FROM urls GROUP BY site").fetchall())

    # -- writing ---------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Several writes committed as one (a page's links, say)."""
        self.db.execute("BEGIN")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def add(self, entry: Entry) -> bool:
        """Insert a URL not known yet; whether it was new."""
        values = [getattr(entry, f) for f in _FIELDS]
        cursor = self.db.execute(
            f"INSERT OR IGNORE INTO urls ({', '.join(_FIELDS)})"
            f" VALUES ({', '.join('?' * len(_FIELDS))})",
            values,
        )
        return cursor.rowcount == 1

    def update(self, url: str, **changes: object) -> None:
        """Set some fields of a known URL."""
        unknown = set(changes) - set(_FIELDS)
        if unknown:
            raise ValueError(f"no such frontier field: {sorted(unknown)}")
        assignments = ", ".join(f"{k} = ?" for k in changes)
        self.db.execute(f"UPDATE urls SET {assignments} WHERE url = ?", (*changes.values(), url))

    def shorten(self, site: str, recrawl: float, article_recrawl: float) -> None:
        """Bring due times forward to a site's intervals when they are now shorter.

        A longer interval takes effect from each URL's next fetch; a shorter one at once.
        """
        due = "last_at + :interval - min(:interval / 10, 3600.0)"  # as options.due_after
        query = (
            f"UPDATE urls SET next_at = {due} WHERE site = :site AND last_at IS NOT NULL"
            " AND state IN ('fetched', 'redirect', 'duplicate', 'refused')"
            f" AND (role IS 'article') = :articles AND {due} < next_at"
        )
        for articles, interval in ((True, article_recrawl), (False, recrawl)):
            self.db.execute(query, {"site": site, "interval": interval, "articles": articles})

    def missing(self, url: str, now: float, gone_after: float, status: int) -> bool:
        """A 404/410: the first marks it missing, one gone_after later makes it gone (True)."""
        entry = self.get(url)
        since = entry.missing_since if entry and entry.missing_since is not None else now
        gone = entry is not None and entry.missing_since is not None and now - since >= gone_after
        self.update(
            url,
            state="gone" if gone else "missing",
            status=status,
            reason=f"HTTP {status}",
            missing_since=since,
            last_at=now,
            next_at=None if gone else since + gone_after,
            attempts=0,
        )
        return gone

    # -- robots.txt ------------------------------------------------------------------------

    def robots(self, origin: str) -> tuple[float, int, bytes | None] | None:
        query = "SELECT fetched, status, body FROM robots WHERE origin = ?"
        found = self.db.execute(query, (origin,)).fetchone()
        return (found[0], found[1], found[2]) if found else None

    def save_robots(self, origin: str, fetched: float, status: int, body: bytes | None) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO robots VALUES (?, ?, ?, ?)", (origin, fetched, status, body)
        )
