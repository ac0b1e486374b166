"""The one Chinese tokeniser of taizhang: jieba with the campaign vocabulary kept whole.

    from taizhang.search.tokenize import tokenize
    tokenize("深入开展主题教育回头看")  # ['深入开展', '主题教育', '回头看']

The dictionary is jieba's own plus the words shipped in search/data/userdict.txt plus the office's `SearchTerm`
rows. An edit of the office's words bumps a version kept in Django's cache (shared by every process); each
process compares its dictionary's version with it at most once a second and rebuilds its tokeniser when it
changed, so the next tokenisation uses the new words everywhere. jieba's HMM guessing of unknown words is off:
a query and the record it should find are then cut the same way, whatever text surrounds the words.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from pathlib import Path

import jieba

USER_DICT = Path(__file__).resolve().parent / "data" / "userdict.txt"
VERSION_KEY = "search:dictionary-version"
CHECK_EVERY = 1.0  # seconds between two looks at the shared version
STRONG_FREQ = 100_000
# jieba cuts every run of these characters on its own (jieba.Tokenizer.cut splits the text by this pattern first),
# so a run's words do not depend on the text around it and can be kept: campaign texts repeat their phrases, and a
# bulk index of a province's records finds most runs already cut. The kept runs belong to one tokeniser.
_RUN = jieba.re_han_default
KEEP_RUNS = 100_000

_WORD = re.compile(r"\w", re.UNICODE)
_lock = threading.Lock()
_base: jieba.Tokenizer | None = None
_state: dict = {"tokenizer": None, "version": None, "checked": 0.0}

jieba.setLogLevel(logging.WARNING)


def shipped_words() -> list[str]:
    """The campaign vocabulary shipped with the app."""
    lines = USER_DICT.read_text(encoding="utf-8").splitlines()
    return [line.split()[0] for line in lines if line.strip() and not line.startswith("#")]


def _office_words() -> list[str]:
    from django.db import DatabaseError

    from taizhang.search.models import SearchTerm

    try:
        return list(SearchTerm.objects.values_list("word", flat=True))
    except DatabaseError:  # before the first migration
        return []


def _version():
    from django.core.cache import cache

    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, int(time.time() * 1000), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def dictionary_changed() -> None:
    """Call after the office's words changed: every process rebuilds its tokeniser before its next use."""
    from django.core.cache import cache

    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, int(time.time() * 1000), timeout=None)
    _state["checked"] = 0.0


def _build() -> jieba.Tokenizer:
    """A tokeniser with jieba's dictionary (loaded once per process) and the campaign words added."""
    global _base
    if _base is None:
        _base = jieba.Tokenizer()
        _base.initialize()
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = dict(_base.FREQ), _base.total, True
    for word in [*shipped_words(), *_office_words()]:
        # A campaign word must stay whole inside any sentence, not only on its own: 开展调查研究 is cut 开展调查 + 研究
        # with the word's merely sufficient frequency. Words of three or more characters get a frequency among
        # jieba's most common words; two-character ones only what keeps them whole, so that they do not swallow a
        # character of the words around them.
        tk.add_word(word, freq=max(tk.suggest_freq(word, False), STRONG_FREQ if len(word) >= 3 else 0) or None)
        tk.suggest_freq(word, tune=True)
    return tk


def tokenizer() -> jieba.Tokenizer:
    now = time.monotonic()
    if _state["tokenizer"] is not None and now - _state["checked"] < CHECK_EVERY:
        return _state["tokenizer"]
    with _lock:
        version = _version()
        if _state["tokenizer"] is None or version != _state["version"]:
            _state["tokenizer"], _state["version"] = _build(), version
        _state["checked"] = time.monotonic()
        return _state["tokenizer"]


def _keep(token: str) -> str:
    return token.strip().lower()


def _cut(tk: jieba.Tokenizer, text: str):
    """`tk.cut(text, HMM=False)`, with the words of each run of word characters cut once per tokeniser."""
    kept = tk.__dict__.setdefault("_tz_runs", {})
    for run in _RUN.split(text):
        if not run:
            continue
        if _RUN.fullmatch(run):
            words = kept.get(run)
            if words is None:
                words = tuple(tk.cut(run, HMM=False))
                if len(kept) >= KEEP_RUNS:
                    kept.clear()
                kept[run] = words
            yield from words
        else:  # punctuation and spaces, one character at a time as jieba yields them
            yield from tk.cut(run, HMM=False)


def tokenize(text: str) -> list[str]:
    """The words of `text` in order (jieba's precise mode), lower-cased, without punctuation and spaces."""
    if not text:
        return []
    out = []
    for token in _cut(tokenizer(), text):
        token = _keep(token)
        if token and _WORD.search(token):
            out.append(token)
    return out


def index_tokens(text: str) -> list[str]:
    """The tokens a record is indexed under: its words, each long word followed by the dictionary words inside
    it (理论学习中心组 → 理论, 学习, 中心, 理论学习, …), so a query for a part finds the whole."""
    if not text:
        return []
    tk = tokenizer()
    freq = tk.FREQ
    out = []
    for token in _cut(tk, text):
        token = _keep(token)
        if not token or not _WORD.search(token):
            continue
        out.append(token[:64])
        n = len(token)
        if 2 < n <= 16:
            out.extend(token[i:i + size] for size in range(2, n) for i in range(n - size + 1)
                       if freq.get(token[i:i + size]))
    return out
