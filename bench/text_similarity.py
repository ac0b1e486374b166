"""Benchmark of 查重 candidate detection against plain all-pairs comparison, in the same run.

    python -m bench.text [--documents 10000] [--chars 3000] [--planted 300] [--baseline 500] --json

Generates `--documents` materials of about `--chars` characters (Chinese words drawn from jieba's dictionary, with
numbers and names in them) of which `--planted` are near-duplicates of another document: numbers and names replaced
by x/xx/××, paragraphs reordered, punctuation and full-width forms changed, whitespace and page-break fragments
inserted, some only partly copied. Then, on the same data:

(a) the index: normalise every document, sample its shingle fingerprints into an inverted index, pair the documents
    sharing enough fingerprints, and verify each candidate pair by exact alignment (engine.batch's steps, timed
    one by one);
(b) the plain baseline: every pair of a `--baseline` subset compared by the containment of their full shingle sets
    (the cheapest honest all-pairs test), timed and extrapolated to all n²/2 pairs of the corpus.

Reports both times, their ratio, and the recall of the planted pairs (found with a score at or above the threshold).
(a) and (b) need no database.

With `--product N`, also (c): the product's own check of one new material (services.material_check_run, as the huey
task runs it after a submission) in a campaign already holding N of the generated materials with their stored
fingerprints — in a fresh SQLite database under a temporary data directory, or the database given by --db.
"""

from __future__ import annotations

import os
import platform
import random
import re
import time
from pathlib import Path

NAMES = ["王建国", "李秀兰", "张志强", "刘红梅", "陈国庆", "杨丽华", "赵卫东", "黄晓燕"]
PUNCT = "，，，，、；"


def _vocabulary() -> list[str]:
    import jieba

    words = []
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as fh:
        for line in fh:
            word, freq = line.split(" ", 2)[:2]
            if 2 <= len(word) <= 4 and int(freq) >= 50 and re.fullmatch(r"[\u4e00-\u9fff]+", word):
                words.append(word)
    return words


def _sentence(rng: random.Random, words: list[str]) -> str:
    parts = []
    for _ in range(rng.randint(3, 5)):
        clause = "".join(rng.choices(words, k=rng.randint(3, 6)))
        roll = rng.random()
        if roll < 0.25:
            clause += f"{rng.randint(2, 999)}个"
        elif roll < 0.35:
            clause = f"{rng.choice(NAMES)}同志" + clause
        elif roll < 0.45:
            clause = f"{rng.randint(2015, 2026)}年" + clause
        parts.append(clause)
    return "".join(p + rng.choice(PUNCT) for p in parts[:-1]) + parts[-1] + "。"


def _document(rng: random.Random, words: list[str], chars: int) -> str:
    paragraphs, size = [], 0
    while size < chars:
        paragraph = "".join(_sentence(rng, words) for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        size += len(paragraph)
    return "\n\n".join(paragraphs)


def _disguise(rng: random.Random, text: str, words: list[str], chars: int) -> str:
    from taizhang.similarity.tests import disguises

    paragraphs = text.split("\n\n")
    if rng.random() < 0.3:  # a partial copy: about 60% of the paragraphs, the rest written anew
        keep = rng.sample(paragraphs, max(1, int(len(paragraphs) * 0.6)))
        paragraphs = keep + _document(rng, words, chars - sum(map(len, keep))).split("\n\n")
    rng.shuffle(paragraphs)
    copy = "\n\n".join(paragraphs)
    copy = disguises.numbers_to_x(copy)
    for name in NAMES:
        copy = copy.replace(name, rng.choice(["××", "某某", "XX"]))
    tricks = [disguises.punctuation_changed, disguises.full_width, disguises.whitespace_inserted,
              disguises.page_breaks]
    for trick in rng.sample(tricks, rng.randint(1, len(tricks))):
        copy = trick(copy)
    return copy


def generate(documents: int, chars: int, planted: int, seed: int) -> tuple[list[str], set[tuple[int, int]], dict]:
    """The corpus, its planted pairs (source, copy) and each document's family (a source and its copies: two copies
    of one source are a genuine pair too)."""
    rng = random.Random(seed)
    words = _vocabulary()
    originals = documents - planted
    texts = [_document(rng, words, chars) for _ in range(originals)]
    pairs = set()
    for _ in range(planted):
        source = rng.randrange(originals)
        pairs.add((source, len(texts)))
        texts.append(_disguise(rng, texts[source], words, chars))
    order = list(range(len(texts)))
    rng.shuffle(order)  # copies are not all at the end
    where = {old: new for new, old in enumerate(order)}
    shuffled = [texts[old] for old in order]
    family = {where[b]: where[a] for a, b in pairs}
    family.update({where[a]: where[a] for a, _ in pairs})
    return shuffled, {tuple(sorted((where[a], where[b]))) for a, b in pairs}, family


def indexed(texts: list[str], threshold: float) -> dict:
    from taizhang.similarity.engine import FingerprintIndex, align
    from taizhang.similarity.text import normalise, normalise_with_map

    times = {}
    started = time.perf_counter()
    index = FingerprintIndex(max_df=max(50, len(texts) // 100))
    for text in texts:
        index.add(normalise(text))
    times["normalise_and_index_s"] = time.perf_counter() - started
    step = time.perf_counter()
    candidates = index.candidates(threshold)
    times["candidates_s"] = time.perf_counter() - step
    step = time.perf_counter()
    found = {}
    for a, b in candidates:
        alignment = align(normalise_with_map(texts[a]), normalise_with_map(texts[b]))
        if alignment.score >= threshold:
            found[(a, b)] = alignment.score
    times["verify_s"] = time.perf_counter() - step
    times["total_s"] = time.perf_counter() - started
    return {"times": {k: round(v, 2) for k, v in times.items()}, "candidates": len(candidates), "found": found,
            "fingerprints": sum(index.sizes)}


def all_pairs(texts: list[str], threshold: float) -> dict:
    from taizhang.similarity.engine import K
    from taizhang.similarity.text import normalise

    started = time.perf_counter()
    sets = []
    for text in texts:
        norm = normalise(text)
        sets.append({norm[i:i + K] for i in range(len(norm) - K + 1)})
    prepared = time.perf_counter() - started
    step = time.perf_counter()
    found = {}
    for a in range(len(sets)):
        sa = sets[a]
        for b in range(a + 1, len(sets)):
            sb = sets[b]
            shared = len(sa & sb)
            if shared and shared / (min(len(sa), len(sb)) or 1) >= threshold:
                found[(a, b)] = shared
    compared = time.perf_counter() - step
    n = len(texts)
    return {"prepare_s": round(prepared, 2), "compare_s": round(compared, 2), "pairs": n * (n - 1) // 2,
            "found": found, "per_pair_us": round(compared / max(1, n * (n - 1) // 2) * 1e6, 2),
            "prepare_per_doc_ms": round(prepared / max(1, n) * 1000, 3)}


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def run(documents: int = 10000, chars: int = 3000, planted: int = 300, baseline: int = 500,
        threshold: float = 0.3, seed: int = 7, product: int = 0, db: str | None = None) -> dict:
    started = time.perf_counter()
    texts, planted_pairs, family = generate(documents, chars, planted, seed)
    generated = time.perf_counter() - started

    index = indexed(texts, threshold)
    found = index.pop("found")
    recall = sum(1 for p in planted_pairs if p in found) / len(planted_pairs) if planted_pairs else 1.0
    copies_of_one_source = [p for p in found if p not in planted_pairs and p[0] in family
                            and family.get(p[0]) == family.get(p[1])]
    unrelated = [p for p in found if p not in planted_pairs and p not in copies_of_one_source]

    # The baseline's subset: its first documents plus both sides of some planted pairs, so its recall is measured too.
    chosen = list(range(min(baseline, len(texts))))
    sample_pairs = [p for p in sorted(planted_pairs) if p[0] >= baseline and p[1] >= baseline][: baseline // 20]
    chosen = chosen[: baseline - 2 * len(sample_pairs)] + [i for p in sample_pairs for i in p]
    local = {doc: i for i, doc in enumerate(chosen)}
    sub_planted = {tuple(sorted((local[a], local[b]))) for a, b in planted_pairs if a in local and b in local}
    base = all_pairs([texts[i] for i in chosen], threshold)
    base_found = base.pop("found")
    base_recall = sum(1 for p in sub_planted if p in base_found) / len(sub_planted) if sub_planted else None
    n = len(texts)
    extrapolated = base["prepare_per_doc_ms"] / 1000 * n + base["per_pair_us"] / 1e6 * n * (n - 1) / 2
    result = {
        "documents": n, "chars_per_document": round(sum(map(len, texts)) / n), "planted_pairs": len(planted_pairs),
        "threshold": threshold, "generate_s": round(generated, 1),
        "index": {**index, "pairs_found": len(found), "recall_planted": round(recall, 4),
                  "pairs_copies_of_one_source": len(copies_of_one_source), "pairs_unrelated": len(unrelated)},
        "baseline": {**base, "documents": len(chosen), "planted_pairs_in_subset": len(sub_planted),
                     "recall_planted": base_recall, "extrapolated_s": round(extrapolated, 1),
                     "extrapolated_pairs": n * (n - 1) // 2},
        "ratio_baseline_to_index": round(extrapolated / index["times"]["total_s"], 1),
        "machine": {"nproc": os.cpu_count(), "cpu": _cpu_model(), "python": platform.python_version(),
                    "platform": platform.platform()},
    }
    if product:
        result["product_check"] = product_check(texts, min(product, n - 1), db)
    return result


def product_check(texts: list[str], count: int, db: str | None = None, repeat: int = 5) -> dict:
    """(c): time `material_check_run` for a disguised copy among `count` stored materials."""
    import statistics
    import tempfile

    if db:
        os.environ["TAIZHANG_DATABASE_URL"] = db
    else:
        os.environ["TAIZHANG_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-text-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from taizhang.campaigns.models import Campaign
    from taizhang.materials.models import Material
    from taizhang.orgs.models import Unit
    from taizhang.similarity.engine import fingerprints
    from taizhang.similarity.models import MaterialFingerprint
    from taizhang.similarity.services import material_check_run
    from taizhang.similarity.tests import disguises
    from taizhang.similarity.text import normalise
    from taizhang.testing import build_world

    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        build_world()
    campaign = Campaign.objects.get(slug="test-campaign")
    unit = Unit.objects.get(code="V1")
    started = time.perf_counter()
    rows = Material.objects.bulk_create([Material(campaign=campaign, unit=unit, genre="experience", title=f"材料{i}",
                                                  body=texts[i]) for i in range(count)], batch_size=500)
    if rows[0].pk is None:  # MariaDB does not return the new keys
        rows = list(Material.objects.filter(campaign=campaign).order_by("id"))[-count:]
    prints = []
    for m in rows:
        prints += [MaterialFingerprint(material_id=m.pk, campaign_id=campaign.pk, hash=h)
                   for h in fingerprints(normalise(m.body))]
    MaterialFingerprint.objects.bulk_create(prints, batch_size=5000)
    loaded = time.perf_counter() - started
    copy = Material.objects.create(campaign=campaign, unit=unit, genre="experience", title="抄袭的材料",
                                   body=disguises.numbers_to_x(disguises.paragraphs_reordered(texts[count // 2])))
    runs = []
    for _ in range(repeat):
        step = time.perf_counter()
        check = material_check_run(copy.pk)
        runs.append((time.perf_counter() - step) * 1000)
    from django.db import connection

    return {"database": connection.vendor, "materials": count, "fingerprint_rows": len(prints),
            "load_s": round(loaded, 1), "check_ms_median": round(statistics.median(runs), 1),
            "check_ms_runs": [round(r) for r in runs], "score": check.score,
            "sources": list(check.sources.values_list("material__title", flat=True))}
