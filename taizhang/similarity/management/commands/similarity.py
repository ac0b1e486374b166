"""`taizhang similarity PATH... [--threshold 0.3] --json`: 查重 over files and directories.

Prints {"documents": n, "pairs": [{"a", "b", "score", "shared_chars", "passages"}]} for the pairs sharing at least
the threshold of the shorter document, best first. Exit 1 when a file cannot be read, 2 on wrong usage."""

from __future__ import annotations

from taizhang.cli.base import TaizhangCommand, UsageError


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


class Command(TaizhangCommand):
    help = "材料查重：比对 .txt/.docx/.pdf 文件（或目录中的这些文件），列出重复率不低于阈值的文档对"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("paths", nargs="+", metavar="PATH", help="文件或目录")
        parser.add_argument("--threshold", type=float, default=0.3,
                            help="重复率阈值，0 到 1 之间（默认 0.3：较短文档的 30%% 在另一份中出现）")

    def run(self, paths, threshold=0.3, **options):
        from taizhang.similarity.engine import batch
        from taizhang.similarity.files import collect, read_text

        if not 0 < threshold <= 1:
            raise UsageError(f"--threshold 须在 0 到 1 之间（大于 0），收到 {threshold:g}")
        try:
            files = collect(paths)
        except ValueError as exc:
            raise UsageError(str(exc))
        texts = [read_text(p) for p in files]
        pairs = []
        for a, b, alignment in batch(texts, threshold):
            pairs.append({"a": str(files[a]), "b": str(files[b]), "score": round(alignment.score, 4),
                          "shared_chars": alignment.shared, "passages": alignment.shown()})
        return {"documents": len(files), "threshold": threshold, "pairs": pairs}

    def render_text(self, result):
        lines = [f"共 {result['documents']} 份文档，重复率不低于 {result['threshold'] * 100:g}% 的文档对 "
                 f"{len(result['pairs'])} 对"]
        if result["pairs"]:
            lines.append(f"{'重复率':>6}  {'重复字数':>6}  文档甲 ⇄ 文档乙")
            for pair in result["pairs"]:
                lines.append(f"{pair['score'] * 100:>8.1f}%  {pair['shared_chars']:>8}  {pair['a']} ⇄ {pair['b']}")
                for p in pair["passages"][:3]:
                    lines.append(f"{'':>20}「{_short(p['a']['text'])}」⇄「{_short(p['b']['text'])}」")
                if len(pair["passages"]) > 3:
                    lines.append(f"{'':>20}…… 另有 {len(pair['passages']) - 3} 段重复")
        return "\n".join(lines)
