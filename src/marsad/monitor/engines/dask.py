"""A Dask distributed cluster: the scheduler given, or a LocalCluster here.

On a real cluster every worker must reach the lake at the same path (a shared
file system, or an object store mounted at that path) and have Marsad installed;
see docs/pipeline.md.
"""

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class DaskEngine:
    def __init__(self, scheduler: str | None = None, workers: int = 2) -> None:
        import logging

        from distributed import Client, LocalCluster

        # The cluster's progress chatter is not what a `marsad` user asked for.
        logging.getLogger("distributed").setLevel(logging.WARNING)
        self.cluster: Any = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=40,
            )
            self.client = Client(self.cluster)

    def map_unordered(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """Submit everything once and take results as they complete."""
        from distributed import as_completed

        futures = self.client.map(fn, list(tasks), pure=False)
        for future in as_completed(futures):
            yield future.result()
            future.release()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
