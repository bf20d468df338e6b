"""Near-duplicate detection: MinHash signatures and LSH bands, vectorised with numpy.

Copy-paste campaigns and retweets with small edits share most word 3-grams. Each
post with enough words gets a MinHash signature (K hash functions over its
shingles); the signature is cut into bands, and posts sharing any band key are
candidates for the same group. With 8 bands of 4 rows, posts whose shingle sets
overlap (Jaccard) by about 0.6 or more collide with high probability, those below
0.3 rarely. Imports no Django; the lake keeps the band index beside the posts.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from zlib import crc32

import numpy as np

from marsad.monitor.text.words import batch_words

N_HASHES = 32
N_BANDS = 8
ROWS_PER_BAND = N_HASHES // N_BANDS
MIN_TOKENS = 5  # shorter posts ("lol", "thank you") would all look alike
SEED = 20261123

_rng = np.random.default_rng(SEED)
_A = _rng.integers(1, 2**63, size=N_HASHES, dtype=np.uint64) | np.uint64(1)  # odd
_B = _rng.integers(0, 2**63, size=N_HASHES, dtype=np.uint64)
_MIX = _rng.integers(1, 2**63, size=ROWS_PER_BAND, dtype=np.uint64) | np.uint64(1)
_SHIFT = np.uint64(32)


_WORD_HASHES: dict[str, int] = {}
_P1, _P2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)


def _hash_words(words: list[str]) -> np.ndarray:
    """CRC-32 of each (distinct) word, cached across batches: vocabularies repeat."""
    cache = _WORD_HASHES
    if len(cache) > 2_000_000:
        cache.clear()
    missing = [w for w in words if w not in cache]
    cache.update((w, crc32(w.encode("utf-8"))) for w in missing)
    return np.fromiter((cache[w] for w in words), dtype=np.uint64, count=len(words))


def _word_hashes(norms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(hash of every kept word, post by post; number of kept words per post).

    Links and mentions are left out; only distinct words are hashed in Python.
    """
    words = batch_words(norms, drop_links=True)
    flat = _hash_words(words.distinct)[words.index]
    return flat, np.bincount(words.rows, minlength=len(norms))


def band_keys(norms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """For posts with enough words: (post index, band key) pairs, N_BANDS per post.

    Shingles are word 3-grams, hashed from the words' hashes in one numpy pass.
    Keys include the band number, so equal values in different bands never meet.
    """
    if not norms:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.uint64)
    flat, all_lengths = _word_hashes(norms)
    enough = all_lengths >= MIN_TOKENS
    docs = np.flatnonzero(enough).astype(np.int64)
    if docs.size == 0:
        return docs, np.empty(0, dtype=np.uint64)
    flat = flat[np.repeat(enough, all_lengths)]
    lengths = all_lengths[enough]
    ends = np.cumsum(lengths)
    # A 3-gram starts at every word but the last two of its post.
    gram_starts = np.ones(flat.size, dtype=bool)
    gram_starts[ends - 1] = False
    gram_starts[ends - 2] = False
    first = np.flatnonzero(gram_starts)
    with np.errstate(over="ignore"):
        grams = flat[first] * _P1 + flat[first + 1] * _P2 + flat[first + 2]
        signatures = _signatures(grams, lengths - 2).T  # (N_HASHES, docs)
        bands = signatures.reshape(N_BANDS, ROWS_PER_BAND, docs.size)
        keys = (bands * _MIX[None, :, None]).sum(axis=1, dtype=np.uint64)
        keys = keys * np.uint64(N_BANDS) + np.arange(N_BANDS, dtype=np.uint64)[:, None]
    return np.tile(docs, N_BANDS), keys.reshape(-1)


_POSTS_PER_CHUNK = 2048


def _signatures(grams: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """MinHash signature (N_HASHES values) of each post, from its grams' hashes.

    Posts are hashed a chunk at a time: the (grams x N_HASHES) products of a whole
    batch would be hundreds of MB, and numpy spends more time faulting in fresh
    memory than multiplying. Multiply-shift hashing: (a*x + b) mod 2^64, high 32
    bits; uint64 wraps.
    """
    ends = np.cumsum(counts)
    starts = ends - counts
    signatures = np.empty((counts.size, N_HASHES), dtype=np.uint64)
    for first in range(0, counts.size, _POSTS_PER_CHUNK):
        last = min(first + _POSTS_PER_CHUNK, counts.size)
        chunk = grams[starts[first] : ends[last - 1], None]
        hashes = chunk * _A[None, :]
        hashes += _B[None, :]
        hashes >>= _SHIFT
        signatures[first:last] = np.minimum.reduceat(
            hashes, starts[first:last] - starts[first], axis=0
        )
    return signatures


def unique_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`np.unique(keys, return_index=True, return_inverse=True)`, by one sort.

    numpy 2's hash-based `unique` is several times slower on uint64 band keys.
    """
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.empty(ordered.size, dtype=bool)
    starts[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    groups = np.cumsum(starts) - 1
    inverse = np.empty_like(groups)
    inverse[order] = groups
    return ordered[starts], order[starts], inverse


def batch_distinct_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`unique_keys` of a batch's band keys taken post by post, bands in order."""
    return unique_keys(keys.reshape(N_BANDS, -1).T.reshape(-1))


@dataclass(frozen=True)
class IndexRows:
    """Band keys new to the index, the leader ("platform:post_id") of each, and
    the post (index in the batch) whose text brought the key."""

    keys: np.ndarray  # uint64
    leaders: np.ndarray  # str objects
    posts: np.ndarray  # int64

    def as_dict(self) -> dict[int, str]:
        return dict(zip(self.keys.tolist(), self.leaders.tolist(), strict=True))


def assign_groups(
    docs: np.ndarray,
    keys: np.ndarray,
    own_keys: Sequence[str],
    known: dict[int, str],
    distinct: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> tuple[dict[int, str], IndexRows]:
    """Group posts that share a band key with the lake's index or an earlier post.

    `docs`/`keys` come from `band_keys`; `known` maps band keys already indexed to
    their group's leader ("platform:post_id"). Returns (post index -> leader, for
    the near-duplicates only; the index rows for keys new to it). Vectorised:
    sorted-key matching, then pointer jumping for chains within the batch (C copies
    B, B copies A: C's leader is A). `distinct` is `batch_distinct_keys(keys)`
    when the caller has it already (it looked the keys up in the index).
    """
    n_docs = docs.size // N_BANDS
    if n_docs == 0:
        empty = np.empty(0, np.int64)
        return {}, IndexRows(empty.astype(np.uint64), empty.astype(object), empty)
    order = docs[:n_docs]  # band_keys tiles the post indices band by band
    grid = keys.reshape(N_BANDS, n_docs)
    # Leader from the index, from the first band that matches.
    indexed = np.array(sorted(known), dtype=np.uint64)
    indexed_leaders = np.array([known[int(k)] for k in indexed] + [""], dtype=object)
    from_index = np.full(n_docs, -1, dtype=np.int64)
    if indexed.size:
        for band in range(N_BANDS - 1, -1, -1):
            spot = np.minimum(np.searchsorted(indexed, grid[band]), indexed.size - 1)
            hit = indexed[spot] == grid[band]
            from_index[hit] = spot[hit]
    # Within the batch: each key's first post; each post's earliest such post.
    unique, first, inverse = distinct or batch_distinct_keys(keys)
    first_post = first // N_BANDS
    parent = first_post[inverse.reshape(n_docs, N_BANDS)].min(axis=1)
    while True:  # pointer jumping to the root of each chain
        jumped = parent[parent]
        if np.array_equal(jumped, parent):
            break
        parent = jumped
    # A post's leader: the index's (its own match, else its root's), else its root.
    source = np.where(from_index >= 0, from_index, from_index[parent])
    names = np.array(own_keys, dtype=object)[order]
    leaders = np.where(source >= 0, indexed_leaders[source], names[parent])
    is_copy = (source >= 0) | (parent != np.arange(n_docs))
    copies = np.flatnonzero(is_copy)
    groups = dict(zip(order[copies].tolist(), leaders[copies].tolist(), strict=True))
    new = ~np.isin(unique, indexed)
    by = first_post[new]
    return groups, IndexRows(unique[new], leaders[by], order[by])
