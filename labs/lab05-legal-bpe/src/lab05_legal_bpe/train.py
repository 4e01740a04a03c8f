"""BPE training: learn merges from chunk counts, twice.

Every chunk starts as its UTF-8 bytes (ids 0-255). Each step finds the most frequent adjacent
pair of ids, counted over all chunks weighted by how often each chunk occurs, and replaces it
everywhere by a new id: merge ``k`` (0-based) creates id ``256 + k``.

**Tie-breaking.** Among pairs with the same count, the smallest pair wins, comparing pairs as
tuples of ids (first id, then second): ``(97, 98)`` beats ``(256, 97)``. Pairs overlap: the
chunk ``aaa`` holds the pair ``(a, a)`` twice, and merging it gives ``[aa, a]``.

``train_naive`` recounts every pair after every merge: obviously right, slow.
``train_incremental`` keeps the counts and updates only the chunks a merge touches; it must
give IDENTICAL merges, which the tests check.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from itertools import pairwise

Pair = tuple[int, int]


def count_pairs(words: Mapping[tuple[int, ...], int]) -> Counter[Pair]:
    """Adjacent pairs counted over ``words`` (chunk as a tuple of ids -> its frequency).

    Each occurrence of a pair inside a chunk adds that chunk's frequency; overlapping pairs all
    count: ``count_pairs({(97, 97, 97): 2}) == Counter({(97, 97): 4})``.
    """
    # BEGIN SOLUTION
    counts: Counter[Pair] = Counter()
    for ids, freq in words.items():
        for pair in pairwise(ids):
            counts[pair] += freq
    return counts
    # END SOLUTION


def merge(ids: Sequence[int], pair: Pair, new_id: int) -> list[int]:
    """``ids`` with every occurrence of ``pair`` replaced by ``new_id``, scanning left to right.

    Occurrences never overlap: ``merge([97, 97, 97], (97, 97), 256) == [256, 97]``.
    """
    # BEGIN SOLUTION
    out = []
    i = 0
    while i < len(ids):
        if i + 1 < len(ids) and ids[i] == pair[0] and ids[i + 1] == pair[1]:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out
    # END SOLUTION


def train_naive(chunks: Mapping[bytes, int], num_merges: int) -> list[Pair]:
    """Up to ``num_merges`` merges learned from ``chunks`` (chunk bytes -> count), recounting
    every pair before every merge.

    Returns the merged pairs in order (merge ``k`` creates id ``256 + k``); stops early when no
    pair is left (every chunk is a single token). Ties go to the smallest pair (module docstring).
    """
    # BEGIN SOLUTION
    words = {tuple(chunk): freq for chunk, freq in chunks.items() if chunk}
    merges: list[Pair] = []
    for k in range(num_merges):
        counts = count_pairs(words)
        if not counts:
            break
        best = min(counts, key=lambda pair: (-counts[pair], pair))
        merges.append(best)
        words = {tuple(merge(ids, best, 256 + k)): freq for ids, freq in words.items()}
    return merges
    # END SOLUTION


def train_incremental(chunks: Mapping[bytes, int], num_merges: int) -> list[Pair]:
    """The same merges as :func:`train_naive`, with incrementally updated pair counts.

    Keep the pair counts, an index from each pair to the chunks that contain it, and a max-heap
    of ``(-count, pair)`` (its order is exactly the tie-breaking rule). After a merge, update the
    counts of the chunks that held the merged pair only, and push the changed counts; heap
    entries whose count is out of date are skipped when popped.
    """
    # BEGIN SOLUTION
    words = [list(chunk) for chunk in chunks]
    freqs = list(chunks.values())
    counts: Counter[Pair] = Counter()
    where: defaultdict[Pair, set[int]] = defaultdict(set)  # pair -> chunks that may hold it
    for i, ids in enumerate(words):
        for pair in pairwise(ids):
            counts[pair] += freqs[i]
            where[pair].add(i)
    heap = [(-count, pair) for pair, count in counts.items()]
    heapq.heapify(heap)
    merges: list[Pair] = []
    while heap and len(merges) < num_merges:
        negative, best = heapq.heappop(heap)
        if counts.get(best, 0) != -negative:
            continue  # stale: this pair's count changed after the entry was pushed
        new_id = 256 + len(merges)
        merges.append(best)
        changed: set[Pair] = set()
        for i in where.pop(best):
            old, freq = words[i], freqs[i]
            new = merge(old, best, new_id)
            if len(new) == len(old):
                continue  # the index is loose: an earlier merge removed the pair from this chunk
            # chunks are short, so recounting the whole chunk is cheap and handles overlaps
            for pair in pairwise(old):
                counts[pair] -= freq
                changed.add(pair)
            for pair in pairwise(new):
                counts[pair] += freq
                where[pair].add(i)
                changed.add(pair)
            words[i] = new
        for pair in changed:
            if counts[pair] > 0:
                heapq.heappush(heap, (-counts[pair], pair))
            else:
                del counts[pair]
    return merges
    # END SOLUTION
