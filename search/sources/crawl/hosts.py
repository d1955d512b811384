"""Which URL to fetch next: one request at a time per host, each host at its own pace.

Every host has its queue (best first by the item's key) and a time before which it may not
be asked again (its delay after the last response, or a server's Retry-After). Workers
claim the host whose turn comes first; a claimed host is busy until released, so one host
never has two requests in flight. A retry can wait in its host's queue for its own time.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(order=True, frozen=True)
class Item:
    """A URL waiting for its request; the lowest key goes first."""

    key: tuple[int, ...]
    url: str = field(compare=False)
    chain: tuple[str, ...] = field(default=(), compare=False)  # redirects that led here
    attempts: int = field(default=0, compare=False)  # tries so far in this run


@dataclass
class _Host:
    name: str
    free_at: float = 0.0
    busy: bool = False
    version: int = 0
    ready: list[tuple[Item, int]] = field(default_factory=list)
    later: list[tuple[float, int, Item]] = field(default_factory=list)

    def ready_at(self) -> float | None:
        if self.ready:
            return self.free_at
        if self.later:
            return max(self.free_at, self.later[0][0])
        return None

    def take(self, now: float) -> Item:
        while self.later and self.later[0][0] <= now:
            _, seq, item = heapq.heappop(self.later)
            heapq.heappush(self.ready, (item, seq))
        return heapq.heappop(self.ready)[0]


class Hosts:
    """The hosts of a crawl and their queues, shared by the worker tasks."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._hosts: dict[str, _Host] = {}
        self._turns: list[tuple[float, int, str, int]] = []  # (ready at, seq, host, version)
        self._seq = itertools.count()
        self._busy = 0
        self._closed = False
        self._changed: asyncio.Event | None = None

    # -- bookkeeping -----------------------------------------------------------------------

    def _event(self) -> asyncio.Event:
        if self._changed is None:
            self._changed = asyncio.Event()
        return self._changed

    def _schedule(self, host: _Host) -> None:
        """Queue the host's next turn (older turns of it become stale)."""
        host.version += 1
        at = host.ready_at()
        if not host.busy and at is not None:
            heapq.heappush(self._turns, (at, next(self._seq), host.name, host.version))
        self._event().set()

    def _host(self, name: str) -> _Host:
        host = self._hosts.get(name)
        if host is None:
            host = self._hosts[name] = _Host(name)
        return host

    def add(self, host: str, item: Item, not_before: float = 0.0) -> None:
        """Queue item on host, to be fetched no sooner than not_before (monotonic)."""
        h = self._host(host)
        if not_before > self.clock():
            heapq.heappush(h.later, (not_before, next(self._seq), item))
        else:
            heapq.heappush(h.ready, (item, next(self._seq)))
        self._schedule(h)

    def release(self, host: str, free_at: float) -> None:
        """The host's request is over; it may be asked again from free_at on."""
        h = self._hosts[host]
        h.busy = False
        h.free_at = max(h.free_at, free_at)
        self._busy -= 1
        self._schedule(h)

    def close(self) -> None:
        """No more claims: the workers finish what they hold and stop."""
        self._closed = True
        self._event().set()

    @property
    def active(self) -> int:
        """Hosts with a request in flight."""
        return self._busy

    def working(self) -> int:
        """Hosts being crawled: a request in flight or work waiting for its turn."""
        return sum(1 for h in self._hosts.values() if h.busy or h.ready or h.later)

    def queued(self) -> int:
        return sum(len(h.ready) + len(h.later) for h in self._hosts.values())

    def first_turn(self) -> float | None:
        """When the next free host may be asked, if any host has work."""
        self._drop_stale()
        return self._turns[0][0] if self._turns else None

    def _drop_stale(self) -> None:
        while self._turns:
            _, _, name, version = self._turns[0]
            host = self._hosts[name]
            if host.version == version and not host.busy and host.ready_at() is not None:
                return
            heapq.heappop(self._turns)

    # -- claiming --------------------------------------------------------------------------

    async def claim(self, stop_at: float) -> tuple[str, Item] | None:
        """The next item whose host's turn has come, or None when the crawl is over.

        Over means closed, stop_at reached, or nothing queued that can start before stop_at
        with no request in flight that could add more.
        """
        event = self._event()
        while True:
            now = self.clock()
            if self._closed or now >= stop_at:
                event.set()
                return None
            self._drop_stale()
            if self._turns and self._turns[0][0] <= now:
                _, _, name, _ = heapq.heappop(self._turns)
                host = self._hosts[name]
                item = host.take(now)
                host.busy = True
                self._busy += 1
                self._schedule(host)
                return name, item
            first = self._turns[0][0] if self._turns else None
            if self._busy == 0 and (first is None or first >= stop_at):
                event.set()  # wake the other workers: they stop too
                return None
            wait = min(first if first is not None else stop_at, stop_at) - now
            event.clear()
            try:
                await asyncio.wait_for(event.wait(), timeout=max(wait, 0.0005))
            except asyncio.TimeoutError:
                pass
