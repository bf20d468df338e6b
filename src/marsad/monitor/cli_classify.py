"""`marsad monitor classify|train|evaluate`: parse, call a service, print."""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import orjson

EXIT_FAILED = 1


def add_commands(sub: argparse._SubParsersAction) -> None:
    classify = sub.add_parser(
        "classify", help="score texts with the active classifier, with reasons"
    )
    classify.add_argument("texts", nargs="*", metavar="TEXT")
    classify.add_argument(
        "--input", type=Path, help='JSON Lines file: {"text": …} per line (id, lang)'
    )
    classify.add_argument("--lang", help="language of all texts (else detected)")
    classify.add_argument("--json", action="store_true", help="print one JSON object")
    classify.set_defaults(handler=_classify)

    train = sub.add_parser("train", help="train the built-in model on labelled JSONL")
    train.add_argument("--data", nargs="+", type=Path, required=True, metavar="FILE")
    train.add_argument("--out", type=Path, required=True, help="model folder to write")
    train.add_argument("--seed", type=int, default=0, help="for repeatable training")
    train.add_argument("--json", action="store_true", help="print one JSON object")
    train.set_defaults(handler=_train)

    evaluate = sub.add_parser("evaluate", help="score labelled JSONL, print metrics")
    evaluate.add_argument("--data", nargs="+", type=Path, required=True, metavar="FILE")
    evaluate.add_argument("--model", type=Path, help="built-in model folder")
    evaluate.add_argument("--split", default="test", choices=["train", "dev", "test"])
    evaluate.add_argument("--json", action="store_true", help="print one JSON object")
    evaluate.set_defaults(handler=_evaluate)


def _fail(message: object) -> int:
    print(f"marsad: {message}", file=sys.stderr)
    return EXIT_FAILED


def _read_input(path: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Records of a JSONL file; bad lines become errors naming file and line."""
    records, errors = [], []
    try:
        lines = path.read_bytes().splitlines()
    except OSError as exc:
        return [], [f"{path}: cannot be read ({exc.strerror})"]
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            errors.append(f"{path}:{lineno}: is not valid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            errors.append(f'{path}:{lineno}: has no "text"')
            continue
        records.append({**record, "line": lineno})
    return records, errors


def _classify(args: argparse.Namespace) -> int:
    from marsad.monitor.classification import classify_texts

    records = [{"text": text} for text in args.texts]
    errors: list[str] = []
    if args.input:
        from_file, errors = _read_input(args.input)
        records += from_file
    for error in errors:
        print(error, file=sys.stderr)
    if not records:
        return _fail("nothing to classify: give TEXT arguments or --input FILE")
    langs = [str(args.lang or r.get("lang") or "") for r in records]
    known = langs if all(langs) else None
    try:
        verdicts = classify_texts([r["text"] for r in records], known)
    except (ValueError, OSError) as exc:
        return _fail(exc)
    results = [
        {
            **{k: r[k] for k in ("id", "line") if k in r},
            "text": r["text"],
            **v.as_dict(),
        }
        for r, v in zip(records, verdicts, strict=True)
    ]
    if args.json:
        print(json.dumps({"results": results}, ensure_ascii=False))
    else:
        for result in results:
            reasons = ", ".join(e["text"] for e in result["explanation"]) or "-"
            print(f"{result['label']:<9} {result['text'][:60]}  [{reasons}]")
    return EXIT_FAILED if errors else 0


def _train(args: argparse.Namespace) -> int:
    from marsad.monitor.classification import train_model
    from marsad.monitor.classify.data import DataError

    try:
        report = train_model(args.data, out=args.out, seed=args.seed)
    except (DataError, ValueError) as exc:
        return _fail(exc)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    print(f"model written to {report['model']}")
    test = report["test"]
    if test:
        _print_figures(test)
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from marsad.monitor.classification import evaluate_model
    from marsad.monitor.classify.builtin import ModelError
    from marsad.monitor.classify.data import DataError

    try:
        figures = evaluate_model(args.data, model_path=args.model, split=args.split)
    except (DataError, ModelError, ValueError) as exc:
        return _fail(exc)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        _print_figures(figures)
    return 0


def _print_figures(figures: dict[str, Any]) -> None:
    print(f"{'':<18} {'n':>6} {'macro-F1':>9} {'abusive-F1':>11}")
    rows = [("all", figures["overall"])]
    rows += list(figures["by_lang"].items()) + list(figures["by_source"].items())
    for name, result in rows:
        macro = result["macro_f1"]
        abusive = result["abusive_f1"]
        print(
            f"{name:<18} {result['n']:>6} "
            f"{'-' if macro is None else f'{macro:.3f}':>9} "
            f"{'-' if abusive is None else f'{abusive:.3f}':>11}"
        )
    print(f"{figures['posts_per_second']:,} posts/s")
