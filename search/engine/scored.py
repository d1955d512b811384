"""What evaluating a query yields: a match mask and a score per document."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Scored:
    """Which documents match (bool per docnum) and their scores (0 where not matching)."""

    mask: np.ndarray
    score: np.ndarray
