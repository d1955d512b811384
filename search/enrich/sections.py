"""Where an article's lead paragraph ends: places and years named there weigh more."""

from __future__ import annotations

LEAD_MAX = 300


def lead_end(body: str) -> int:
    """Where the first real paragraph ends (past a short header line or two)."""
    start = 0
    while True:
        nl = body.find("\n", start)
        if nl < 0 or nl >= LEAD_MAX:
            return min(len(body), LEAD_MAX)
        if nl - start >= 40:
            return nl
        start = nl + 1
