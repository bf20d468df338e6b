"""Language-id accuracy and speed on the labelled sets in ../shared/data/hate/.

    .venv/bin/python benchmarks/langid.py [--data DIR]

Every record there carries its language (ar, he or en); this prints, per language
and per data set, the share of posts Marsad's detector gives that language, and
posts per second. The texts are read at run time and never stored.
"""

import argparse
import gzip
import json
import time
from collections import Counter, defaultdict
from pathlib import Path

from marsad.monitor.text.langid import detect_languages

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "hate"


def read_records(folder: Path) -> list[dict[str, str]]:
    records = []
    for path in sorted(folder.glob("*.jsonl*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            records.extend(json.loads(line) for line in handle if line.strip())
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    records = read_records(parser.parse_args().data)
    texts = [r["text"] for r in records]

    start = time.perf_counter()
    found = detect_languages(texts)
    elapsed = time.perf_counter() - start

    by_lang: dict[str, Counter[str]] = defaultdict(Counter)
    by_source: dict[str, Counter[str]] = defaultdict(Counter)
    for record, lang in zip(records, found, strict=True):
        by_lang[record["lang"]][lang] += 1
        by_source[f"{record['source']} ({record['lang']})"][lang == record["lang"]] += 1
    print(f"{len(texts):,} posts, {len(texts) / elapsed:,.0f} posts/s")
    for lang, counts in sorted(by_lang.items()):
        total = sum(counts.values())
        others = ", ".join(f"{k}={v}" for k, v in counts.most_common() if k != lang)
        print(f"  {lang}: accuracy {counts[lang] / total:.4f} of {total:,} ({others})")
    for source, counts in sorted(by_source.items()):
        print(f"  {source}: {counts[True] / sum(counts.values()):.4f}")


if __name__ == "__main__":
    main()
