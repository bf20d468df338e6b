"""`marsad monitor …` subcommands: parse, call a service, print (STYLE.md §7)."""

import argparse
import json
import sys
from pathlib import Path

from marsad.monitor.connectors import FORMATS

EXIT_FAILED = 1


def add_commands(commands: argparse._SubParsersAction) -> None:
    monitor = commands.add_parser("monitor", help="social media monitoring")
    sub = monitor.add_subparsers(
        dest="monitor_command", required=True, metavar="COMMAND"
    )

    ingest = sub.add_parser("ingest", help="read posts from export files into the lake")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ingest.add_argument("--source", required=True, help="name for this collection")
    ingest.add_argument(
        "--format", dest="fmt", default="auto", choices=["auto", *sorted(FORMATS)]
    )
    ingest.add_argument("--mapping", type=Path, help="TOML file naming the fields")
    ingest.add_argument("--json", action="store_true", help="print one JSON object")
    ingest.set_defaults(handler=_ingest)

    stats = sub.add_parser("stats", help="count posts in the lake")
    stats.add_argument("--json", action="store_true", help="print one JSON object")
    stats.set_defaults(handler=_stats)


def _ingest(args: argparse.Namespace) -> int:
    from marsad.monitor.connectors.mapping import MappingError
    from marsad.monitor.lake import InvalidSourceNameError
    from marsad.monitor.services import ingest_files

    try:
        summary = ingest_files(
            args.paths, source=args.source, fmt=args.fmt, mapping=args.mapping
        )
    except (MappingError, InvalidSourceNameError) as exc:
        print(f"marsad: {exc}", file=sys.stderr)
        return EXIT_FAILED
    for error in summary.errors:
        where = (
            error["file"]
            if error["line"] is None
            else f"{error['file']}:{error['line']}"
        )
        print(f"{where}: {error['reason']}", file=sys.stderr)
    if args.json:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
    else:
        print(
            f"read {summary.read}, stored {summary.stored}, "
            f"duplicates {summary.duplicates}, rejected {summary.rejected}"
        )
    refused_files = [e for e in summary.errors if e["line"] is None]
    return EXIT_FAILED if refused_files else 0


def _stats(args: argparse.Namespace) -> int:
    from marsad.monitor.services import lake_stats

    stats = lake_stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False))
        return 0
    print(f"{stats['total']} posts")
    for key in ("by_source", "by_platform", "by_lang"):
        counts = ", ".join(f"{k}: {v}" for k, v in stats[key].items())
        print(f"  {key.removeprefix('by_')}: {counts or '-'}")
    return 0
