"""Where `score_part` runs: `local` (processes on this machine) or `dask`."""
