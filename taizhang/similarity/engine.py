"""The 查重 engine: sampled shingle fingerprints for finding candidates, exact alignment for verifying them.

Candidates. Every K-character shingle of the normalised text (text.py) is hashed (CRC-32, stable across
processes so fingerprints can be stored); the shingles whose hash is 0 modulo SAMPLE are the document's
fingerprints. Selection depends only on the shingle itself, so a copied passage keeps the fingerprints it had
wherever it lands — in another order, inside other text, in a shorter or longer document. Two documents sharing a
passage of L characters share about L/SAMPLE fingerprints, so an inverted index (fingerprint → documents) finds
every pair sharing enough text without comparing all pairs. This estimates *containment* (how much of one text is
in the other), which is what 查重 asks; MinHash/LSH estimates the Jaccard similarity of whole documents, which
stays low when a long material copies a third of a short one (see docs/dependencies.md).

Verification. A candidate pair is aligned exactly on the normalised texts by greedy string tiling: the longest
common runs of at least MIN_PASSAGE characters, each character of a text used once. The score of a text is the
share of its normalised characters covered by such passages; each passage maps back to the original wording of
both sides.
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from taizhang.similarity.text import Normalised, normalise, normalise_with_map

K = 10  # shingle length (normalised characters)
SAMPLE = 8  # keep one shingle in SAMPLE on average
MIN_PASSAGE = 20  # shortest run reported as a shared passage (normalised characters)
CONTEXT = 24  # original characters of context shown around a passage


def fingerprints(norm: str) -> set[int]:
    """The sampled shingle hashes of a normalised text (each below 2**29, so they fit an integer column)."""
    out = set()
    crc = zlib.crc32
    for i in range(len(norm) - K + 1):
        h = crc(norm[i:i + K].encode())
        if h % SAMPLE == 0:
            out.add(h // SAMPLE)
    return out


@dataclass
class Passage:
    """One shared run: normalised offsets and length in both texts."""

    a_start: int
    b_start: int
    length: int


@dataclass
class Alignment:
    """The passages `a` shares with `b`, covering `shared` normalised characters of each."""

    a: Normalised
    b: Normalised
    passages: list[Passage] = field(default_factory=list)

    @property
    def shared(self) -> int:
        return sum(p.length for p in self.passages)

    @property
    def score(self) -> float:
        """Share of the shorter text found in the other (0–1)."""
        shortest = min(len(self.a.text), len(self.b.text))
        return min(1.0, self.shared / shortest) if shortest else 0.0

    @property
    def a_share(self) -> float:
        return self.shared / len(self.a.text) if self.a.text else 0.0

    def a_spans(self) -> list[tuple[int, int]]:
        """Covered normalised spans of `a` (to combine several sources into one share)."""
        return sorted((p.a_start, p.a_start + p.length) for p in self.passages)

    def shown(self) -> list[dict]:
        """The passages as both authors wrote them, in the order of `a`, with a little context."""
        out = []
        for p in sorted(self.passages, key=lambda p: p.a_start):
            out.append({"length": p.length, "a": _excerpt(self.a, p.a_start, p.length),
                        "b": _excerpt(self.b, p.b_start, p.length)})
        return out


def _excerpt(n: Normalised, start: int, length: int) -> dict:
    lo, hi = n.span(start, start + length)
    return {"start": lo, "end": hi, "before": n.original[max(0, lo - CONTEXT):lo], "text": n.original[lo:hi],
            "after": n.original[hi:hi + CONTEXT]}


def align(a: Normalised, b: Normalised, min_passage: int = MIN_PASSAGE) -> Alignment:
    """Greedy string tiling of `a` against `b`: repeatedly take the longest common run not yet used on either side.

    Seeds are shared K-grams (a dictionary of b's K-grams), so the cost follows the text lengths and the amount of
    shared text, not their product."""
    at, bt = a.text, b.text
    result = Alignment(a=a, b=b)
    if len(at) < K or len(bt) < K:
        return result
    where = defaultdict(list)
    for j in range(len(bt) - K + 1):
        where[bt[j:j + K]].append(j)
    runs = []  # (length, i, j) of each maximal match from a seed
    i = 0
    while i <= len(at) - K:
        starts = where.get(at[i:i + K])
        if not starts:
            i += 1
            continue
        for j in starts[:64]:
            if j > 0 and i > 0 and at[i - 1] == bt[j - 1]:
                continue  # not the start of a maximal run; the run is found from its own start
            n = K
            while i + n < len(at) and j + n < len(bt) and at[i + n] == bt[j + n]:
                n += 1
            runs.append((n, i, j))
        i += 1
    used_a = bytearray(len(at))
    used_b = bytearray(len(bt))
    for n, i, j in sorted(runs, key=lambda r: (-r[0], r[1], r[2])):
        if n < min_passage:
            break
        # trim the run to the part free on both sides (runs may overlap earlier, longer ones)
        s = 0
        while s < n and (used_a[i + s] or used_b[j + s]):
            s += 1
        e = s
        while e < n and not used_a[i + e] and not used_b[j + e]:
            e += 1
        if e - s < min_passage:
            continue
        used_a[i + s:i + e] = b"\x01" * (e - s)
        used_b[j + s:j + e] = b"\x01" * (e - s)
        result.passages.append(Passage(a_start=i + s, b_start=j + s, length=e - s))
    return result


def compare(a_text: str, b_text: str) -> Alignment:
    """Align two original texts (normalising both)."""
    return align(normalise_with_map(a_text), normalise_with_map(b_text))


def covered(spans: list[tuple[int, int]]) -> int:
    """Characters covered by the union of half-open spans."""
    total, end = 0, -1
    for s, e in sorted(spans):
        if e <= end:
            continue
        total += e - max(s, end)
        end = e
    return total


class FingerprintIndex:
    """An in-memory inverted index over documents' fingerprints, for batch 查重 (the CLI and the benchmark)."""

    def __init__(self, max_df: int = 50):
        self.max_df = max_df  # fingerprints in more documents than this are boilerplate and are not paired
        self.postings: dict[int, list[int]] = defaultdict(list)
        self.sizes: list[int] = []

    def add(self, norm: str) -> int:
        """Index one normalised text; returns its number."""
        doc = len(self.sizes)
        prints = fingerprints(norm)
        self.sizes.append(len(prints))
        for h in prints:
            self.postings[h].append(doc)
        return doc

    def candidates(self, threshold: float) -> list[tuple[int, int]]:
        """Pairs (a, b), a < b, whose shared fingerprints suggest at least about half the threshold of the
        smaller document is shared (lenient: verification decides)."""
        counts: Counter = Counter()
        for docs in self.postings.values():
            if 1 < len(docs) <= self.max_df:
                for x in range(len(docs)):
                    for y in range(x + 1, len(docs)):
                        counts[(docs[x], docs[y])] += 1
        out = []
        for (a, b), n in counts.items():
            smaller = min(self.sizes[a], self.sizes[b]) or 1
            if n >= 3 and n / smaller >= threshold / 2:
                out.append((a, b))
        return sorted(out)


def batch(texts: list[str], threshold: float = 0.3) -> list[tuple[int, int, Alignment]]:
    """All pairs of `texts` sharing at least `threshold` of the shorter one, best first."""
    index = FingerprintIndex(max_df=max(50, len(texts) // 100))
    for text in texts:
        index.add(normalise(text))
    found = []
    cache: dict[int, Normalised] = {}

    def mapped(i):
        if i not in cache:
            cache[i] = normalise_with_map(texts[i])
        return cache[i]

    for a, b in index.candidates(threshold):
        alignment = align(mapped(a), mapped(b))
        if alignment.score >= threshold and alignment.passages:
            found.append((a, b, alignment))
    found.sort(key=lambda r: (-r[2].score, r[0], r[1]))
    return found
