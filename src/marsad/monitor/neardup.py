"""Near-duplicate detection: MinHash signatures and LSH bands, vectorised with numpy.

Copy-paste campaigns and retweets with small edits share most word 3-grams. Each
post with enough words gets a MinHash signature (K hash functions over its
shingles); the signature is cut into bands, and posts sharing any band key are
candidates for the same group. With 8 bands of 4 rows, posts whose shingle sets
overlap (Jaccard) by about 0.6 or more collide with high probability, those below
0.3 rarely. Imports no Django; the lake keeps the band index beside the posts.
"""

from collections.abc import Sequence
from itertools import chain
from zlib import crc32

import numpy as np

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
_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?[\\]^_`{|}~«»“”‘’…،؛؟٪۔־׳״"
_P1, _P2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)


def _word_hashes(norm: str) -> list[int]:
    """CRC-32 per word (cached: vocabularies repeat), links and mentions left out."""
    words = norm.split()
    if "http" in norm or "www." in norm or "@" in norm:
        words = [w for w in words if not w.startswith(("http", "www.", "@"))]
    # "بيننا،" and "بيننا" are the same word to a copy-paste campaign.
    words = [stripped for w in words if (stripped := w.strip(_PUNCTUATION))]
    cache = _WORD_HASHES
    missing = [w for w in words if w not in cache]
    if missing and len(cache) < 2_000_000:
        cache.update((w, crc32(w.encode("utf-8"))) for w in missing)
    elif missing:  # cache full: hash this post's new words without keeping them
        return [cache.get(w) or crc32(w.encode("utf-8")) for w in words]
    return [cache[w] for w in words]


def band_keys(norms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """For posts with enough words: (post index, band key) pairs, N_BANDS per post.

    Shingles are word 3-grams, hashed from the words' hashes in one numpy pass.
    Keys include the band number, so equal values in different bands never meet.
    """
    words = [_word_hashes(norm) for norm in norms]
    docs = np.array(
        [i for i, w in enumerate(words) if len(w) >= MIN_TOKENS], dtype=np.int64
    )
    if docs.size == 0:
        return docs, np.empty(0, dtype=np.uint64)
    kept = [words[i] for i in docs.tolist()]
    lengths = np.array([len(w) for w in kept], dtype=np.int64)
    flat = np.array(list(chain.from_iterable(kept)), dtype=np.uint64)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    # A 3-gram starts at every word but the last two of its post.
    gram_starts = np.ones(flat.size, dtype=bool)
    gram_starts[ends - 1] = False
    gram_starts[ends - 2] = False
    first = np.flatnonzero(gram_starts)
    with np.errstate(over="ignore"):
        grams = flat[first] * _P1 + flat[first + 1] * _P2 + flat[first + 2]
        # Multiply-shift hashing: (a*x + b) mod 2^64, high 32 bits; uint64 wraps.
        hashes = (grams[:, None] * _A[None, :] + _B[None, :]) >> _SHIFT
        offsets = starts - np.arange(docs.size) * 2  # each post has two fewer grams
        signatures = np.minimum.reduceat(hashes, offsets, axis=0).T  # (N_HASHES, docs)
        bands = signatures.reshape(N_BANDS, ROWS_PER_BAND, docs.size)
        keys = (bands * _MIX[None, :, None]).sum(axis=1, dtype=np.uint64)
        keys = keys * np.uint64(N_BANDS) + np.arange(N_BANDS, dtype=np.uint64)[:, None]
    return np.tile(docs, N_BANDS), keys.reshape(-1)


def assign_groups(
    docs: np.ndarray,
    keys: np.ndarray,
    own_keys: Sequence[str],
    known: dict[int, str],
) -> tuple[dict[int, str], dict[int, str]]:
    """Group posts that share a band key with the lake's index or an earlier post.

    `docs`/`keys` come from `band_keys`; `known` maps band keys already indexed to
    their group's leader ("platform:post_id"). Returns (post index -> leader, for
    the near-duplicates only; band key -> leader, for keys new to the index).
    Vectorised: sorted-key matching, then pointer jumping for chains within the
    batch (C copies B, B copies A: C's leader is A).
    """
    n_docs = docs.size // N_BANDS
    if n_docs == 0:
        return {}, {}
    order = docs[:n_docs]  # band_keys tiles the post indices band by band
    grid = keys.reshape(N_BANDS, n_docs)
    # Leader from the index, from the first band that matches.
    indexed = np.array(sorted(known), dtype=np.uint64)
    indexed_leaders = [known[int(k)] for k in indexed]
    from_index = np.full(n_docs, -1, dtype=np.int64)
    if indexed.size:
        for band in range(N_BANDS - 1, -1, -1):
            spot = np.minimum(np.searchsorted(indexed, grid[band]), indexed.size - 1)
            hit = indexed[spot] == grid[band]
            from_index[hit] = spot[hit]
    # Within the batch: each key's first post; each post's earliest such post.
    flat = grid.T.reshape(-1)  # post by post, bands in order
    unique, first = np.unique(flat, return_index=True)
    first_post = first // N_BANDS
    parent = first_post[np.searchsorted(unique, grid)].min(axis=0)
    while True:  # pointer jumping to the root of each chain
        jumped = parent[parent]
        if np.array_equal(jumped, parent):
            break
        parent = jumped
    roots, indexed_at, posts = parent.tolist(), from_index.tolist(), order.tolist()
    leaders: list[str | None] = [None] * n_docs
    for position, root in enumerate(roots):
        source = indexed_at[position] if indexed_at[position] >= 0 else indexed_at[root]
        if source >= 0:
            leaders[position] = indexed_leaders[source]
        elif root != position:
            leaders[position] = own_keys[posts[root]]
    groups = {
        posts[i]: leader for i, leader in enumerate(leaders) if leader is not None
    }
    new_keys: dict[int, str] = {}
    for key, post in zip(unique.tolist(), first_post.tolist(), strict=True):
        if key not in known:
            new_keys[key] = leaders[post] or own_keys[posts[post]]
    return groups, new_keys
