"""robots.txt rules of one origin, read by protego (RFC 9309: wildcards, $, longest match).

What a reply means follows RFC 9309: a 2xx body is the rules; 4xx means no rules (all
allowed); a 5xx or no answer at all means assume complete disallow, for now: the crawler
asks again on its next run rather than keeping that verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from protego import Protego

MAX_ROBOTS_BYTES = 512 * 1024  # RFC 9309 asks parsers to read at least 500 KiB
MAX_CRAWL_DELAY = 120.0  # a Crawl-delay beyond this is read as this much


@dataclass(frozen=True)
class Rules:
    """The rules for one origin: allowed(url), the delay it asks, the sitemaps it names."""

    parser: Protego | None = None
    allow_all: bool = False
    reason: str | None = None  # why everything is refused, when it is
    sitemaps: tuple[str, ...] = field(default=())

    def allowed(self, url: str, user_agent: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return self.parser.can_fetch(url, user_agent)

    def delay(self, user_agent: str) -> float:
        """Seconds the site asks between requests (Crawl-delay or Request-rate), or 0."""
        if self.parser is None:
            return 0.0
        delay = self.parser.crawl_delay(user_agent) or 0.0
        rate = self.parser.request_rate(user_agent)
        if rate is not None and rate.requests:
            delay = max(delay, rate.seconds / rate.requests)
        return min(float(delay), MAX_CRAWL_DELAY)


def rules_from(status: int, body: bytes | None, error: str | None = None) -> Rules:
    """The rules a robots.txt reply gives (status 0: no HTTP answer)."""
    if 200 <= status < 300 and body is not None:
        parser = Protego.parse(body.decode("utf-8", "replace"))
        return Rules(parser, sitemaps=tuple(parser.sitemaps))
    if 400 <= status < 500:
        return Rules(allow_all=True)
    why = f"HTTP {status}" if status else (error or "no answer")
    return Rules(reason=f"robots.txt unavailable ({why})")
