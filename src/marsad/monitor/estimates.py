"""Honest numbers from reviewed samples: precision with a Wilson interval, the
sample size a margin needs, corrected counts, and reviewers' agreement.

Pure functions (no Django), so reports and tests use them directly.
"""

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

Z95 = 1.959964


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """95 % Wilson score interval of a proportion (sound for small n and p near 0/1)."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    denominator = 1 + z * z / n
    return max(0.0, (centre - spread) / denominator), min(
        1.0, (centre + spread) / denominator
    )


def sample_size(margin: float, p: float = 0.5, z: float = Z95) -> int:
    """Reviewed posts needed for +/- `margin` on a proportion near `p`."""
    p = min(max(p, 0.05), 0.95)
    return math.ceil(z * z * p * (1 - p) / (margin * margin))


@dataclass(frozen=True)
class Estimate:
    category: str
    flagged: int  # the classifier's count
    n_sampled: int  # random-sample reviews of this category
    n_confirmed: int
    precision: float | None
    low: int | None  # estimated true count, 95 % interval
    mid: int | None
    high: int | None
    needed: int  # sample size for +/- 5 points of precision

    @property
    def is_estimated(self) -> bool:
        return self.precision is not None


def estimate(category: str, flagged: int, n_sampled: int, n_confirmed: int) -> Estimate:
    """Flagged count corrected by the precision measured on a random sample."""
    needed = sample_size(0.05, n_confirmed / n_sampled if n_sampled else 0.5)
    if n_sampled == 0:
        return Estimate(category, flagged, 0, 0, None, None, None, None, needed)
    precision = n_confirmed / n_sampled
    low, high = wilson(n_confirmed, n_sampled)
    return Estimate(
        category,
        flagged,
        n_sampled,
        n_confirmed,
        round(precision, 3),
        math.floor(flagged * low),
        round(flagged * precision),
        math.ceil(flagged * high),
        needed,
    )


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Agreement of two reviewers beyond chance; None without pairs."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first = Counter(a for a, _b in pairs)
    second = Counter(b for _a, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    if expected == 1:
        return 1.0
    return round((observed - expected) / (1 - expected), 3)


def seconds_between(
    count_low: int, count_high: int, seconds: float
) -> tuple[float, float] | None:
    """The interval of "one post every N seconds" for counts over `seconds`."""
    if count_low <= 0:
        return None
    return round(seconds / count_high, 1), round(seconds / count_low, 1)
