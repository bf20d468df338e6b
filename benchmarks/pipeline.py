"""`marsad monitor run` speed: local processes against a Dask LocalCluster.

    .venv/bin/python benchmarks/pipeline.py [--n 1000000] [--workers 2]

Generates N synthetic posts (as benchmarks/ingest.py), ingests them into a fresh
lake and database (SQLite in a temporary folder), then times `monitor run` with
the local engine and, after clearing the scores, with Dask (LocalCluster of
`--workers` single-threaded processes). Prints posts per second for each and the
ratio; classification is included, ingestion is not.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for name in [k for k in os.environ if k.startswith(("MARSAD_", "DATABASE_"))]:
            del os.environ[name]
        os.environ["MARSAD_DATA_DIR"] = folder
        os.environ["DJANGO_SETTINGS_MODULE"] = "marsad.settings"
        import django

        django.setup()
        from django.core.management import call_command

        from marsad.monitor.models import PartRun
        from marsad.monitor.runs import run_pipeline
        from marsad.monitor.services import ingest_files

        sys.path.insert(0, str(Path(__file__).parent))
        from ingest import write_posts

        call_command("migrate", verbosity=0, stdout=StringIO())
        data = Path(folder) / "posts.jsonl"
        write_posts(data, args.n)
        stored = ingest_files([data], source="bench", fmt="jsonl").stored
        figures = {}
        for engine in ("local", "dask"):
            PartRun.objects.all().delete()
            shutil.rmtree(Path(folder) / "lake" / "scores", ignore_errors=True)
            start = time.perf_counter()
            summary = run_pipeline(engine=engine, workers=args.workers)
            elapsed = time.perf_counter() - start
            if summary.posts != stored or summary.errors:
                raise SystemExit(f"{engine} run incomplete: {summary.as_dict()}")
            figures[engine] = stored / elapsed
            print(
                f"{engine:>5}: {elapsed:6.1f} s, {figures[engine]:,.0f} posts/s "
                f"({summary.parts} parts, {summary.flagged:,} flagged)"
            )
    print(
        f"posts: {stored:,}; dask takes {figures['local'] / figures['dask']:.2f}x local"
    )


if __name__ == "__main__":
    main()
