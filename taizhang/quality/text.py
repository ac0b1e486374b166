"""Similarity of short problem statements (10–100 characters), with no model and no dependency.

A statement is normalised (full-width to half-width and compatibility forms by NFKC, lower case, punctuation
and whitespace removed), cut into character bigrams and trigrams, and weighted by TF-IDF over the statements
compared; two statements' similarity is the cosine of their vectors (0–1).

Comparing every statement with every other is quadratic; `TextIndex.pairs` blocks through an inverted index
of the shingles that are rare enough to tell statements apart (a shingle in more than `max_df` of the
statements, such as 问题 or 学习, picks no candidates) and prunes with a bound on what the common shingles can
add, so a scope of thousands of statements scores only the pairs that can reach the threshold. Callers index
distinct statements once each (a statement copied by forty units is one entry weighing forty).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

# Everything that is not a letter or digit of any script (punctuation, symbols, whitespace) goes.
_DROP = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """The statement as compared: NFKC (全角→半角), lower case, no punctuation, symbols or whitespace."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text or "").lower())


def shingles(text: str) -> dict[str, int]:
    """Character bigrams and trigrams of the normalised text with their counts (the text itself when shorter)."""
    s = normalise(text)
    out: dict[str, int] = defaultdict(int)
    if len(s) < 2:
        if s:
            out[s] += 1
        return dict(out)
    for n in (2, 3):
        for i in range(len(s) - n + 1):
            out[s[i:i + n]] += 1
    return dict(out)


class TextIndex:
    """TF-IDF vectors of a fixed set of statements, keyed by the caller's ids (kept in the given order)."""

    def __init__(self, items: Iterable[tuple[object, str]], *, idf: bool = True):
        self.use_idf = idf
        self.ids: list = []
        raw: list[dict[str, int]] = []
        df: dict[str, int] = defaultdict(int)
        for key, text in items:
            sh = shingles(text)
            self.ids.append(key)
            raw.append(sh)
            for g in sh:
                df[g] += 1
        self.n = len(self.ids)
        self.df = df
        self.vectors = [self._weigh(sh) for sh in raw]
        self.position = {key: i for i, key in enumerate(self.ids)}

    def idf(self, gram: str) -> float:
        if not self.use_idf:
            return 1.0
        # Smoothed, so a shingle no statement has (in a query) still counts, and one every statement has is not 0.
        return math.log((1 + self.n) / (1 + self.df.get(gram, 0))) + 1.0

    def _weigh(self, sh: dict[str, int]) -> dict[str, float]:
        vec = {g: (1.0 + math.log(c)) * self.idf(g) for g, c in sh.items()}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {g: w / norm for g, w in vec.items()}

    def vector(self, text: str) -> dict[str, float]:
        return self._weigh(shingles(text))

    @staticmethod
    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        if len(a) > len(b):
            a, b = b, a
        return sum(w * b.get(g, 0.0) for g, w in a.items())

    def similarity(self, key_a, key_b) -> float:
        return round(min(1.0, self.cosine(self.vectors[self.position[key_a]], self.vectors[self.position[key_b]])), 4)

    def query(self, text: str, *, limit: int = 5, min_score: float = 0.0, exclude=(),
              only=None) -> list[tuple[object, float]]:
        """The `limit` statements most similar to `text`, best first (ties: the order the statements were given);
        `only` (a set of ids) keeps the answer to those statements."""
        return self.query_vector(self.vector(text), limit=limit, min_score=min_score, exclude=exclude, only=only)

    def query_vector(self, q: dict[str, float], *, limit: int = 5, min_score: float = 0.0, exclude=(),
                     only=None) -> list[tuple[object, float]]:
        if not q:
            return []
        excluded = set(exclude)
        postings = self._postings()
        scores: dict[int, float] = defaultdict(float)
        for g, w in q.items():
            for i, wi in postings.get(g, ()):
                scores[i] += w * wi
        ids = self.ids
        ranked = sorted(((s, i) for i, s in scores.items() if s >= min_score and ids[i] not in excluded
                         and (only is None or ids[i] in only)), key=lambda t: (-t[0], t[1]))
        return [(ids[i], round(s, 4)) for s, i in ranked[:limit]]

    def _postings(self) -> dict[str, list[tuple[int, float]]]:
        if not hasattr(self, "_post"):
            post: dict[str, list[tuple[int, float]]] = defaultdict(list)
            for i, vec in enumerate(self.vectors):
                for g, w in vec.items():
                    post[g].append((i, w))
            self._post = post
        return self._post

    def pairs(self, threshold: float, *, only=None, max_df: float = 0.05,
              min_df_cap: int = 50) -> list[tuple[object, object, float]]:
        """Every pair of statements (among the ids in `only`, if given) with similarity ≥ `threshold`, as
        (id, id, score) in index order.

        Candidates are the pairs sharing a blocking shingle — one held by at most max(max_df · n, min_df_cap)
        statements — and their dot product over those shingles is summed through an inverted index. The common
        shingles can add at most the product of the two statements' weight on them (Cauchy–Schwarz), so only a
        pair whose partial score plus that bound reaches the threshold is scored in full. Two statements similar
        enough to pass a useful threshold share a rare shingle unless both consist of the most common words only."""
        cap = max(int(max_df * self.n), min_df_cap)
        keep = range(self.n) if only is None else sorted(self.position[k] for k in only if k in self.position)
        rare: dict[str, list[tuple[int, float]]] = defaultdict(list)
        common = {}
        for i in keep:
            c2 = 0.0
            for g, w in self.vectors[i].items():
                if self.df[g] <= cap:
                    rare[g].append((i, w))
                else:
                    c2 += w * w
            common[i] = math.sqrt(c2)
        out = []
        for i in keep:
            acc: dict[int, float] = defaultdict(float)
            for g, w in self.vectors[i].items():
                for j, wj in rare.get(g, ()):
                    if j > i:
                        acc[j] += w * wj
            ci = common[i]
            for j, partial in acc.items():
                if partial + ci * common[j] >= threshold:
                    s = self.cosine(self.vectors[i], self.vectors[j])
                    if s >= threshold:
                        out.append((i, j, s))
        out.sort()
        return [(self.ids[i], self.ids[j], round(s, 4)) for i, j, s in out]


def neighbours(index: TextIndex, threshold: float, *, only=None) -> dict:
    """id → [(id, score)] of every statement's neighbours at similarity ≥ `threshold` (from `pairs`)."""
    out: dict = defaultdict(list)
    for a, b, score in index.pairs(threshold, only=only):
        out[a].append((b, score))
        out[b].append((a, score))
    return out


def cluster(index: TextIndex, threshold: float, *, weights: dict | None = None, only=None) -> list[list]:
    """Groups of statements around a centre (star clustering): the statement with the most neighbours at
    similarity ≥ `threshold` (counted with `weights`, say how many problems read so) becomes a centre and takes
    its neighbours not yet taken; then the next. Every member is within the threshold of its centre, so unlike
    single-link grouping a chain of small steps cannot join two unrelated statements.

    Each group lists its centre first, then the others in index order; groups come largest first (by weight),
    then by their centre's place in the index, so the same input gives the same groups."""
    weights = weights or {}
    pos = index.position
    members = range(index.n) if only is None else sorted(pos[k] for k in only if k in pos)
    near = {pos[k]: [pos[o] for o, _ in v] for k, v in neighbours(index, threshold, only=only).items()}
    weight = {i: weights.get(index.ids[i], 1) for i in members}
    degree = {i: weight[i] + sum(weight[j] for j in near.get(i, ())) for i in members}
    taken: set[int] = set()
    groups = []
    for i in sorted(members, key=lambda i: (-degree[i], i)):
        if i in taken:
            continue
        group = [i] + sorted(j for j in near.get(i, ()) if j not in taken)
        taken.update(group)
        groups.append(group)
    groups.sort(key=lambda g: (-sum(weight[i] for i in g), g[0]))
    return [[index.ids[i] for i in g] for g in groups]
