"""URLs as the crawler keys them: normalised, session ids taken out, host and origin read off.

The scheme, host and path are normalised by courlan (lower-cased scheme and host, punycode,
default port and duplicate slashes dropped, non-ASCII percent-encoded); the fragment is
dropped and an empty path is "/". The query is ours: tracking parameters (utm_*, fbclid ...)
and session ids go, the rest stays in its order. courlan's own query cleaning is not used: it
drops any parameter whose name merely starts like a tracker ("gallery", "source", "refresh")
and every value-less one ("list.jsp?2"), which would fold different pages into one.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urldefrag, urljoin, urlsplit, urlunsplit

from courlan import normalize_url as courlan_normalize
from courlan.clean import decode_punycode

_QUERY_SAFE = "/:?@!$&'()*+,;=%~"
DEFAULT_PORTS = {"http": 80, "https": 443}

# Parameters that only ever carry a session: taken out whatever their value.
SESSION_NAMES = frozenset({"jsessionid", "phpsessid", "sessionid", "session_id", "cfid", "cftoken"})
# Parameters that carry a session when their value is a long token ("sid=12" is a site id).
TOKEN_NAMES = frozenset({"sid", "sess", "session", "zenid", "oscsid"})
_TOKEN = re.compile(r"[0-9A-Za-z_-]{16,}")
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sessionid)=[^/?#]*", re.I)
_ASPNET_SESSION = re.compile(r"/\([A-Za-z]\([0-9A-Za-z]{16,}\)\)(?=/)")


def strip_session(url: str) -> tuple[str, bool]:
    """url without session ids (query parameters, ;jsessionid=, ASP.NET's /(S(...))/)."""
    parts = urlsplit(url)
    path = _ASPNET_SESSION.sub("", _PATH_SESSION.sub("", parts.path))
    kept = []
    for pair in parts.query.split("&") if parts.query else []:
        name, _, value = pair.partition("=")
        key = name.lower()
        if key in SESSION_NAMES or key.startswith("aspsessionid"):
            continue
        if key in TOKEN_NAMES and _TOKEN.fullmatch(value):
            continue
        kept.append(pair)
    query = "&".join(kept)
    if path == parts.path and query == parts.query:
        return url, False
    return urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment)), True


TRACKER_NAMES = frozenset(
    "fbclid gclid dclid gbraid wbraid msclkid yclid twclid igshid mc_cid mc_eid _ga _gl"
    " spm scm from_spm".split()
)


def _not_tracker(pair: str) -> bool:
    name = pair.partition("=")[0].lower()
    return bool(pair) and name not in TRACKER_NAMES and not name.startswith("utm_")


def canonical(url: str) -> tuple[str, bool]:
    """The crawler's key for url and whether a session id was taken out of it.

    ValueError when it is no URL (an invalid IPv6 literal, a port that is no number).
    """
    url, _ = urldefrag(url.strip())
    parts = urlsplit(url)
    if parts.scheme.lower() not in DEFAULT_PORTS or not parts.hostname:
        # mailto:, javascript:, ftp: ... are refused by scheme later; keep them recognisable
        return url, False
    parts.port  # noqa: B018 - raises ValueError for a port that is no number
    url, session = strip_session(url)
    parts = urlsplit(url)
    query = "&".join(filter(_not_tracker, parts.query.split("&")))
    split = urlsplit(courlan_normalize(urlunsplit(parts._replace(query=""))))
    normal = split._replace(path=split.path or "/", query=quote(query, safe=_QUERY_SAFE))
    return urlunsplit(normal), session


def normalise_url(url: str) -> str:
    """canonical(url) without the flag."""
    return canonical(url)[0]


def absolute(base: str, href: str) -> tuple[str, bool]:
    """href read against base, as canonical() gives it."""
    return canonical(urljoin(base, href.strip()))


def host_of(url: str) -> str:
    """The host name, lower-cased: the unit of politeness (one connection, one delay)."""
    return decode_punycode((urlsplit(url).hostname or "").lower())


def netloc_key(url: str) -> str:
    """host, or host:port when the port is not the scheme's default: the unit of scope.

    Punycode (xn--) is read as the name it spells, as courlan's normalisation does.
    """
    parts = urlsplit(url)
    host = decode_punycode((parts.hostname or "").lower())
    try:
        port = parts.port
    except ValueError:
        return host + ":?"
    if port is None or port == DEFAULT_PORTS.get(parts.scheme.lower()):
        return host
    return f"{host}:{port}"


def origin_of(url: str) -> str:
    """scheme://host[:port]: robots.txt applies per origin."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"
