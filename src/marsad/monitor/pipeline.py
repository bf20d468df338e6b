"""The per-partition step of `marsad monitor run`: score one lake part, count it.

`score_part` is a pure function of a part file and the scorer's description: it
runs unchanged in a local worker process or on a Dask worker (no Django, no
database). It writes the part's scores beside the posts (atomically; a part with
scores is not classified again) and returns what the database needs: counts per
day x platform x language x source x category, hashtags, accounts, targeted
groups, and the flagged posts for the review queue.
"""

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from marsad.monitor.classify.scorer import PACKAGED_MODEL, Scorer, load_backend

ALL = "all"  # the category under which every post is counted
SCORE_SCHEMA = pa.schema(
    [
        ("platform", pa.string()),
        ("post_id", pa.string()),
        ("label", pa.string()),
        ("categories", pa.list_(pa.string())),
        ("p_hate", pa.float32()),
        ("p_offensive", pa.float32()),
        ("targets", pa.list_(pa.string())),
        ("model_version", pa.string()),
    ]
)
POST_COLUMNS = [
    "platform",
    "post_id",
    "source",
    "author_handle",
    "text",
    "created_at",
    "lang",
    "hashtags",
]


@dataclass(frozen=True)
class ScorerSpec:
    """Which scorer to build in a worker: picklable, and names a model version."""

    backend: str = "builtin"
    model: str = ""  # folder (or lexicon CSV); "" = the model shipped with Marsad
    thresholds: tuple[tuple[str, tuple[float, float]], ...] = ()
    lexicon: str = ""

    def version(self) -> str:
        """12 hex digits that change whenever the scores could change."""
        digest = hashlib.sha256(json.dumps([self.backend, self.thresholds]).encode())
        for path in (Path(self.model) if self.model else PACKAGED_MODEL, self.lexicon):
            if path:
                _hash_files(digest, Path(path))
        return digest.hexdigest()[:12]


def _hash_files(digest: "hashlib._Hash", path: Path) -> None:
    files = (
        sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    )
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())


@lru_cache(maxsize=4)
def build_scorer(spec: ScorerSpec) -> Scorer:
    """One scorer per process and spec (loading a model takes a while); the web
    app, the CLI and pipeline workers all build it here."""
    from marsad.monitor.classify.lexicon import lexicon_classifier, load_lexicon

    model = load_backend(spec.backend, Path(spec.model) if spec.model else None)
    if spec.thresholds and hasattr(model, "thresholds_"):
        model.thresholds_ = {**model.thresholds_, **dict(spec.thresholds)}
    lexicon = (
        lexicon_classifier(load_lexicon(Path(spec.lexicon))) if spec.lexicon else None
    )
    return Scorer(model, lexicon)


@dataclass(frozen=True)
class PartTask:
    part: str  # relative to the lake's posts folder: source=…/day=…/part-….parquet
    lake_root: str
    spec: ScorerSpec
    version: str
    rescore: bool = False


@dataclass
class PartResult:
    part: str
    n_posts: int = 0
    n_flagged: int = 0
    counts: list[tuple[str, str, str, str, str, int]] = field(default_factory=list)
    hashtags: list[tuple[str, str, int, int]] = field(default_factory=list)
    accounts: list[tuple[str, str, int]] = field(default_factory=list)
    targets: list[tuple[str, str, int]] = field(default_factory=list)
    flagged: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""


def scores_path(lake_root: Path, version: str, part: str) -> Path:
    return lake_root / "scores" / f"version={version}" / part


def score_part(task: PartTask) -> PartResult:
    """Score one part (or read its scores) and count it; errors are returned."""
    root = Path(task.lake_root)
    try:
        posts = pq.read_table(root / "posts" / task.part, columns=POST_COLUMNS)
    except (OSError, pa.ArrowException) as exc:
        return PartResult(task.part, error=f"cannot be read: {exc}")
    out = scores_path(root, task.version, task.part)
    scores = None if task.rescore else _existing_scores(out, posts.num_rows)
    scorer = build_scorer(task.spec)
    if scores is None:
        scores = _score(scorer, posts, task.version)
        _write_atomically(scores, out)
    return _count(task.part, posts, scores, scorer)


def _existing_scores(path: Path, n_rows: int) -> pa.Table | None:
    try:
        table = pq.read_table(path, schema=SCORE_SCHEMA)
    except (OSError, pa.ArrowException):
        return None
    return table if table.num_rows == n_rows else None


def _score(scorer: Scorer, posts: pa.Table, version: str) -> pa.Table:
    texts = [t or "" for t in posts["text"].to_pylist()]
    langs = [lang or "other" for lang in posts["lang"].to_pylist()]
    verdicts = scorer.classify(texts, langs, explain=False)
    return pa.Table.from_pydict(
        {
            "platform": posts["platform"],
            "post_id": posts["post_id"],
            "label": [v.label for v in verdicts],
            "categories": [v.categories for v in verdicts],
            "p_hate": [v.scores.get("hate", 0.0) for v in verdicts],
            "p_offensive": [v.scores.get("offensive", 0.0) for v in verdicts],
            "targets": [
                sorted({e.target for e in v.evidence if e.target}) for v in verdicts
            ],
            "model_version": [version] * len(verdicts),
        },
        schema=SCORE_SCHEMA,
    )


def _write_atomically(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    tmp.replace(path)


@dataclass
class _Tally:
    counts: Counter[tuple[str, ...]] = field(default_factory=Counter)
    tags: Counter[tuple[str, str]] = field(default_factory=Counter)
    flagged_tags: Counter[tuple[str, str]] = field(default_factory=Counter)
    accounts: Counter[tuple[str, str]] = field(default_factory=Counter)
    targets: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, post: tuple[Any, ...], cats: list[str], aimed: list[str]) -> None:
        day, platform, lang, source, author, hashtags = post
        for category in (ALL, *cats):
            self.counts[(day, platform, lang or "other", source, category)] += 1
        for tag in set(hashtags or ()):
            self.tags[(day, tag)] += 1
            self.flagged_tags[(day, tag)] += bool(cats)
        if cats and author:
            self.accounts[(day, author)] += 1
        for target in aimed if cats else ():
            self.targets[(day, target)] += 1


def _count(part: str, posts: pa.Table, scores: pa.Table, scorer: Scorer) -> PartResult:
    days = pc.strftime(posts["created_at"], format="%Y-%m-%d").to_pylist()
    columns = ["platform", "lang", "source", "author_handle", "hashtags"]
    rows = zip(days, *(posts[name].to_pylist() for name in columns), strict=True)
    categories = scores["categories"].to_pylist()
    targets = scores["targets"].to_pylist()
    tally = _Tally()
    for post, cats, aimed in zip(rows, categories, targets, strict=True):
        tally.add(post, cats, aimed or [])
    flagged_rows = [i for i, cats in enumerate(categories) if cats]
    return PartResult(
        part=part,
        n_posts=posts.num_rows,
        n_flagged=len(flagged_rows),
        counts=[(*key, n) for key, n in sorted(tally.counts.items())],  # type: ignore[misc]
        hashtags=[
            (day, tag, n, tally.flagged_tags[(day, tag)])
            for (day, tag), n in sorted(tally.tags.items())
        ],
        accounts=[(*key, n) for key, n in sorted(tally.accounts.items())],
        targets=[(*key, n) for key, n in sorted(tally.targets.items())],
        flagged=_flagged(posts, scores, flagged_rows, days, scorer),
    )


def _flagged(
    posts: pa.Table, scores: pa.Table, rows: list[int], days: list[str], scorer: Scorer
) -> list[dict[str, Any]]:
    """Review-queue items. The model's explanation (1 ms a post) is computed when
    a reviewer opens the item; the lexicon's hits, cheap, are kept here."""
    if not rows:
        return []
    taken = pa.array(rows)
    picked = {
        name: posts[name].take(taken).to_pylist()
        for name in ("platform", "post_id", "source", "text", "lang")
    }
    picked.update(
        {
            name: scores[name].take(taken).to_pylist()
            for name in ("label", "categories", "p_hate", "p_offensive")
        }
    )
    items = []
    for k, row in enumerate(rows):
        text = picked["text"][k] or ""
        hits = scorer.lexicon.explain(text) if scorer.lexicon else []
        items.append(
            {
                "platform": picked["platform"][k],
                "post_id": picked["post_id"][k],
                "source": picked["source"][k],
                "day": days[row],
                "lang": picked["lang"][k] or "other",
                "text": text,
                "label": picked["label"][k],
                "categories": picked["categories"][k],
                "p_abusive": round(picked["p_hate"][k] + picked["p_offensive"][k], 4),
                "explanation": [
                    {"category": h.category, "text": h.text, "kind": h.kind}
                    for h in hits
                ],
            }
        )
    return items
