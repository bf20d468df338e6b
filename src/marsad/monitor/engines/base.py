"""An engine maps one pure per-partition function over tasks (STYLE.md §6)."""

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Engine(Protocol):
    def map_unordered(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """Results as they finish; the caller stores each before the next."""
        ...

    def close(self) -> None: ...


ENGINES = {
    "local": "marsad.monitor.engines.local.LocalEngine",
    "dask": "marsad.monitor.engines.dask.DaskEngine",
}
