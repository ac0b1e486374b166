"""Normalisation of Chinese material text for 查重, seeing through the usual disguises.

Two texts that differ only by the tricks people use to hide a copy normalise to the same characters:

* full-width and half-width forms (ＡＢＣ１２３，) — folded to half-width, Latin letters to lower case;
* punctuation, whitespace and line breaks, changed or inserted — dropped (only letters, digits and CJK count);
* digits and names replaced by x, xx, X, ××, ＊, ○ or 某某 — each run of such characters
  becomes one placeholder `#`, so "2023年" and "20xx年" and "××年" read alike;
* page-break fragments a PDF or a printed copy carries ("- 3 -", "第 3 页", "第3页 共8页", "3/8", a running
  header or footer repeated on every page) — removed as whole lines.

Swapped paragraph order is not handled here: the comparison works on shingles and aligned passages, not on the
sequence (engine.py). `normalise` is the fast form used for fingerprints; `normalise_with_map` gives the same
string plus, for every normalised character, the span of the original text it came from, so matching passages
are shown in the words each author actually wrote.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

PLACEHOLDER = "#"

# Full-width ASCII (！ .. ～) to half-width, the ideographic space to a space, A-Z to a-z, and every character
# people type instead of a number or a name to "x". One character in, one character out: offsets are kept.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = ord(" ")
_FOLD.update({c: c + 32 for c in range(ord("A"), ord("Z") + 1)})
_FOLD.update({0xFF21 + i: ord("a") + i for i in range(26)})
_FOLD.update({ord(c): ord("x") for c in "×✕╳*＊○〇◯□"})

# Runs of digits, Chinese numerals and placeholder characters: one `#` each.
_PLACEHOLDER_RUN = re.compile(r"[0-9x某]+")
_NOT_WORD = re.compile(r"[\W_]+")
_WORD_CHAR = re.compile(r"[^\W_]")
_NORMALISED_CHAR = re.compile(r"[0-9x某]+|.", re.S)

# A line that is only a page number or a page mark (after folding to half-width).
_PAGE_LINE = re.compile(
    r"^[ \t\f\v\r]*(?:"
    r"[-—–~·.]*[ \t]*\d{1,4}[ \t]*[-—–~·.]*"  # 3   - 3 -   —3—
    r"|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[,，/、 ]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?"  # 第 3 页 / 第3页 共8页
    r"|共[ \t]*\d{1,4}[ \t]*页[ \t]*[,，/、 ]?[ \t]*第[ \t]*\d{1,4}[ \t]*页"
    r"|\d{1,4}[ \t]*/[ \t]*\d{1,4}"  # 3/8
    r"|page[ \t]*\d{1,4}(?:[ \t]*(?:of|/)[ \t]*\d{1,4})?"
    r")[ \t\f\v\r]*$",
    re.M,
)
_LINE = re.compile(r"[^\n\f]+")
# A running header or footer: a short line repeated on several pages.
HEADER_MAX_CHARS = 40
HEADER_MIN_REPEATS = 3


def _fold(text: str) -> str:
    """Half-width, lower-case, placeholders as x, page marks and running headers blanked — same length as `text`."""
    folded = text.translate(_FOLD)
    folded = _PAGE_LINE.sub(lambda m: " " * len(m.group()), folded)
    lines = [m for m in _LINE.finditer(folded) if m.group().strip()]
    counts = Counter(m.group().strip() for m in lines)
    repeated = {line for line, n in counts.items() if n >= HEADER_MIN_REPEATS and len(line) <= HEADER_MAX_CHARS}
    if repeated:
        chars = list(folded)
        for m in lines:
            if m.group().strip() in repeated:
                chars[m.start():m.end()] = " " * (m.end() - m.start())
        folded = "".join(chars)
    return folded


def normalise(text: str) -> str:
    """The comparable form of `text` (see the module docstring)."""
    kept = _NOT_WORD.sub("", _fold(text or ""))
    return _PLACEHOLDER_RUN.sub(PLACEHOLDER, kept)


@dataclass(frozen=True)
class Normalised:
    """A normalised text with, for its character i, the original span `starts[i]:ends[i]`."""

    original: str
    text: str
    starts: list[int]
    ends: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of normalised characters start..end-1."""
        return self.starts[start], self.ends[end - 1]


def normalise_with_map(text: str) -> Normalised:
    """`normalise(text)` with the way back to the original offsets (used to show passages as written)."""
    text = text or ""
    folded = _fold(text)
    positions = [m.start() for m in _WORD_CHAR.finditer(folded)]
    kept = "".join(folded[p] for p in positions)
    out, starts, ends = [], [], []
    for m in _NORMALISED_CHAR.finditer(kept):
        run = m.group()
        out.append(PLACEHOLDER if len(run) > 1 or _PLACEHOLDER_RUN.fullmatch(run) else run)
        starts.append(positions[m.start()])
        ends.append(positions[m.end() - 1] + 1)
    return Normalised(original=text, text="".join(out), starts=starts, ends=ends)
