"""search.sources.crawl.hosts: one request per host at a time, each host at its own pace."""

from __future__ import annotations

import asyncio
import time

from search.sources.crawl.hosts import Hosts, Item


def _item(url: str, rank: int = 3) -> Item:
    return Item((rank, 0, 0), url)


def test_claims_follow_turns_and_order() -> None:
    async def go() -> list[tuple[str, str, float]]:
        hosts = Hosts()
        hosts.add("a", _item("a1"))
        hosts.add("a", _item("a0", rank=1))  # better key: first
        hosts.add("b", _item("b1"))
        start = time.monotonic()
        got = []
        for _ in range(3):
            claim = await hosts.claim(start + 5)
            assert claim is not None
            host, item = claim
            got.append((host, item.url, time.monotonic() - start))
            assert hosts.active == 1
            hosts.release(host, time.monotonic() + 0.2)
        assert await hosts.claim(start + 5) is None  # nothing left, nothing in flight
        return got

    got = asyncio.run(go())
    assert [g[:2] for g in got] == [("a", "a0"), ("b", "b1"), ("a", "a1")]
    assert got[2][2] >= 0.2  # a waited for its turn; b did not wait for a's


def test_a_busy_host_is_never_claimed_twice_and_retries_wait() -> None:
    async def go() -> list[str]:
        hosts = Hosts()
        for i in range(3):
            hosts.add("a", _item(f"a{i}"))
        seen: list[str] = []

        async def worker() -> None:
            while (claim := await hosts.claim(time.monotonic() + 3)) is not None:
                host, item = claim
                seen.append(f"start {item.url}")
                await asyncio.sleep(0.05)
                seen.append(f"end {item.url}")
                if item.url == "a0" and item.attempts == 0:
                    retry = Item(item.key, item.url, attempts=1)
                    hosts.add(host, retry, not_before=time.monotonic() + 0.1)
                hosts.release(host, time.monotonic())

        await asyncio.gather(*(worker() for _ in range(4)))
        return seen

    seen = asyncio.run(go())
    starts = [s for s in seen if s.startswith("start")]
    assert len(starts) == 4 and starts.count("start a0") == 2
    # strictly alternating start/end: one request at a time on the host
    assert all(
        a.startswith("start") and b.startswith("end")
        for a, b in zip(seen[::2], seen[1::2], strict=True)
    )


def test_close_and_the_stop_time() -> None:
    async def go() -> tuple[object, object]:
        hosts = Hosts()
        hosts.add("a", _item("a1"), not_before=time.monotonic() + 10)
        late = await hosts.claim(time.monotonic() + 0.1)  # its time comes after the stop
        hosts.add("b", _item("b1"))
        hosts.close()
        return late, await hosts.claim(time.monotonic() + 10)

    assert asyncio.run(go()) == (None, None)
