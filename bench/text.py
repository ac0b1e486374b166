"""Benchmarks of the Chinese text features, each against its baseline in the same run.

    python -m bench.text [--documents 10000] [--chars 3000] [--planted 300] [--baseline 500] [--product N] --json

similarity — 查重 candidate detection over generated materials with the fingerprint index, against plain
all-pairs comparison on a subset extrapolated to the whole corpus (bench/text_similarity.py).
"""

from __future__ import annotations

import argparse
import json
import sys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="中文文本功能基准测试（材料查重）")
    parser.add_argument("--documents", type=int, default=10000, help="生成的材料份数")
    parser.add_argument("--chars", type=int, default=3000, help="每份材料的大致字数")
    parser.add_argument("--planted", type=int, default=300, help="其中植入的近似重复材料份数")
    parser.add_argument("--baseline", type=int, default=500, help="两两比对基线所用的材料份数")
    parser.add_argument("--threshold", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--product", type=int, default=0,
                        help="另测产品中一次查重的耗时：专项工作中已有这么多份材料（0 表示不测）")
    parser.add_argument("--db", help="--product 所用数据库 URL（默认临时目录下新建的 SQLite）")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from bench import text_similarity

    result = {"similarity": text_similarity.run(documents=args.documents, chars=args.chars, planted=args.planted,
                                                baseline=args.baseline, threshold=args.threshold, seed=args.seed,
                                                product=args.product, db=args.db)}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    sim = result["similarity"]
    # A planted copy missed is a failure of the benchmark run, as a mismatch is in bench.stats.
    return 0 if sim["index"]["recall_planted"] >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())
