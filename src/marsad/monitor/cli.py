"""`marsad monitor …` subcommands: parse, call a service, print (STYLE.md §7)."""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from marsad.monitor import cli_classify
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

    _add_sources(sub)
    cli_classify.add_commands(sub)

    run = sub.add_parser(
        "run",
        help="classify what is not yet classified, update counts and review queue",
    )
    run.add_argument("--engine", choices=["local", "dask"], default="local")
    run.add_argument("--scheduler", help="Dask scheduler, e.g. tcp://10.0.0.5:8786")
    run.add_argument("--workers", type=int, help="processes (local) or workers (dask)")
    run.add_argument(
        "--rescore", action="store_true", help="re-score parts of older model versions"
    )
    run.add_argument("--json", action="store_true", help="print one JSON object")
    run.set_defaults(handler=_run)

    export = sub.add_parser(
        "export-reviews", help="reviewers' labels as JSONL in the training format"
    )
    export.add_argument("--out", type=Path, help="file to write (default: stdout)")
    export.set_defaults(handler=_export_reviews)

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
        print(_counts(summary.as_dict()))
    refused_files = [e for e in summary.errors if e["line"] is None]
    return EXIT_FAILED if refused_files else 0


def _counts(summary: dict[str, Any]) -> str:
    return (
        f"read {summary['read']}, stored {summary['stored']}, "
        f"duplicates {summary['duplicates']}, rejected {summary['rejected']}"
    )


def _run(args: argparse.Namespace) -> int:
    from marsad.monitor.runs import run_pipeline

    if args.scheduler and args.engine != "dask":
        print("marsad: --scheduler needs --engine dask", file=sys.stderr)
        return EXIT_FAILED
    summary = run_pipeline(
        engine=args.engine,
        scheduler=args.scheduler,
        workers=args.workers,
        rescore=args.rescore,
    )
    for error in summary.errors:
        print(f"{error['part']}: {error['reason']}", file=sys.stderr)
    if args.json:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
    else:
        print(
            f"model {summary.model_version}: scored {summary.parts} parts "
            f"({summary.posts} posts, {summary.flagged} flagged), "
            f"{summary.skipped} already done, {len(summary.errors)} failed"
        )
        if summary.stale:
            print(
                f"{summary.stale} parts were scored by another model version; "
                "--rescore scores them again",
                file=sys.stderr,
            )
    return EXIT_FAILED if summary.errors else 0


def _export_reviews(args: argparse.Namespace) -> int:
    from marsad.monitor.review import export_lines

    lines = [line + "\n" for line in export_lines()]
    if args.out is None:
        sys.stdout.writelines(lines)
    else:
        args.out.write_text("".join(lines), encoding="utf-8")
        print(f"{len(lines)} labelled posts written to {args.out}", file=sys.stderr)
    return 0


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


def _add_sources(sub: argparse._SubParsersAction) -> None:
    sources = sub.add_parser("sources", help="live sources (Mastodon, Bluesky)")
    actions = sources.add_subparsers(
        dest="sources_command", required=True, metavar="ACTION"
    )

    listing = actions.add_parser("list", help="show the live sources")
    listing.add_argument("--json", action="store_true", help="print one JSON object")
    listing.set_defaults(handler=_sources_list)

    add = actions.add_parser(
        "add", help="save a hashtag (Mastodon) or search (Bluesky)"
    )
    add.add_argument("name", help="source name, also used in the lake")
    add.add_argument("--kind", required=True, choices=["mastodon", "bluesky"])
    add.add_argument(
        "--base-url",
        required=True,
        help="e.g. https://mastodon.social or https://public.api.bsky.app/xrpc",
    )
    add.add_argument(
        "--query", required=True, help="hashtag (Mastodon) or search words"
    )
    add.add_argument("--token-file", type=Path, help="file holding an API access token")
    add.set_defaults(handler=_sources_add)

    remove = actions.add_parser("remove", help="forget a source (its posts stay)")
    remove.add_argument("name")
    remove.set_defaults(handler=_sources_remove)

    fetch = actions.add_parser("fetch", help="fetch new posts from live sources")
    fetch.add_argument("names", nargs="*", metavar="NAME", help="default: all active")
    fetch.add_argument("--json", action="store_true", help="print one JSON object")
    fetch.set_defaults(handler=_sources_fetch)


def _source_dict(source: Any) -> dict[str, Any]:
    return {
        "name": source.name,
        "kind": source.kind,
        "base_url": source.base_url,
        "query": source.query,
        "is_active": source.is_active,
        "last_fetched_at": source.last_fetched_at.isoformat()
        if source.last_fetched_at
        else None,
        "n_fetched": source.n_fetched,
    }


def _sources_list(args: argparse.Namespace) -> int:
    from marsad.monitor.models import Source

    sources = [_source_dict(s) for s in Source.objects.all()]
    if args.json:
        print(json.dumps({"sources": sources}, ensure_ascii=False))
        return 0
    for s in sources:
        print(f"{s['name']:<20} {s['kind']:<9} {s['query']:<24} {s['n_fetched']} posts")
    return 0


def _sources_add(args: argparse.Namespace) -> int:
    from django.db import IntegrityError

    from marsad.monitor.enums import SourceKind
    from marsad.monitor.lake import InvalidSourceNameError
    from marsad.monitor.services import create_source

    token = (
        args.token_file.read_text(encoding="utf-8").strip() if args.token_file else ""
    )
    try:
        create_source(
            name=args.name,
            kind=SourceKind(args.kind),
            base_url=args.base_url,
            query=args.query,
            access_token=token,
        )
    except InvalidSourceNameError as exc:
        print(f"marsad: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except IntegrityError:
        print(f"marsad: a source named {args.name!r} exists already", file=sys.stderr)
        return EXIT_FAILED
    print(f"added {args.name}")
    return 0


def _sources_remove(args: argparse.Namespace) -> int:
    from marsad.monitor.models import Source
    from marsad.monitor.services import delete_source

    source = Source.objects.filter(name=args.name).first()
    if source is None:
        print(f"marsad: no source named {args.name!r}", file=sys.stderr)
        return EXIT_FAILED
    delete_source(source)
    print(f"removed {args.name}")
    return 0


def _sources_fetch(args: argparse.Namespace) -> int:
    from marsad.monitor.live import FetchError
    from marsad.monitor.models import Source
    from marsad.monitor.services import fetch_source

    sources = Source.objects.filter(is_active=True)
    if args.names:
        sources = sources.filter(name__in=args.names)
        unknown = sorted(set(args.names) - {s.name for s in sources})
        if unknown:
            print(
                f"marsad: no active source named {', '.join(unknown)}", file=sys.stderr
            )
            return EXIT_FAILED
    results: dict[str, Any] = {}
    failed = False
    for source in sources:
        try:
            results[source.name] = fetch_source(source).as_dict()
        except FetchError as exc:
            failed = True
            results[source.name] = {"error": str(exc)}
            print(f"{source.name}: {exc}", file=sys.stderr)
    if args.json:
        print(json.dumps({"sources": results}, ensure_ascii=False))
    else:
        for name, result in results.items():
            if "error" not in result:
                print(f"{name}: {_counts(result)}")
    return EXIT_FAILED if failed else 0
