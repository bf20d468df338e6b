"""The near-duplicate index of the days being stored, held in memory.

The lake keeps band keys and their group's leader per day (`near_dup/day=…/`). A
batch is compared with the days within NEAR_DUP_WINDOW_DAYS of its posts. Reading
those files for every batch (DuckDB, 4.5 µs a post) cost more than the rest of
the main process's work; here each day is read once, kept as sorted keys, and
grows with what this run stages. At most MAX_DAYS days stay in memory (the least
recently used go and are read again when needed), so memory follows the window,
not the file. Imports no Django.
"""

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa

from marsad.monitor.lake import EPOCH, NEAR_DUP_WINDOW_DAYS, Lake

MAX_CHUNKS = 8  # sorted runs per day before they are merged into one


@dataclass
class _Day:
    """One day's index: sorted runs of (band key, leader)."""

    keys: list[np.ndarray] = field(default_factory=list)
    leaders: list[pa.Array] = field(default_factory=list)

    def add(self, keys: np.ndarray, leaders: pa.Array) -> None:
        if not keys.size:
            return
        order = np.argsort(keys, kind="stable")
        self.keys.append(keys[order])
        self.leaders.append(leaders.take(pa.array(order)))
        if len(self.keys) > MAX_CHUNKS:
            merged_keys = np.concatenate(self.keys)
            merged_leaders = pa.concat_arrays(self.leaders)
            self.keys, self.leaders = [], []
            self.add(merged_keys, merged_leaders)

    def matches(self, wanted: np.ndarray) -> Iterable[tuple[np.ndarray, pa.Array]]:
        """(keys found, their leaders) per run; `wanted` is sorted and unique."""
        for keys, leaders in zip(self.keys, self.leaders, strict=True):
            spot = np.searchsorted(keys, wanted)
            np.minimum(spot, keys.size - 1, out=spot)
            hit = keys[spot] == wanted
            if hit.any():
                yield wanted[hit], leaders.take(pa.array(spot[hit]))


class BandIndex:
    # The window is 15 days; twice that lets a batch span two weeks without
    # reading a day twice. 64 days cost 60 MB more at 1M posts and no speed.
    MAX_DAYS = 32

    def __init__(self, lake: Lake) -> None:
        self.lake = lake
        self.by_day: OrderedDict[int, _Day] = OrderedDict()

    def _day(self, day: int, pending: Sequence[Path]) -> _Day:
        entry = self.by_day.get(day)
        if entry is None:
            entry = _Day()
            table = self.lake.near_dup_day(EPOCH + timedelta(day), pending)
            entry.add(
                table["band_key"].to_numpy(zero_copy_only=False),
                table["leader"].combine_chunks(),
            )
            self.by_day[day] = entry
        else:
            self.by_day.move_to_end(day)
        return entry

    def leaders(
        self, keys: np.ndarray, days: Iterable[int], pending: Sequence[Path]
    ) -> dict[int, str]:
        """Leaders of `keys` (sorted, unique) indexed within the window of `days`.

        When a key is indexed more than once, the smallest leader wins, as it
        did when the index was queried with SQL (`min(leader)`).
        """
        window = sorted(
            {
                day + shift
                for day in days
                for shift in range(-NEAR_DUP_WINDOW_DAYS, NEAR_DUP_WINDOW_DAYS + 1)
            }
        )
        found: dict[int, str] = {}
        for day in window:
            for hits, leaders in self._day(day, pending).matches(keys):
                for key, leader in zip(hits.tolist(), leaders.to_pylist(), strict=True):
                    if key not in found or leader < found[key]:
                        found[key] = leader
        self._trim()
        return found

    def add(
        self,
        keys: np.ndarray,
        leaders: np.ndarray,
        days: np.ndarray,
        pending: Sequence[Path],
    ) -> None:
        """Rows this run is staging; call before staging them (`pending` without)."""
        names = pa.array(leaders, pa.string())
        for day in np.unique(days).tolist():
            rows = np.flatnonzero(days == day)
            self._day(day, pending).add(keys[rows], names.take(pa.array(rows)))
        self._trim()

    def forget_days(self, days: Iterable[int]) -> None:
        """Read these days from the lake next time (staged rows were discarded)."""
        for day in days:
            for shift in range(-NEAR_DUP_WINDOW_DAYS, NEAR_DUP_WINDOW_DAYS + 1):
                self.by_day.pop(day + shift, None)

    def _trim(self) -> None:
        while len(self.by_day) > self.MAX_DAYS:
            self.by_day.popitem(last=False)
