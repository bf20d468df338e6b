"""How fast the Index answers for a year of counts.

    .venv/bin/python benchmarks/index_queries.py [--days 365] [--tags 400]

Fills a fresh database (SQLite in a temporary folder, or DATABASE_URL's) with
the rows `marsad monitor run` would store for a year: every day x 3 platforms x
4 languages x 3 sources x 4 categories, hashtags and accounts, then times the
dashboard's whole summary (`index_summary`) over the year and over a month.
"""

import argparse
import os
import random
import tempfile
import time
from datetime import date, timedelta
from io import StringIO


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--tags", type=int, default=400, help="hashtags per day")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("MARSAD_DATA_DIR", folder)
        os.environ["DJANGO_SETTINGS_MODULE"] = "marsad.settings"
        import django

        django.setup()
        from django.core.management import call_command

        from marsad.monitor import models
        from marsad.monitor.queries import Filters, index_summary

        call_command("migrate", verbosity=0, stdout=StringIO())
        rng = random.Random(7)
        start = date(2025, 1, 1)
        rows = tags = 0
        for offset in range(args.days):
            day = start + timedelta(offset)
            run = models.PartRun.objects.create(
                model_version="bench", part=f"day={day}", n_posts=0, n_flagged=0
            )
            daily = [
                models.DailyCount(
                    run=run,
                    day=day,
                    platform=p,
                    lang=lang,
                    source=s,
                    category=c,
                    n_posts=rng.randint(0, 3000),
                )
                for p in ("x", "facebook", "telegram")
                for lang in ("ar", "he", "en", "other")
                for s in ("export", "api", "telegram-channels")
                for c in ("all", "hate", "offensive", "incitement")
            ]
            models.DailyCount.objects.bulk_create(daily)
            models.HashtagCount.objects.bulk_create(
                models.HashtagCount(
                    run=run,
                    day=day,
                    tag=f"tag{rng.randint(0, 5000)}",
                    n_posts=rng.randint(1, 500),
                    n_flagged=rng.randint(0, 50),
                )
                for _ in range(args.tags)
            )
            models.AccountCount.objects.bulk_create(
                models.AccountCount(
                    run=run,
                    day=day,
                    account=f"anon-{rng.randint(0, 20000)}",
                    n_flagged=rng.randint(1, 20),
                )
                for _ in range(200)
            )
            rows += len(daily)
            tags += args.tags
        end = start + timedelta(args.days - 1)
        for label, period in (
            ("year", Filters(start, end)),
            ("month", Filters(end - timedelta(29), end)),
            ("year, Hebrew only", Filters(start, end, lang="he")),
        ):
            index_summary(period)  # warm the connection
            began = time.perf_counter()
            index_summary(period)
            elapsed = time.perf_counter() - began
            print(f"summary over a {label}: {elapsed * 1000:,.0f} ms")
    print(f"{rows:,} daily count rows, {tags:,} hashtag rows, {args.days} days")


if __name__ == "__main__":
    main()
