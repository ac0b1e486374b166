"""Similarity of short problem statements (10–100 characters), with no model and no dependency.

A statement is normalised (full-width to half-width and compatibility forms by NFKC, lower case, punctuation
and whitespace removed), cut into character bigrams and trigrams, and weighted by TF-IDF over the statements
compared; two statements' similarity is the cosine of their vectors (0–1).

Comparing every statement with every other is quadratic; `TextIndex.pairs` finds exactly the pairs that reach a
threshold by prefix filtering (each statement is indexed by its rarest shingles only, as many as can still carry it
to the threshold), and `cluster` groups a large set against group centres only, so a city's eighty thousand
statements are grouped in seconds. Callers index distinct statements once each (a statement copied by forty units
is one entry weighing forty).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
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
        self.grams = [frozenset(v) for v in self.vectors]  # set intersection finds the shared shingles at C speed
        self.position = {key: i for i, key in enumerate(self.ids)}

    def idf(self, gram: str) -> float:
        if not self.use_idf:
            return 1.0
        # Smoothed, so a shingle no statement has (in a query) still counts, and one every statement has is not 0.
        return math.log((1 + self.n) / (1 + self.df.get(gram, 0))) + 1.0

    def _weigh(self, sh: dict[str, int]) -> dict[str, float]:
        return _unit({g: (1.0 + math.log(c)) * self.idf(g) for g, c in sh.items()})

    def vector(self, text: str) -> dict[str, float]:
        return self._weigh(shingles(text))

    @staticmethod
    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        if len(a) > len(b):
            a, b = b, a
        return sum(w * b.get(g, 0.0) for g, w in a.items())

    def similarity(self, key_a, key_b) -> float:
        return round(min(1.0, self._score(self.position[key_a], self.position[key_b])), 4)

    def _score(self, i: int, j: int) -> float:
        """The cosine of statements i and j (by position), summed over the shingles they share only."""
        a, b = self.vectors[i], self.vectors[j]
        return sum(a[g] * b[g] for g in self.grams[i] & self.grams[j])

    def _positions(self, only) -> list[int]:
        return list(range(self.n)) if only is None else sorted(self.position[k] for k in only if k in self.position)

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

    def pairs(self, threshold: float, *, only=None) -> list[tuple[object, object, float]]:
        """Every pair of statements (among the ids in `only`, if given) with similarity ≥ `threshold`, as
        (id, id, score) in index order. Exact, by prefix filtering:

        only pairs that share a shingle of their prefixes can reach the threshold (`_PrefixFilter`); they are found
        through an inverted index of the prefixes, bounded by how many prefix shingles they share, and the few left
        are scored in full."""
        if threshold <= 0:
            raise ValueError("threshold must be positive")
        keep = self._positions(only)
        prefixes = _PrefixFilter(self, threshold, keep)
        out = []
        for i in keep:
            for j in prefixes.candidates(i):
                s = self._score(j, i)
                if s >= threshold:
                    out.append((j, i, s))
            prefixes.add(i)
        out.sort()
        return [(self.ids[i], self.ids[j], round(s, 4)) for i, j, s in out]


def similar_among(target: str, statements: Iterable[str], threshold: float) -> list[str]:
    """The `statements` (normalised, as TextIndex keys) at least `threshold` similar to `target`, weighed as
    TextIndex(idf=False) weighs them — one statement checked against a county's fifty thousand without indexing
    them. By Cauchy–Schwarz a statement reaching t holds shingles carrying t² of the target's squared weight, so it
    holds one of any set of the target's shingles carrying more than 1 − t²: the target's trigrams (rarer than
    its bigrams) are taken until they do, and a substring test rules out every statement holding none of them
    before it is shingled."""
    if threshold <= 0:
        raise ValueError("threshold must be positive")
    vec = _unit_weights(shingles(target))
    probe, carried = [], 0.0
    for g in sorted(vec, key=lambda g: (-len(g), g)):
        if carried > 1 - threshold * threshold:
            break
        probe.append(g)
        carried += vec[g] * vec[g]
    out = []
    for s in statements:
        if any(g in s for g in probe):
            if TextIndex.cosine(vec, _unit_weights(shingles(s))) >= threshold - 1e-9:
                out.append(s)
    return out


def _unit_weights(sh: dict[str, int]) -> dict[str, float]:
    """Shingle counts as a unit vector of 1 + log(count): TextIndex's weights without IDF."""
    return _unit({g: 1.0 + math.log(c) for g, c in sh.items()})


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
    return {g: w / norm for g, w in vec.items()}


class _PrefixFilter:
    """Prefix filtering for a cosine threshold t over unit vectors (after Bayardo, Ma and Srikant, "Scaling up all
    pairs similarity search", 2007).

    Order all shingles from the rarest to the most common. A statement's prefix is its shingles in that order up to
    where the norm of the weight left after them (its tail) falls below t. Take two statements x, y whose prefixes
    end at shingles a ≤ b in that order. A shingle they share either comes by a, and is then in both prefixes, or
    after it, and is then in x's tail. So

        x·y  ≤  (shared prefix shingles) · max x · max y  +  (sum of x's tail weights) · max y

    and the tail's norm is below t, so a pair sharing no prefix shingle cannot reach t. `candidates` finds the pairs
    sharing some, through an inverted index of the prefixes (which hold the rare shingles: the lists are short),
    counts what they share, and keeps those whose bound reaches t. The filter is exact: no pair at t is lost."""

    def __init__(self, index: TextIndex, threshold: float, positions):
        self.threshold = threshold - 1e-9  # rounding must not lose a pair exactly at t
        grams = {g for i in positions for g in index.vectors[i]}
        rank = {g: r for r, g in enumerate(sorted(grams, key=lambda g: (index.df[g], g)))}
        self.prefix, self.end, self.tail, self.peak = {}, {}, {}, {}
        bound = threshold * threshold
        for i in positions:
            vec = index.vectors[i]
            left = sum(w * w for w in vec.values())
            order = sorted(vec, key=rank.__getitem__)
            cut = 0
            while cut < len(order) and left >= bound:
                left -= vec[order[cut]] ** 2
                cut += 1
            self.prefix[i] = order[:cut]
            self.end[i] = rank[order[cut - 1]] if cut else -1
            self.tail[i] = sum(vec[g] for g in order[cut:])
            self.peak[i] = max(vec.values(), default=0.0)
        self.posting: dict[str, list[int]] = defaultdict(list)

    def add(self, i: int) -> None:
        """Index statement i (by position) for the statements asked about after it."""
        for g in self.prefix[i]:
            self.posting[g].append(i)

    def candidates(self, i: int) -> list[int]:
        """The statements added so far that may reach the threshold with statement i, in the order added."""
        shared: Counter = Counter()
        for g in self.prefix[i]:
            shared.update(self.posting[g])
        peak, tail, end, t = self.peak, self.tail, self.end, self.threshold
        pi, ti, ei = peak[i], tail[i], end[i]
        out = []
        for j, k in shared.items():
            pj = peak[j]
            rest = ti * pj if ei <= end[j] else tail[j] * pi
            if k * pi * pj + rest >= t:
                out.append(j)
        return out


def near_each(index: TextIndex, keys, threshold: float) -> dict:
    """key → [(key, score)]: the statements at similarity ≥ `threshold` to each of `keys`, among all the index holds
    — exact, by the same prefix filter as `TextIndex.pairs`, but probing only the statements asked about (a review
    queue's hundred problems against their county's ten thousand, not every pair of the county)."""
    positions = list(range(index.n))
    prefixes = _PrefixFilter(index, threshold, positions)
    for i in positions:
        prefixes.add(i)
    out = {}
    for key in keys:
        i = index.position[key]
        scored = ((j, index._score(j, i)) for j in prefixes.candidates(i) if j != i)
        out[key] = [(index.ids[j], s) for j, s in scored if s >= threshold]
    return out


def neighbours(index: TextIndex, threshold: float, *, only=None) -> dict:
    """id → [(id, score)] of every statement's neighbours at similarity ≥ `threshold` (from `pairs`)."""
    out: dict = defaultdict(list)
    for a, b, score in index.pairs(threshold, only=only):
        out[a].append((b, score))
        out[b].append((a, score))
    return out


STAR_LIMIT = 5000  # above this many statements, `cluster` groups around centres in one pass


def cluster(index: TextIndex, threshold: float, *, weights: dict | None = None, only=None) -> list[list]:
    """Groups of statements around a centre, every member within `threshold` of its centre, so unlike single-link
    grouping a chain of small steps cannot join two unrelated statements. `weights` say how many problems read so.

    Up to STAR_LIMIT statements (a county's problems) the grouping is star clustering: the statement with the most
    neighbours (by weight) becomes a centre and takes its neighbours not yet taken; then the next. Counting every
    statement's neighbours means scoring every similar pair, which for a city's tens of thousands of templated
    statements is millions; above the limit the groups form in one pass against the centres instead (`_centred`).

    Each group lists its centre first, then the others in index order; groups come largest first (by weight),
    then by their centre's place in the index, so the same input gives the same groups."""
    weights = weights or {}
    members = index._positions(only)
    weight = {i: weights.get(index.ids[i], 1) for i in members}
    group_of = _centred if len(members) > STAR_LIMIT else _star
    groups = group_of(index, threshold, members, weight, only)
    groups.sort(key=lambda g: (-sum(weight[i] for i in g), g[0]))
    return [[index.ids[i] for i in g] for g in groups]


def _star(index: TextIndex, threshold: float, members: list[int], weight: dict, only) -> list[list[int]]:
    pos = index.position
    near = {pos[k]: [pos[o] for o, _ in v] for k, v in neighbours(index, threshold, only=only).items()}
    degree = {i: weight[i] + sum(weight[j] for j in near.get(i, ())) for i in members}
    taken: set[int] = set()
    groups = []
    for i in sorted(members, key=lambda i: (-degree[i], i)):
        if i in taken:
            continue
        group = [i] + sorted(j for j in near.get(i, ()) if j not in taken)
        taken.update(group)
        groups.append(group)
    return groups


def _centred(index: TextIndex, threshold: float, members: list[int], weight: dict, only) -> list[list[int]]:
    """One pass against the centres only: each statement joins the most similar centre so far, or becomes one.
    The order makes good centres come first: statements that many problems repeat, then those made of the most
    widely shared shingles — of a family of variants (an opening, a common core, an ending), the bare core comes
    before the variants, and it is near all of them."""
    df = index.df

    def typical(i: int) -> float:
        grams = index.vectors[i]
        return sum(df[g] for g in grams) / (len(grams) or 1)

    order = sorted(members, key=lambda i: (-weight[i], -typical(i), i))
    centres = _PrefixFilter(index, threshold, members)
    groups: dict[int, list[int]] = {}
    for i in order:
        best, best_score = None, centres.threshold
        for c in centres.candidates(i):
            s = index._score(c, i)
            if s > best_score or (s == best_score and (best is None or c < best)):
                best, best_score = c, s
        if best is None:
            groups[i] = [i]
            centres.add(i)
        else:
            groups[best].append(i)
    return [[centre] + sorted(rest) for centre, (_, *rest) in groups.items()]
