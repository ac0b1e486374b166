"""Breaking a document title into lines the way a typesetter does (GB/T 9704 7.3.3: a long title is set on
several lines, "回行时要做到词意完整，排列对称，长短适宜，间距恰当").

`title_lines(text, capacity)` cuts only between words (jieba), never inside a 《》/“”/（） pair when that can
be helped, never leaves a single character (or a lone mark) on a line, and balances the lines: among the cuts
into the fewest lines that fit, it takes the one whose longest line is shortest, then the one whose lines are
the most even. A title that fits on one line is left as it is.
"""

from __future__ import annotations

import logging
import math
from functools import lru_cache
from itertools import combinations

from .text import text_width

# Characters of 二号 (22 pt) on the 156 mm text line of A4 with GB/T 9704 margins: 20 fit; one is kept free so
# that a renderer's rounding never pushes the last character onto a line of its own.
TITLE_CAPACITY = 19

_OPEN = "《“（‘〈「"
_CLOSE = "》”）’〉」"
_NO_LINE_START = set(_CLOSE + "，。、；：！？")
_NO_LINE_END = set(_OPEN)
# Words jieba's dictionary splits that a title should keep whole.
_WORDS = ("主题教育", "领导小组", "党支部", "党总支", "整改情况", "阶段性", "工作情况", "推进情况", "调研成果",
          "交流材料", "为民办实事", "建章立制", "检视整改", "回头看", "办公室", "党委", "党组", "县委", "市委", "省委")


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    for word in _WORDS:
        jieba.add_word(word)
    return jieba


def words(text: str) -> list[str]:
    """``text`` cut into words (jieba, precise mode), punctuation attached to the word it belongs to: an
    opening mark to the next word, a closing or pausing mark to the previous one."""
    pieces = [w for w in _jieba().lcut(text, HMM=False) if w]
    out: list[str] = []
    carry = ""
    for w in pieces:
        if all(ch in _OPEN for ch in w):
            carry += w
            continue
        w = carry + w
        carry = ""
        if out and all(ch in _NO_LINE_START for ch in w):
            out[-1] += w
        else:
            out.append(w)
    if carry:
        if out:
            out[-1] += carry
        else:
            out.append(carry)
    return out


def _depth_after(tokens: list[str]) -> list[int]:
    """How many brackets or quotes are open after each token."""
    depth, out = 0, []
    for t in tokens:
        for ch in t:
            if ch in _OPEN:
                depth += 1
            elif ch in _CLOSE:
                depth = max(0, depth - 1)
        out.append(depth)
    return out


def title_lines(text: str, capacity: float = TITLE_CAPACITY) -> list[str]:
    """The lines of a title (see the module docstring)."""
    text = (text or "").strip()
    if text_width(text) <= capacity:
        return [text] if text else []
    tokens = words(text)
    depth = _depth_after(tokens)
    widths = [text_width(t) for t in tokens]
    total = sum(widths)
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)
    fewest = max(2, math.ceil(total / capacity))
    for n in range(fewest, len(tokens) + 1):
        best = None
        for cuts in combinations(range(1, len(tokens)), n - 1):
            bounds = (0, *cuts, len(tokens))
            lines = [prefix[b] - prefix[a] for a, b in zip(bounds, bounds[1:], strict=False)]
            if max(lines) > capacity or min(lines) < 2:
                continue
            inside = sum(1 for c in cuts if depth[c - 1] > 0)  # cuts inside a 《》 or “” pair
            mean = total / n
            cost = (inside, max(lines), sum((w - mean) ** 2 for w in lines))
            if best is None or cost < best[0]:
                best = (cost, bounds)
        if best is not None:
            bounds = best[1]
            return ["".join(tokens[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
        if n > 8:
            break
    return _by_characters(text, capacity)


def _by_characters(text: str, capacity: float) -> list[str]:
    """The fallback for a word longer than a line: even lines by characters, the last one never a single
    character."""
    n = math.ceil(text_width(text) / capacity)
    size = math.ceil(len(text) / n)
    lines = [text[i:i + size] for i in range(0, len(text), size)]
    if len(lines) > 1 and len(lines[-1]) < 2:
        lines[-2], lines[-1] = lines[-2][:-1], lines[-2][-1] + lines[-1]
    return lines
