"""Small helpers shared by the phrase modules (pure Python, no Django)."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence

_CN_DIGITS = "零一二三四五六七八九"

# Number markers usable inside fragments; ``fill`` replaces them at call time.
#   ``#`` -> 2..9, ``@`` -> 10..98, ``&`` -> 100..980 (step 10)
_MARKERS = "#@&"


def cn_number(n: int) -> str:
    """Chinese numeral for 0 <= n < 100 (一, 十二, 二十三 ...)."""
    if not 0 <= n < 100:
        raise ValueError(f"cn_number supports 0..99, got {n}")
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


def fill(rng: random.Random, text: str) -> str:
    """Replace number markers in ``text`` with random figures."""
    if "#" not in text and "@" not in text and "&" not in text:
        return text
    out = []
    for ch in text:
        if ch == "#":
            out.append(str(rng.randint(2, 9)))
        elif ch == "@":
            out.append(str(rng.randint(10, 98)))
        elif ch == "&":
            out.append(str(rng.randint(10, 98) * 10))
        else:
            out.append(ch)
    return "".join(out)


def lookup(table: Mapping[str, object], key: str, what: str):
    """``table[key]`` with a clear error naming the allowed keys."""
    try:
        return table[key]
    except KeyError:
        allowed = ", ".join(sorted(table))
        raise ValueError(f"unknown {what} {key!r}; expected one of: {allowed}") from None


def pick_distinct(rng: random.Random, seq: Sequence[str], k: int) -> list[str]:
    """``k`` distinct items of ``seq`` in random order (k is clipped to len(seq))."""
    return rng.sample(seq, min(k, len(seq)))


def unique_names(
    rng: random.Random,
    fn: Callable[..., str],
    n: int,
    *args,
    max_tries: int | None = None,
    exclude: set[str] | None = None,
    **kwargs,
) -> list[str]:
    """Call ``fn(rng, *args, **kwargs)`` until ``n`` distinct results are collected.

    Results keep the order of first appearance. ``exclude`` names are never returned (useful to keep
    names unique across several calls). Raises ``ValueError`` if the generator cannot produce that
    many distinct values within ``max_tries`` calls (default ``20 * n + 1000``).
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    seen = set(exclude) if exclude else set()
    out: list[str] = []
    tries = max_tries if max_tries is not None else 20 * n + 1000
    while len(out) < n:
        if tries <= 0:
            raise ValueError(
                f"{getattr(fn, '__name__', fn)} produced only {len(out)} distinct values of {n} requested"
            )
        tries -= 1
        name = fn(rng, *args, **kwargs)
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out
