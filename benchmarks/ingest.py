"""End-to-end ingestion speed: synthetic JSONL posts into a fresh lake.

    .venv/bin/python benchmarks/ingest.py [--n 1000000] [--keep DIR]

Generates N posts (a third each Arabic, Hebrew, English; synthetic sentences written
for this benchmark), ingests them with the JSONL connector, and prints posts per
second and the process's peak memory. Run it at two sizes to see memory stay flat.
"""

import argparse
import random
import resource
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

from marsad.monitor.ingest import Options, ingest_paths
from marsad.monitor.lake import Lake

SENTENCES = {
    "ar": "الناس في المدينة يتحدثون عن الأخبار اليوم والمدرسة والسوق الطقس جميل",
    "he": "האנשים בעיר מדברים על החדשות היום בית הספר השוק העבודה מזג האוויר נעים",
    "en": "people in the city talk about the news today school market work weather",
}
WORDS = {lang: sentence.split() for lang, sentence in SENTENCES.items()}
TAGS = ["#أخبار", "#חדשות", "#news", "#القدس", "#ירושלים", "#local"]


def write_posts(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    langs = list(WORDS)
    with path.open("wb") as handle:
        for i in range(n):
            words = WORDS[langs[i % 3]]
            text = " ".join(rng.choices(words, k=rng.randint(6, 18)))
            if i % 4 == 0:
                text += f" {rng.choice(TAGS)} @user{rng.randint(1, 999)}"
            record = {
                "id": str(i),
                "platform": "x",
                "text": text,
                "created_at": (start + timedelta(seconds=i * 7)).isoformat(),
                "author": f"user{rng.randint(1, 50_000)}",
                "likes": rng.randint(0, 500),
            }
            handle.write(orjson.dumps(record) + b"\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2, help="1 = one core only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "posts.jsonl"
        write_posts(data, args.n)
        size_mb = data.stat().st_size / 1e6
        lake = Lake(Path(folder) / "lake")
        start = time.perf_counter()
        summary = ingest_paths(
            [data], lake, Options(source="bench", fmt="jsonl", workers=args.workers)
        )
        elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"posts: {args.n:,} ({size_mb:,.0f} MB JSONL), stored {summary.stored:,}")
    print(
        f"ingest ({args.workers} worker{'s' if args.workers > 1 else ''}): "
        f"{elapsed:.1f} s, "
        f"{summary.stored / elapsed:,.0f} posts/s"
    )
    print(
        f"peak memory: {peak_mb:,.0f} MB here, "
        f"{worker_mb:,.0f} MB in the largest worker"
    )


if __name__ == "__main__":
    main()
