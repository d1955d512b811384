"""robots.txt, fetched once per site and asked before every request (RFC 9309 defaults)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from search.sources.fetch import Response

MAX_ROBOTS_BYTES = 512 * 1024


class Robots:
    """robots.txt rules per scheme://host:port, fetched through the crawler's own GET."""

    def __init__(self, user_agent: str, get: Callable[[str], Response]) -> None:
        self.user_agent = user_agent
        self.get = get
        self.parsers: dict[str, RobotFileParser] = {}

    def _parser(self, url: str) -> RobotFileParser:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self.parsers:
            self.parsers[site] = self._load(site + "/robots.txt")
        return self.parsers[site]

    def _load(self, robots_url: str) -> RobotFileParser:
        parser = RobotFileParser(robots_url)
        reply = self.get(robots_url)
        if reply.status in (401, 403):
            parser.disallow_all = True
        elif 400 <= reply.status < 500:
            parser.allow_all = True  # no robots.txt: everything is allowed
        elif reply.status == 200 and reply.body is not None:
            parser.parse(reply.body.decode("utf-8", "replace").splitlines())
        else:
            # Unreachable or a server error: RFC 9309 says assume complete disallow.
            parser.disallow_all = True
        return parser

    def allowed(self, url: str) -> bool:
        return self._parser(url).can_fetch(self.user_agent, url)

    def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay the site asks of this user agent, if any."""
        delay = self._parser(url).crawl_delay(self.user_agent)
        return float(delay) if delay is not None else None
