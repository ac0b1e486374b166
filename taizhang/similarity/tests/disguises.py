"""The tricks people use to hide a copied material, each as a function of the original text."""

import re

NAMES = ("王建国", "李秀兰", "张志强")
_FULL = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}
_HALF_PUNCT = str.maketrans({"，": ",", "。": ".", "、": ",", "：": ":", "；": ";", "“": '"', "”": '"',
                             "《": "<", "》": ">", "（": "(", "）": ")"})


def numbers_to_x(text: str) -> str:
    """2024 → xx, 12 → X, 91.7% → x.x%: every number a placeholder of some kind."""
    marks = iter(["xx", "X", "x", "××", "XX"] * 100)
    return re.sub(r"\d+", lambda m: next(marks), text)


def names_to_placeholders(text: str) -> str:
    for name, mark in zip(NAMES, ("××", "某某", "XXX"), strict=True):
        text = text.replace(name, mark)
    return text.replace("东村", "××村")


def punctuation_changed(text: str) -> str:
    """Chinese punctuation to ASCII, some commas to spaces, some full stops to semicolons."""
    text = text.translate(_HALF_PUNCT)
    return text.replace(",支部", " 支部").replace(".", ";", 3)


def full_width(text: str) -> str:
    """Digits, Latin letters and ASCII punctuation to their full-width forms."""
    return text.translate(_FULL)


def whitespace_inserted(text: str) -> str:
    """A space every 7 characters and a line break in the middle of every paragraph."""
    spaced = "".join(ch + (" " if i % 7 == 6 else "") for i, ch in enumerate(text))
    return "\n\n".join(p[: len(p) // 2] + "\r\n" + p[len(p) // 2:] for p in spaced.split("\n\n"))


def page_breaks(text: str) -> str:
    """As pdftotext gives a printed copy: a page break every 150 characters, mid-sentence, with the page number,
    a 第 N 页 line and a running header repeated on every page."""
    pieces = [text[i:i + 150] for i in range(0, len(text), 150)]
    out = []
    for n, piece in enumerate(pieces, start=1):
        out.append(piece)
        out.append(f"\n- {n} -\n第 {n} 页 共 {len(pieces)} 页\n\f东县党建工作交流材料汇编（内部资料）\n")
    return "".join(out)


def paragraphs_reordered(text: str) -> str:
    """Title kept, the other paragraphs in reverse order."""
    paragraphs = text.split("\n\n")
    return "\n\n".join([paragraphs[0], *reversed(paragraphs[1:])])


def all_combined(text: str) -> str:
    """Numbers and names to x/xx, paragraphs reordered, punctuation changed, full-width, spaces, page breaks."""
    text = paragraphs_reordered(names_to_placeholders(numbers_to_x(text)))
    return page_breaks(whitespace_inserted(full_width(punctuation_changed(text))))
