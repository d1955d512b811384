"""The site list: what to crawl, site by site, read from a TOML file or made from start URLs.

A URL belongs to the first site whose scope takes it: its host (host:port when the port is
not the scheme's default; "*.example.cn" for every subdomain) is among the site's hosts, it
matches one of the site's allow patterns when there are any, and none of its deny patterns.
The hosts default to those of the start URLs. A link to another port of an allowed host is
out of scope ("other port"): a port is another server.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from courlan.clean import decode_punycode

from search.sources.crawl.urls import netloc_key, normalise_url

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - 3.10
    import tomli as tomllib

DAY = 86400.0
_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": DAY, "w": 7 * DAY}
_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*")


class SiteListError(ValueError):
    """A site list that cannot be used, said in one line."""


def parse_duration(value: object) -> float:
    """Seconds from a number or a string such as "90s", "30m", "12h", "7d", "2w"."""
    if isinstance(value, bool):
        raise ValueError(f"not a duration: {value!r}")
    if isinstance(value, (int, float)) and value >= 0:
        return float(value)
    match = _DURATION.fullmatch(value) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"not a duration: {value!r} (a number of seconds, or 30m, 12h, 7d ...)")
    return float(match.group(1)) * _UNITS[match.group(2) or "s"]


@dataclass(frozen=True)
class Site:
    """One site to crawl and its rules."""

    name: str
    start: tuple[str, ...]
    hosts: frozenset[str] = frozenset()  # netloc keys; empty: those of the start URLs
    allow: tuple[re.Pattern[str], ...] = ()
    deny: tuple[re.Pattern[str], ...] = ()
    article: re.Pattern[str] | None = None  # article URLs; the rest are list pages
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    max_pages: int = 500  # pages requested per run (sitemaps, feeds, robots.txt not counted)
    max_depth: int = 3  # links followed from a start page (sitemap and feed entries: 1)
    recrawl: float = DAY  # list pages, sitemaps and feeds
    article_recrawl: float = 30 * DAY
    delay: float = 1.0  # seconds between two requests to one host (robots.txt may ask more)
    guess_sitemap: bool = True  # try /sitemap.xml when robots.txt names none

    def __post_init__(self) -> None:
        hosts = self.hosts or frozenset(netloc_key(u) for u in self.start)
        # as URLs are keyed: lower case, and punycode (xn--) read as the name it spells
        object.__setattr__(self, "hosts", frozenset(decode_punycode(h.lower()) for h in hosts))

    def host_allowed(self, key: str) -> bool:
        """Whether a netloc key (host or host:port) is one of the site's hosts."""
        if key in self.hosts:
            return True
        return any(h.startswith("*.") and key.endswith(h[1:]) for h in self.hosts)

    def refusal(self, url: str) -> str | None:
        """Why url is outside this site, or None when it belongs to it."""
        key = netloc_key(url)
        if not self.host_allowed(key):
            host = key.rsplit(":", 1)[0] if ":" in key else key
            if any(h == host or h.startswith(host + ":") for h in self.hosts):
                return "other port"
            return "off-site"
        if self.allow and not any(p.search(url) for p in self.allow):
            return "outside the site's patterns"
        if any(p.search(url) for p in self.deny):
            return "denied by the site's patterns"
        return None

    def is_article(self, url: str) -> bool | None:
        """True or False when the site gives an article pattern, else None (not known)."""
        return None if self.article is None else bool(self.article.search(url))


def site_of(sites: Sequence[Site], url: str) -> tuple[Site | None, str]:
    """The first site url belongs to, or None with the reason of the first refusal."""
    reasons = []
    for site in sites:
        reason = site.refusal(url)
        if reason is None:
            return site, ""
        reasons.append(reason)
    # "other port" says more than "off-site" when one site has the host on another port
    for reason in ("other port", "outside the site's patterns", "denied by the site's patterns"):
        if reason in reasons:
            return None, reason
    return None, "off-site"


def sites_for_urls(
    urls: Iterable[str], allow_hosts: Sequence[str] = (), **settings: Any
) -> list[Site]:
    """One site per host:port of the start URLs (or one over --allow-host hosts)."""
    starts = [normalise_url(u) for u in urls]
    if allow_hosts:
        return [Site("start URLs", tuple(starts), hosts=frozenset(allow_hosts), **settings)]
    by_key: dict[str, list[str]] = {}
    for url in starts:
        by_key.setdefault(netloc_key(url), []).append(url)
    return [Site(key, tuple(urls), **settings) for key, urls in by_key.items()]


# -- the TOML file ---------------------------------------------------------------------------

_DURATIONS = {"recrawl", "article_recrawl"}
_INTS = {"max_pages": 1, "max_depth": 0}
_LISTS = {"start", "hosts", "allow", "deny", "sitemaps", "feeds"}
_KEYS = {f.name for f in fields(Site)}


def _compile(where: str, key: str, pattern: object) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise SiteListError(f"{where}: {key} must be a string (a regular expression)")
    try:
        return re.compile(pattern)
    except re.error as e:
        reason = f"{where}: {key} {pattern!r} is not a regular expression: {e}"
        raise SiteListError(reason) from None


def _value(where: str, key: str, value: object) -> object:
    """One setting checked and converted to what Site holds."""
    if key not in _KEYS or key == "name":
        known = ", ".join(sorted(_KEYS - {"name"}))
        raise SiteListError(f"{where}: unknown key {key!r} (known: {known})")
    if key in _LISTS:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise SiteListError(f"{where}: {key} must be a string or a list of strings")
        if key in ("allow", "deny"):
            return tuple(_compile(where, key, p) for p in items)
        if key == "hosts":
            return frozenset(h.strip().lower() for h in items)
        bad = [u for u in items if not u.lower().startswith(("http://", "https://"))]
        if bad:
            raise SiteListError(f"{where}: {key}: only http(s) URLs: {', '.join(bad)}")
        return tuple(normalise_url(u) for u in items)
    if key == "article":
        return _compile(where, key, value)
    if key in _DURATIONS:
        try:
            return parse_duration(value)
        except ValueError as e:
            raise SiteListError(f"{where}: {key}: {e}") from None
    if key in _INTS:
        if isinstance(value, bool) or not isinstance(value, int) or value < _INTS[key]:
            raise SiteListError(f"{where}: {key} must be a whole number >= {_INTS[key]}")
        return value
    if key == "delay":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise SiteListError(f"{where}: delay must be a number of seconds >= 0")
        return float(value)
    if key == "guess_sitemap":
        if not isinstance(value, bool):
            raise SiteListError(f"{where}: guess_sitemap must be true or false")
        return value
    raise AssertionError(key)  # pragma: no cover - every key of Site is handled above


def _settings(where: str, table: Mapping[str, object]) -> dict[str, object]:
    return {key: _value(where, key, value) for key, value in table.items()}


def parse_sites(text: str, source: str = "site list", **defaults: Any) -> list[Site]:
    """Sites from TOML text: [defaults] for every site, then one [[site]] table each."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise SiteListError(f"{source}: not TOML: {e}") from None
    unknown = set(data) - {"defaults", "site"}
    if unknown:
        raise SiteListError(f"{source}: unknown table {sorted(unknown)[0]!r} (use [[site]])")
    table = data.get("defaults", {})
    if not isinstance(table, dict):
        raise SiteListError(f"{source}: [defaults] must be a table")
    shared = {**defaults, **_settings(f"{source} [defaults]", table)}
    for key in ("start", "hosts", "article", "sitemaps", "feeds"):
        if key in table:
            raise SiteListError(f"{source} [defaults]: {key} belongs in a [[site]]")
    entries = data.get("site", [])
    if not isinstance(entries, list) or not entries:
        raise SiteListError(f"{source}: no [[site]] table")
    sites: list[Site] = []
    for n, entry in enumerate(entries, start=1):
        name = entry.get("name")
        where = f"{source} site {n}" + (f" ({name!r})" if isinstance(name, str) else "")
        if not isinstance(name, str) or not name.strip():
            raise SiteListError(f"{where}: every site needs a name")
        if any(s.name == name for s in sites):
            raise SiteListError(f"{where}: the name {name!r} is used twice")
        settings = _settings(where, {k: v for k, v in entry.items() if k != "name"})
        if not settings.get("start"):
            raise SiteListError(f"{where}: start (one or more start URLs) is missing")
        sites.append(Site(name=name, **{**shared, **settings}))
    return sites


def load_sites(path: Path, **defaults: Any) -> list[Site]:
    """Sites from a TOML file (parse_sites); SiteListError for one that cannot be read."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise SiteListError(f"cannot read the site list {path}: {e}") from None
    return parse_sites(text, str(path), **defaults)
